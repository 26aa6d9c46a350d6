package dev.aioptout.plan;

import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Layout.ExceptionSpec;
import dev.aioptout.layout.Locator;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OuPath;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Suggestions;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A layout read against an organization file ({@code --org}): its OU paths resolved to ids, its
 * adopted policies found, and the plan made with what the organization has. The one place the
 * layout's names for things meet the organization's.
 */
public final class AgainstOrganization {

    /** The plan when there were no errors, and every problem found (warnings included). */
    public record Resolved(PolicyPlan plan, List<Problem> problems) {
        public Resolved {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return plan != null;
        }
    }

    /**
     * A layout proven on an organization: the plan and the organization with its policies on it
     * when there were no errors, and every problem found (warnings included).
     *
     * @param evaluation every account's outcome on {@code planned}, as {@link #prove} found it; null
     *                   from {@link #planned}, and when the checks stopped before evaluating
     */
    public record Proven(PolicyPlan plan, Organization planned, List<Problem> problems, Evaluation evaluation) {
        public Proven {
            problems = List.copyOf(problems);
        }

        Proven(PolicyPlan plan, Organization planned, List<Problem> problems) {
            this(plan, planned, problems, null);
        }

        public boolean ok() {
            return plan != null;
        }
    }

    private static final int CANDIDATES = 3;

    private final Layout layout;
    private final Organization organization;
    private final String orgFile;
    private final List<Problem> problems = new ArrayList<>();
    /** Every OU by its path, and the OUs that share a path with another. */
    private final Map<List<String>, List<OrgNode>> ousByPath = new LinkedHashMap<>();
    /** Where each policy is attached, read once for all adopted policies. */
    private Map<String, List<OrgNode>> nodesByPolicy;

    private AgainstOrganization(Layout layout, Organization organization, String orgFile) {
        this.layout = layout;
        this.organization = organization;
        this.orgFile = orgFile;
        index(organization.root(), new ArrayList<>());
    }

    /** @param orgFile the organization file's name as the user gave it, for messages */
    public static Resolved resolve(Layout layout, Organization organization, String orgFile) {
        return new AgainstOrganization(layout, organization, orgFile).run();
    }

    /**
     * What {@code synth --org} and {@code validate --org} prove: {@link #planned}, whether the
     * stack can carry the organization's enabled policy types ({@link ProviderVersions#check}),
     * then every account on the organization with the layout's policies on it ({@link PlanChecks}),
     * the policies the layout does not manage reported.
     */
    public static Proven prove(Layout layout, Organization organization, String orgFile) {
        return prove(layout, organization, orgFile, plan -> {});
    }

    /**
     * {@link #prove(Layout, Organization, String)}, giving {@code made} the plan as soon as it is
     * made, before the proof: for work on the plan that the proof then lets through or not.
     */
    public static Proven prove(Layout layout, Organization organization, String orgFile, Consumer<PolicyPlan> made) {
        Proven planned = planned(layout, organization, orgFile, made);
        if (!planned.ok()) {
            return planned;
        }
        List<Problem> problems = new ArrayList<>(planned.problems());
        problems.addAll(ProviderVersions.check(layout, organization, orgFile));
        PlanChecks.Checked checked = PlanChecks.checked(planned.plan(), planned.planned());
        problems.addAll(checked.problems());
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new Proven(failed ? null : planned.plan(), planned.planned(), problems, checked.evaluation());
    }

    /**
     * The layout resolved against the organization, proven on the tree the layout implies, and
     * the organization with its policies on it ({@link PlannedOrganization#overlay}): what
     * {@code plan} reports on.
     */
    public static Proven planned(Layout layout, Organization organization, String orgFile) {
        return planned(layout, organization, orgFile, plan -> {});
    }

    private static Proven planned(Layout layout, Organization organization, String orgFile, Consumer<PolicyPlan> made) {
        Resolved checked = checked(layout, organization, orgFile, made);
        if (!checked.ok()) {
            return new Proven(null, null, checked.problems());
        }
        return new Proven(
                checked.plan(), PlannedOrganization.overlay(organization, checked.plan()), checked.problems());
    }

    /**
     * The layout resolved against the organization and proven on the tree the layout implies: what
     * {@code verify} audits against, having read the organization itself.
     */
    public static Resolved checked(Layout layout, Organization organization, String orgFile) {
        return checked(layout, organization, orgFile, plan -> {});
    }

    private static Resolved checked(
            Layout layout, Organization organization, String orgFile, Consumer<PolicyPlan> made) {
        Resolved resolved = resolve(layout, organization, orgFile);
        if (!resolved.ok()) {
            return resolved;
        }
        made.accept(resolved.plan());
        List<Problem> problems = new ArrayList<>(resolved.problems());
        problems.addAll(PlanChecks.check(resolved.plan()));
        return new Resolved(problems.stream().anyMatch(Problem::isError) ? null : resolved.plan(), problems);
    }

    /**
     * What a command that has no organization file says about a layout that needs one: each OU path
     * and, when {@code adoptions} is true, each adopted policy, at its line. ({@code verify} reads
     * the organization itself, and an adopted policy is audited like any other.)
     */
    public static List<Problem> needsOrganization(Layout layout, boolean adoptions) {
        List<Problem> problems = new ArrayList<>();
        String hint = "pass --org ORG.json (the organization file ai-optout snapshot writes)";
        forEachTarget(layout, (pointer, t) -> {
            if (t.unresolved()) {
                problems.add(Problem.error(
                        layout.at(pointer),
                        Locator.field(pointer),
                        "OU path " + t.value() + " can only be resolved from an organization file",
                        hint + ", or name the OU by its ou- id"));
            }
        });
        if (!adoptions) {
            return problems;
        }
        if (layout.policy().adopt() != null) {
            problems.add(adoptNeedsOrganization(
                    layout, "/policy/adopt", layout.policy().adopt(), hint));
        }
        for (ExceptionSpec e : layout.exceptions()) {
            if (e.adopt() != null) {
                problems.add(adoptNeedsOrganization(layout, e.pointer() + "/adopt", e.adopt(), hint));
            }
        }
        return problems;
    }

    private static Problem adoptNeedsOrganization(Layout layout, String pointer, String id, String hint) {
        return Problem.error(
                layout.at(pointer),
                Locator.field(pointer),
                "adopting policy " + id
                        + " needs the organization file: it says where the policy is attached, so the stack"
                        + " imports those attachments and the proof places the policy where it stands",
                hint);
    }

    private Resolved run() {
        List<TargetId> attach = resolved("/attach", layout.attach());
        List<ExceptionSpec> exceptions = new ArrayList<>();
        for (ExceptionSpec e : layout.exceptions()) {
            exceptions.add(e.withTargets(resolved(e.pointer() + "/targets", e.targets())));
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Resolved(null, problems);
        }
        Layout resolvedLayout = layout.withTargets(attach, exceptions);
        PolicyPlan plan = Planner.plan(resolvedLayout, organization);
        plan.all().forEach(this::adopted);
        return new Resolved(problems.stream().anyMatch(Problem::isError) ? null : plan, problems);
    }

    /** The targets with their paths replaced by ids; a target listed twice (as a path and an id) is an error. */
    private List<TargetId> resolved(String pointer, List<TargetId> targets) {
        List<TargetId> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String at = pointer + "/" + i;
            TargetId t = targets.get(i);
            TargetId r = t.unresolved() ? ou(at, t.value()) : t;
            if (r == null) {
                continue;
            }
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).sameTarget(r) && !out.get(j).equals(r)) {
                    error(
                            at,
                            "\"" + t.value() + "\" is " + r.value() + ", which this list names already as \""
                                    + targets.get(j).value() + "\"",
                            "list each target once");
                }
            }
            out.add(r);
        }
        return out;
    }

    private TargetId ou(String pointer, String path) {
        List<OrgNode> found = ousByPath.getOrDefault(OuPath.names(path).orElseThrow(), List.of());
        if (found.size() == 1) {
            return TargetId.resolvedOu(found.get(0).id(), path);
        }
        if (found.size() > 1) {
            error(
                    pointer,
                    "OU path " + path + " is ambiguous in " + orgFile + ": "
                            + String.join(", ", found.stream().map(OrgNode::id).toList())
                            + " have that path",
                    "AWS allows sibling OUs with the same name; name the one you mean by its id");
            return null;
        }
        error(pointer, "OU path " + path + " is not in the organization (" + orgFile + ")", closest(path));
        return null;
    }

    /** The OU paths nearest the one written, by edit distance. */
    private String closest(String path) {
        if (ousByPath.isEmpty()) {
            return "the organization has no OUs; name the OU by its id once it exists";
        }
        List<String> paths =
                new ArrayList<>(ousByPath.keySet().stream().map(OuPath::of).toList());
        paths.sort(Comparator.comparingInt((String p) -> Suggestions.distance(path, p))
                .thenComparing(p -> p));
        List<String> nearest = paths.subList(0, Math.min(CANDIDATES, paths.size()));
        return "closest: " + String.join(", ", nearest)
                + "; names are matched exactly, as AWS shows them (a / inside a name is written \\/)";
    }

    /**
     * An adopted policy must be an AI opt-out policy of this organization; one attached outside the
     * layout's targets keeps those attachments, with its new content, unmanaged by the stack.
     */
    private void adopted(PlannedPolicy p) {
        if (p.adopt() == null) {
            return;
        }
        if (organization.policies().stream().noneMatch(o -> o.id().equals(p.adopt()))) {
            error(
                    p.adoptPointer(),
                    "policy " + p.adopt() + " is not an AI opt-out policy of organization "
                            + Objects.requireNonNullElse(organization.organizationId(), "(no id)") + " in " + orgFile,
                    "the file lists every AI opt-out policy of the organization; a policy of another type (an SCP),"
                            + " of another organization, or one created after the snapshot is not there: check the id"
                            + " (aws organizations list-policies --filter AISERVICES_OPT_OUT_POLICY) or run"
                            + " ai-optout snapshot again");
            return;
        }
        if (nodesByPolicy == null) {
            nodesByPolicy = organization.nodesByPolicy();
        }
        List<String> elsewhere = nodesByPolicy.getOrDefault(p.adopt(), List.of()).stream()
                .filter(node -> !Intent.isTargeted(node, p.targets()))
                .map(node -> node.kind() == NodeKind.ROOT ? "the root (" + node.id() + ")" : node.id())
                .toList();
        if (!elsewhere.isEmpty()) {
            warning(
                    p.adoptPointer(),
                    "policy " + p.adopt() + " is also attached to " + String.join(", ", elsewhere) + ", which "
                            + Locator.field(p.targetsPointer()) + " does not list: those attachments stay, with the"
                            + " new content, and the stack does not manage them (it cannot delete the policy while"
                            + " they exist)",
                    "add them to " + Locator.field(p.targetsPointer()) + " to manage them, or detach them");
        }
    }

    private void index(OrgNode node, List<String> names) {
        for (OrgNode child : node.children()) {
            if (child.kind() != NodeKind.ORGANIZATIONAL_UNIT || child.name() == null) {
                continue;
            }
            names.add(child.name());
            ousByPath
                    .computeIfAbsent(List.copyOf(names), k -> new ArrayList<>())
                    .add(child);
            index(child, names);
            names.remove(names.size() - 1);
        }
    }

    interface TargetVisitor {
        void visit(String pointer, TargetId target);
    }

    /** Every target of the layout with its pointer: the baseline's attach list, then each exception's targets. */
    static void forEachTarget(Layout layout, TargetVisitor visitor) {
        for (int i = 0; i < layout.attach().size(); i++) {
            visitor.visit("/attach/" + i, layout.attach().get(i));
        }
        for (ExceptionSpec e : layout.exceptions()) {
            for (int i = 0; i < e.targets().size(); i++) {
                visitor.visit(e.pointer() + "/targets/" + i, e.targets().get(i));
            }
        }
    }

    private void error(String pointer, String message, String hint) {
        problems.add(Problem.error(layout.at(pointer), Locator.field(pointer), message, hint));
    }

    private void warning(String pointer, String message, String hint) {
        problems.add(Problem.warning(layout.at(pointer), Locator.field(pointer), message, hint));
    }
}
