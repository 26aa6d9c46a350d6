package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.layout.LayoutWriter;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.ChildControl;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.OuPath;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import dev.aioptout.policy.PolicyDocumentParser;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Quotas;
import dev.aioptout.policy.SourceLocation;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The layout {@code ai-optout init} writes from an organization file: it takes over every AI
 * opt-out policy the organization has attached ({@code adopt:}), the root's as the baseline and
 * every other as an exception on the nodes it is attached to, with the narrowest lock that keeps
 * every account's current effective values. Each candidate is written as text, read back as a
 * layout file and proven on the organization exactly as {@code validate --org} does, and kept only
 * when every account ends up as it is today and no lock a policy has today is dropped. What cannot
 * be expressed that way is refused with the reason, never approximated.
 */
public final class InitialLayout {

    /**
     * The layout when one could be written, and why not otherwise.
     *
     * @param notes what a person should know about the written layout (policies left out, why a
     *              narrower lock would not do)
     */
    public record Result(String text, LockLevel lock, List<String> notes, List<Problem> problems) {
        public Result {
            notes = List.copyOf(notes);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return text != null;
        }
    }

    /** An exception name as the layout allows it. */
    private static final int MAX_EXCEPTION_NAME = 48;

    private static final String NAME_PATTERN = "[a-z0-9]+";

    private final Organization org;
    private final String orgFile;
    private final String layoutFile;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, OrgPolicy> policies;
    private final Map<String, PolicyDocument> documents = new HashMap<>();
    /** Every node a policy is attached to, in tree order, by policy id. */
    private final Map<String, List<OrgNode>> attachedTo;
    /** The OU path of every OU and the path of every account's parent, for the comments. */
    private final Map<String, String> paths = new HashMap<>();

    private InitialLayout(Organization org, String orgFile, String layoutFile) {
        this.org = org;
        this.orgFile = orgFile;
        this.layoutFile = layoutFile;
        this.policies = org.policiesById();
        this.attachedTo = org.nodesByPolicy();
        index(org.root(), new ArrayList<>());
    }

    /**
     * @param orgFile    the organization file's name, for the header and messages
     * @param layoutFile the name the layout will have, for the messages of the proof
     */
    public static Result from(Organization org, String orgFile, String layoutFile) {
        return new InitialLayout(org, orgFile, layoutFile).run();
    }

    private Result run() {
        if (org.organizationId() == null) {
            refuse("the organization file has no organizationId", "ai-optout snapshot writes it; add the o-... id");
        }
        Evaluation current = EffectivePolicyEngine.evaluate(org);
        unknownToday(current);
        ignoredToday(current);
        String rootPolicy = rootPolicy();
        for (String id : attachedTo.keySet()) {
            document(id);
        }
        if (!problems.isEmpty()) {
            return refused();
        }
        for (OrgPolicy p : org.policies()) {
            if (!attachedTo.containsKey(p.id())) {
                notes.add("policy " + label(p.id()) + " is attached nowhere, so it decides nothing: left out (delete it"
                        + " if it is not needed)");
            }
        }
        Draft draft = new Draft(rootPolicy);
        if (!problems.isEmpty()) {
            return refused();
        }
        Map<LockLevel, String> whyNot = new LinkedHashMap<>();
        for (LockLevel lock : LockLevel.values()) {
            String text = draft.render(lock, whyNot);
            String reason = unchanged(text, current);
            if (reason == null) {
                whyNot.forEach((l, r) -> notes.add("lock: " + l + " would not do: " + r));
                return new Result(text, lock, notes, problems);
            }
            whyNot.put(lock, reason);
        }
        whyNot.forEach((lock, reason) -> refuse(
                "no layout keeps every account as it is: with lock: " + lock + ", " + reason,
                "change the organization's policies so that one layout can express them (see the README:"
                        + " what init cannot take over), then run init again"));
        return refused();
    }

    private Result refused() {
        return new Result(null, null, notes, problems);
    }

    // ---- what the organization has today ----

    /** An outcome that is not known today cannot be kept: say what makes it unknown. */
    private void unknownToday(Evaluation current) {
        Map<String, Integer> byMessage = new LinkedHashMap<>();
        Map<String, Note> notesByMessage = new HashMap<>();
        for (AccountOutcome a : current.accounts()) {
            for (Note n : a.unknowns()) {
                byMessage.merge(n.message(), 1, Integer::sum);
                notesByMessage.putIfAbsent(n.message(), n);
            }
        }
        byMessage.forEach((message, accounts) -> refuse(
                "the current outcome of " + accounts + (accounts == 1 ? " account" : " accounts")
                        + " is not known, so no layout can keep it: " + message,
                Unknowns.resolution(notesByMessage.get(message))));
    }

    /**
     * A policy whose change AWS ignores today decides nothing there; a layout's exception always
     * takes effect, so taking it over would change the accounts it reaches.
     */
    private void ignoredToday(Evaluation current) {
        Map<String, Integer> byMessage = new LinkedHashMap<>();
        for (AccountOutcome a : current.accounts()) {
            for (Note n : a.notes()) {
                if (n.kind() == Note.Kind.IGNORED_CHANGE) {
                    byMessage.merge(n.message(), 1, Integer::sum);
                }
            }
        }
        byMessage.forEach(
                (message, accounts) -> refuse(
                        "a change AWS ignores today, for " + accounts + (accounts == 1 ? " account" : " accounts")
                                + ": " + message,
                        "a layout's exceptions always take effect, so taking this policy over would change those accounts;"
                                + " detach it (it changes nothing there today), or unlock what it changes, then run init again"));
    }

    /** The one policy attached to the root, which becomes the baseline. */
    private String rootPolicy() {
        List<String> atRoot = org.root().policyIds();
        if (atRoot.size() == 1) {
            return atRoot.get(0);
        }
        if (atRoot.isEmpty()) {
            refuse(
                    attachedTo.isEmpty()
                            ? "the organization has no AI opt-out policy attached anywhere: there is nothing to take over"
                            : "no AI opt-out policy is attached to the root, and a layout's baseline always is",
                    attachedTo.isEmpty()
                            ? "write a layout (see the README) and ai-optout synth creates the policy"
                            : "attach one policy to the root first (one that sets \"default\" to the value the accounts"
                                    + " have today), or write the layout by hand");
            return null;
        }
        refuse(
                atRoot.size() + " AI opt-out policies are attached to the root: "
                        + String.join(", ", atRoot.stream().map(this::label).toList()),
                "a layout has one baseline at the root; merge them into one policy and detach the others,"
                        + " then run init again");
        return null;
    }

    private PolicyDocument document(String id) {
        return documents.computeIfAbsent(id, k -> {
            OrgPolicy p = policies.get(k);
            PolicyDocumentParser.Parsed parsed = p == null ? null : PolicyDocumentParser.parse(p.content(), k);
            if (parsed == null || !parsed.ok()) {
                refuse("policy " + label(k) + " cannot be read", "fix its document or detach it");
                return null;
            }
            return parsed.document();
        });
    }

    // ---- the layout ----

    /** What every candidate shares; only the lock differs. */
    private final class Draft {
        final String baselineId;
        final String policyName;
        final OptValue defaultValue;
        final SortedMap<String, OptValue> services;
        final List<OrgNode> baselineTargets;
        final List<String> exceptionIds = new ArrayList<>();
        final Map<String, String> exceptionNames = new HashMap<>();

        Draft(String baselineId) {
            this.baselineId = baselineId;
            PolicyDocument doc = documents.get(baselineId);
            ServiceEntry def = doc.services().get(PolicyDocument.DEFAULT_KEY);
            defaultValue = def == null || def.optOutPolicy() == null
                    ? null
                    : def.optOutPolicy().assign();
            if (defaultValue == null) {
                refuse(
                        "the root's policy " + label(baselineId) + " sets no value for \"default\", and a layout's"
                                + " baseline always does (accounts have no organization setting for services it does"
                                + " not name today)",
                        "add \"default\": {\"opt_out_policy\": {\"@@assign\": \"optOut\"}} (or optIn, the value you"
                                + " mean) to that policy, or write the layout by hand");
            }
            services = values(baselineId, false);
            baselineTargets = attachedTo.get(baselineId);
            Set<String> used = new HashSet<>();
            for (String id : attachedTo.keySet()) {
                if (id.equals(baselineId)) {
                    continue;
                }
                exceptionIds.add(id);
                if (values(id, true).isEmpty()) {
                    refuse(
                            "policy " + label(id) + " sets no value (it only has child controls), and a layout's"
                                    + " exception sets at least one",
                            "detach it, or merge its controls into the root's policy, then run init again");
                }
                exceptionNames.put(id, exceptionName(id, used));
            }
            policyName = baselineName(
                    baselineId,
                    exceptionNames.values().stream()
                            .mapToInt(String::length)
                            .max()
                            .orElse(0));
        }

        /** The layout with this lock; {@code whyNot} holds why each narrower lock would not keep the accounts as they are. */
        String render(LockLevel lock, Map<LockLevel, String> whyNot) {
            List<String> header = List.of(
                    "Written by ai-optout init from " + orgFile + " (organization " + org.organizationId() + ").",
                    "It takes over the AI opt-out policies the organization has (adopt), so that applying it",
                    "changes their documents only by the lock below; their names, descriptions and tags become",
                    "the layout's. Review it, then: ai-optout synth --org " + orgFile);
            List<String> lockNotes = new ArrayList<>();
            whyNot.forEach((l, reason) -> lockNotes.add("lock: " + l + " would change an account: " + reason));
            LayoutWriter.Policy policy = new LayoutWriter.Policy(
                    new LayoutWriter.Commented<>(
                            baselineId, quoted(policies.get(baselineId).name()) + ", attached to the root"),
                    policyName,
                    defaultValue,
                    lockNotes,
                    new LayoutWriter.Commented<>(lock, "the narrowest lock that keeps every account's current values"),
                    services);
            List<LayoutWriter.ExceptionEntry> exceptions = new ArrayList<>();
            for (String id : exceptionIds) {
                exceptions.add(new LayoutWriter.ExceptionEntry(
                        exceptionNames.get(id),
                        new LayoutWriter.Commented<>(id, quoted(policies.get(id).name())),
                        targets(attachedTo.get(id)),
                        values(id, true),
                        "imported from " + id + "; review"));
            }
            return LayoutWriter.write(new LayoutWriter.Draft(
                    header,
                    Layout.Kind.MULTI_OU,
                    new Layout.OrganizationSpec(Layout.Mode.ADOPT, org.organizationId()),
                    policy,
                    targets(baselineTargets),
                    exceptions));
        }

        /** The nodes as targets, each with what it is: the OU's path, the account's name and where it is. */
        private List<LayoutWriter.Commented<TargetId>> targets(List<OrgNode> nodes) {
            List<LayoutWriter.Commented<TargetId>> targets = new ArrayList<>();
            for (OrgNode node : nodes) {
                targets.add(
                        switch (node.kind()) {
                            case ROOT -> new LayoutWriter.Commented<>(TargetId.ROOT, null);
                            case ORGANIZATIONAL_UNIT ->
                                new LayoutWriter.Commented<>(
                                        new TargetId(NodeKind.ORGANIZATIONAL_UNIT, node.id()),
                                        "OU " + paths.get(node.id()));
                            case ACCOUNT ->
                                new LayoutWriter.Commented<>(
                                        new TargetId(NodeKind.ACCOUNT, node.id()),
                                        "account " + quoted(node.name()) + " in " + paths.get(node.id()));
                        });
            }
            return targets;
        }
    }

    /** The values a policy sets, {@code default} included only for an exception; a key a layout cannot hold is refused. */
    private SortedMap<String, OptValue> values(String id, boolean withDefault) {
        SortedMap<String, OptValue> out = new TreeMap<>();
        documents.get(id).services().forEach((key, entry) -> {
            OptValue value =
                    entry.optOutPolicy() == null ? null : entry.optOutPolicy().assign();
            if (value == null || (!withDefault && PolicyDocument.DEFAULT_KEY.equals(key))) {
                return;
            }
            if (!key.matches(NAME_PATTERN)) {
                refuse(
                        "policy " + label(id) + " sets service key \"" + key + "\", which a layout cannot hold"
                                + " (service keys are lowercase letters and digits)",
                        "fix the key in that policy (AWS ignores keys it does not know), then run init again");
                return;
            }
            out.put(key, value);
        });
        return out;
    }

    /**
     * The root policy's own name when a layout file accepts it (read by the layout file's own
     * rules) and it leaves room for every exception's policy name; else the default name.
     */
    private String baselineName(String id, int longestException) {
        String name = policies.get(id).name();
        boolean fits = name != null
                && name.length() + Layout.ExceptionSpec.POLICY_NAME_INFIX.length() + longestException
                        <= Quotas.MAX_POLICY_NAME
                && LayoutFile.parse(
                                layoutFile,
                                "version: 1\npolicy:\n  name: " + CanonicalJson.write(name) + "\n",
                                LayoutOptions.defaults())
                        .ok();
        if (!fits) {
            notes.add("the root's policy " + label(id) + " is named " + LayoutDefaults.POLICY_NAME
                    + " in the layout: a layout cannot hold its name (or not with the exceptions' names)");
        }
        return fits ? name : LayoutDefaults.POLICY_NAME;
    }

    /** A unique exception name made from the policy's name (else its id): lowercase letters, digits and '-'. */
    private String exceptionName(String id, Set<String> used) {
        String name = policies.get(id).name();
        String base = slug(name == null ? "" : name);
        if (base.isEmpty()) {
            base = slug(id);
        }
        String candidate = base;
        for (int n = 2; !used.add(candidate); n++) {
            String suffix = "-" + n;
            candidate = trim(base.substring(0, Math.min(base.length(), MAX_EXCEPTION_NAME - suffix.length()))) + suffix;
        }
        return candidate;
    }

    private static String slug(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return trim(lower.substring(0, Math.min(lower.length(), MAX_EXCEPTION_NAME)));
    }

    private static String trim(String text) {
        return text.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    // ---- the proof ----

    /**
     * Null when the layout, read back and proven on the organization as {@code validate --org}
     * does, keeps every account's values and every lock a policy has today; else why not.
     */
    private String unchanged(String text, Evaluation current) {
        LayoutFile.Loaded loaded = LayoutFile.parse(layoutFile, text, LayoutOptions.defaults());
        if (!loaded.ok()) {
            throw new IllegalStateException("init wrote a layout that does not read back: "
                    + loaded.problems().stream().map(Problem::format).toList());
        }
        AgainstOrganization.Proven proven = AgainstOrganization.prove(loaded.layout(), org, orgFile);
        if (!proven.ok()) {
            return proven.problems().stream()
                    .filter(Problem::isError)
                    .findFirst()
                    .map(Problem::message)
                    .orElseThrow();
        }
        Evaluation after = proven.evaluation();
        for (int i = 0; i < current.accounts().size(); i++) {
            AccountOutcome before = current.accounts().get(i);
            AccountOutcome now = after.accounts().get(i);
            List<EffectivePolicy.Difference> differences = now.effective().differencesFrom(before.effective());
            if (!differences.isEmpty()) {
                EffectivePolicy.Difference d = differences.get(0);
                return "account " + label(before.account()) + " would get \"" + d.key() + "\" "
                        + (d.actual() == null ? "unset" : d.actual().json()) + " instead of "
                        + (d.intended() == null ? "unset" : d.intended().json());
            }
        }
        for (PlannedPolicy p : proven.plan().all()) {
            String dropped = droppedLock(documents.get(p.adopt()), p.document());
            if (dropped != null) {
                return "policy " + label(p.adopt()) + " " + dropped + " today, which the layout's document would not";
            }
        }
        return null;
    }

    /**
     * A lock the policy has today that its new document drops: each child control that stops
     * {@code @@assign} must still do so at the same place. Controls that allow it lock nothing.
     */
    static String droppedLock(PolicyDocument before, PolicyDocument after) {
        if (locks(before.servicesControl()) && !locks(after.servicesControl())) {
            return "locks adding service keys (\"services\")";
        }
        for (Map.Entry<String, ServiceEntry> e : before.services().entrySet()) {
            ServiceEntry now = after.services().get(e.getKey());
            if (locks(e.getValue().control()) && (now == null || !locks(now.control()))) {
                return "locks keys under \"" + e.getKey() + "\"";
            }
            OptOutSetting was = e.getValue().optOutPolicy();
            OptOutSetting is = now == null ? null : now.optOutPolicy();
            if (was != null && locks(was.control()) && (is == null || !locks(is.control()))) {
                return "locks the value of \"" + e.getKey() + "\"";
            }
        }
        return null;
    }

    private static boolean locks(ChildControl control) {
        return control != null && !control.allowsAssign();
    }

    // ---- helpers ----

    private void index(OrgNode node, List<String> names) {
        String here = names.isEmpty() ? "/" : OuPath.of(names);
        if (node.kind() == NodeKind.ACCOUNT) {
            paths.put(node.id(), here);
            return;
        }
        if (node.kind() == NodeKind.ORGANIZATIONAL_UNIT) {
            paths.put(node.id(), here);
        }
        for (OrgNode child : node.children()) {
            boolean ou = child.kind() == NodeKind.ORGANIZATIONAL_UNIT;
            if (ou) {
                names.add(child.name() == null ? child.id() : child.name());
            }
            index(child, names);
            if (ou) {
                names.remove(names.size() - 1);
            }
        }
    }

    /** A policy with its name, as messages show it. */
    private String label(String policyId) {
        OrgPolicy p = policies.get(policyId);
        return p == null || p.name() == null ? policyId : "\"" + p.name() + "\" (" + policyId + ")";
    }

    private static String label(OrgNode account) {
        return account.name() == null ? account.id() : "\"" + account.name() + "\" (" + account.id() + ")";
    }

    private static String quoted(String name) {
        return name == null ? "(no name)" : "\"" + name + "\"";
    }

    private void refuse(String message, String hint) {
        problems.add(Problem.error(SourceLocation.file(orgFile), "", message, hint));
    }
}
