package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.engine.Origin;
import dev.aioptout.engine.Setting;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.ShellCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The AI opt-out policies already in an organization that a layout does not manage (it neither
 * creates nor adopts them), attached where they matter: to a node the layout attaches to, or above
 * (or on) an account it judges. For each: where it stands, what it decides for the accounts below
 * it, and whether it changes any account's outcome: the organization is proven once more without
 * all of them, and, for each that had a part in an account that came out differently, once without
 * that attachment alone. {@code plan}, {@code validate} and {@code synth} report the same findings.
 */
public final class UnmanagedPolicies {

    /**
     * @param accountsChanged the accounts whose outcome differs when every policy the layout does not
     *                        manage is detached: what the layout's proof would lose without them
     */
    public record Report(List<Finding> findings, int accountsChanged) {
        public static final Report NONE = new Report(List.of(), 0);

        public Report {
            findings = List.copyOf(findings);
        }

        /** Whether some account's outcome depends on the policies the layout does not manage. */
        public boolean dependsOnUnmanaged() {
            return accountsChanged > 0;
        }
    }

    /** One service key the policy decides, with its value, for this many accounts. */
    public record Decision(String key, OptValue value, int accounts) {}

    /**
     * One unmanaged policy attached to one node.
     *
     * @param accountsBelow the accounts at or below the node
     * @param position      where it stands among the layout's policies at that node; null when the layout attaches none there
     * @param decides       the keys whose value it sets for accounts below it, sorted
     * @param blocks        accounts where its lock, or its earlier attachment, keeps another policy's change from taking effect
     * @param orderUnknown  accounts whose value depends on its attachment order, which is not known
     * @param undocumented accounts whose outcome is unknown through it: an undocumented child control, an unreadable document
     * @param changed       accounts whose outcome (values, or whether it can be known) differs without this attachment
     */
    public record Finding(
            String policyId,
            String policyName,
            String nodeId,
            String nodeName,
            NodeKind nodeKind,
            int accountsBelow,
            String position,
            List<Decision> decides,
            int blocks,
            int orderUnknown,
            int undocumented,
            int changed) {

        public Finding {
            decides = List.copyOf(decides);
        }

        public boolean changesOutcome() {
            return changed > 0;
        }

        /** One sentence: the policy, the node, its place, what it decides, and whether it changes anything. */
        public String describe() {
            StringBuilder out = new StringBuilder(new Origin(policyId, policyName, nodeId, nodeName).describe());
            if (position != null) {
                out.append(", ").append(position);
            }
            out.append(": ");
            List<String> parts = new ArrayList<>();
            for (Decision d : decides) {
                parts.add("it decides \"" + d.key() + "\" (" + d.value().json() + ") for " + share(d.accounts()));
            }
            if (blocks > 0) {
                parts.add("it keeps another policy's change from taking effect for " + share(blocks));
            }
            if (orderUnknown > 0) {
                parts.add(
                        "what it decides depends on an attachment order that is not known for " + share(orderUnknown));
            }
            if (parts.isEmpty()) {
                parts.add(
                        accountsBelow == 0
                                ? "it decides nothing (no account is below it)"
                                : "it decides nothing for the " + accountsBelow
                                        + (accountsBelow == 1 ? " account" : " accounts")
                                        + " below it (every value it sets is set the same way before it, or changed"
                                        + " below it)");
            }
            out.append(String.join("; ", parts));
            out.append(
                    changed > 0
                            ? "; without it " + changed + (changed == 1 ? " account" : " accounts")
                                    + " would end up differently"
                            : "; every account would end up the same without it");
            return out.toString();
        }

        /** What to do about it: adopt it so the layout manages it, or detach it. */
        public String hint() {
            String adopt = nodeKind == NodeKind.ROOT ? "policy.adopt: " + policyId : "exceptions[].adopt: " + policyId;
            return "adopt it (" + adopt + ") so the layout manages it, or detach it ("
                    + ShellCommand.of(
                            "aws", "organizations", "detach-policy", "--policy-id", policyId, "--target-id", nodeId)
                    + ")";
        }

        private String share(int accounts) {
            if (accounts == accountsBelow) {
                return accountsBelow == 1 ? "the account below it" : "every account below it (" + accountsBelow + ")";
            }
            return accounts + " of the " + accountsBelow + " accounts below it";
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", policyId);
            json.put("name", policyName);
            json.put("node", nodeId);
            json.put("nodeName", nodeName);
            json.put("position", position);
            json.put("accounts", accountsBelow);
            List<Map<String, Object>> decided = new ArrayList<>();
            for (Decision d : decides) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("key", d.key());
                one.put("value", d.value().json());
                one.put("accounts", d.accounts());
                decided.add(one);
            }
            json.put("decides", decided);
            json.put("blocks", blocks);
            json.put("orderUnknown", orderUnknown);
            json.put("undocumentedControl", undocumented);
            json.put("changesOutcome", changed);
            json.put("message", describe());
            return json;
        }
    }

    private UnmanagedPolicies() {}

    /**
     * @param planned    the organization with the plan's policies on it ({@link PlannedOrganization#overlay})
     * @param evaluation the engine's evaluation of {@code planned}
     */
    public static Report of(PolicyPlan plan, Organization planned, Evaluation evaluation) {
        Set<String> managed = new HashSet<>();
        plan.all().forEach(p -> managed.add(p.plannedId()));
        Map<String, Integer> accountsBelow = new HashMap<>();
        count(planned.root(), accountsBelow);
        Set<String> targeted = new HashSet<>();
        plan.all()
                .forEach(p -> p.targets()
                        .forEach(t -> targeted.add(t.isRoot() ? planned.root().id() : t.value())));

        // Each unmanaged attachment that matters, in tree order.
        Map<Organization.Attachment, Attached> attached = new LinkedHashMap<>();
        List<OrgNode> nodes = new ArrayList<>();
        collect(planned.root(), nodes);
        Map<String, OrgPolicy> policies = planned.policiesById();
        for (OrgNode node : nodes) {
            if (accountsBelow.getOrDefault(node.id(), 0) == 0 && !targeted.contains(node.id())) {
                continue;
            }
            for (String id : node.policyIds()) {
                if (!managed.contains(id)) {
                    attached.putIfAbsent(
                            new Organization.Attachment(node.id(), id),
                            new Attached(id, node, position(planned, node, managed)));
                }
            }
        }
        if (attached.isEmpty()) {
            return Report.NONE;
        }

        Evaluation without = EffectivePolicyEngine.evaluate(detach(planned, (node, id) -> !managed.contains(id)));
        int accountsChanged = 0;
        for (int i = 0; i < evaluation.accounts().size(); i++) {
            AccountOutcome with = evaluation.accounts().get(i);
            boolean changed = changed(with, without.accounts().get(i));
            accountsChanged += changed ? 1 : 0;
            Set<Attached> involved = new HashSet<>();
            for (Map.Entry<String, Setting> s : with.effective().settings().entrySet()) {
                Attached t = tally(attached, s.getValue().setBy());
                if (t != null) {
                    t.decided.computeIfAbsent(s.getKey(), k -> new int[1])[0]++;
                    t.values.put(s.getKey(), s.getValue().value());
                    involved.add(t);
                }
            }
            Set<Attached> blocking = new HashSet<>();
            Set<Attached> ordered = new HashSet<>();
            Set<Attached> undocumented = new HashSet<>();
            for (Note n : with.notes()) {
                Attached byBlocker = tally(attached, n.blocking());
                Attached bySource = tally(attached, n.source());
                switch (n.kind()) {
                    case ORDER_DEPENDENT -> {
                        addIfPresent(ordered, byBlocker);
                        addIfPresent(ordered, bySource);
                    }
                    case IGNORED_CHANGE -> addIfPresent(blocking, byBlocker);
                    case UNDOCUMENTED_CONTROL, UNREADABLE_POLICY -> {
                        addIfPresent(undocumented, byBlocker);
                        addIfPresent(undocumented, bySource);
                    }
                }
            }
            blocking.forEach(t -> t.blocks++);
            ordered.forEach(t -> t.orderUnknown++);
            undocumented.forEach(t -> t.undocumented++);
            involved.addAll(blocking);
            involved.addAll(ordered);
            involved.addAll(undocumented);
            if (changed) {
                involved.forEach(t -> t.candidate = true);
            }
        }
        for (Attached t : attached.values()) {
            if (t.candidate) {
                Evaluation alone = EffectivePolicyEngine.evaluate(
                        detach(planned, (node, id) -> id.equals(t.policyId) && node.equals(t.node.id())));
                for (int i = 0; i < evaluation.accounts().size(); i++) {
                    t.changed += changed(
                                    evaluation.accounts().get(i),
                                    alone.accounts().get(i))
                            ? 1
                            : 0;
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Attached t : attached.values()) {
            List<Decision> decides = new ArrayList<>();
            new TreeMap<>(t.decided).forEach((k, n) -> decides.add(new Decision(k, t.values.get(k), n[0])));
            OrgPolicy policy = policies.get(t.policyId);
            findings.add(new Finding(
                    t.policyId,
                    policy == null ? null : policy.name(),
                    t.node.id(),
                    t.node.name(),
                    t.node.kind(),
                    accountsBelow.getOrDefault(t.node.id(), 0),
                    t.position,
                    decides,
                    t.blocks,
                    t.orderUnknown,
                    t.undocumented,
                    t.changed));
        }
        return new Report(findings, accountsChanged);
    }

    /** Known values and whether the outcome can be known: what a person reading the verdict relies on. */
    private static boolean changed(AccountOutcome with, AccountOutcome without) {
        return !with.effective().differencesFrom(without.effective()).isEmpty()
                || with.unknowns().isEmpty() != without.unknowns().isEmpty();
    }

    private static String position(Organization planned, OrgNode node, Set<String> managed) {
        List<String> layoutHere =
                node.policyIds().stream().filter(managed::contains).toList();
        if (layoutHere.isEmpty()) {
            return null;
        }
        boolean allAppended = layoutHere.stream()
                .allMatch(id -> planned.appended().contains(new Organization.Attachment(node.id(), id)));
        if (allAppended) {
            return "before the layout's policies there (the first attached wins)";
        }
        return "beside a policy the layout adopts, in an order that is not known";
    }

    /** The planned organization with the attachments {@code detached} picks (node id, policy id) taken off. */
    private static Organization detach(Organization planned, BiPredicate<String, String> detached) {
        return new Organization(
                planned.organizationId(),
                planned.rootId(),
                planned.enabledPolicyTypes(),
                planned.policies(),
                detach(planned.root(), detached),
                planned.attachmentOrderKnown(),
                planned.appended());
    }

    private static OrgNode detach(OrgNode node, BiPredicate<String, String> detached) {
        return node.withPolicies(node.policyIds().stream()
                        .filter(id -> !detached.test(node.id(), id))
                        .toList())
                .withChildren(
                        node.children().stream().map(c -> detach(c, detached)).toList());
    }

    private static int count(OrgNode node, Map<String, Integer> below) {
        int n = node.kind() == NodeKind.ACCOUNT ? 1 : 0;
        for (OrgNode c : node.children()) {
            n += count(c, below);
        }
        below.put(node.id(), n);
        return n;
    }

    private static void collect(OrgNode node, List<OrgNode> out) {
        out.add(node);
        node.children().forEach(c -> collect(c, out));
    }

    private static Attached tally(Map<Organization.Attachment, Attached> attached, Origin origin) {
        return origin == null ? null : attached.get(new Organization.Attachment(origin.nodeId(), origin.policyId()));
    }

    private static void addIfPresent(Set<Attached> set, Attached t) {
        if (t != null) {
            set.add(t);
        }
    }

    /** What is counted for one attachment while the accounts are read. */
    private static final class Attached {
        final String policyId;
        final OrgNode node;
        final String position;
        final Map<String, int[]> decided = new HashMap<>();
        final Map<String, OptValue> values = new HashMap<>();
        int blocks;
        int orderUnknown;
        int undocumented;
        /** It had a part in an account that came out differently without every unmanaged policy. */
        boolean candidate;

        int changed;

        Attached(String policyId, OrgNode node, String position) {
            this.policyId = policyId;
            this.node = node;
            this.position = position;
        }
    }
}
