package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Locator;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Quotas;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Proves a plan before anything is applied: documents within AWS's size limit, no target over
 * the attachment quota, and, through the effective-policy engine, every account ending up with
 * exactly what the layout says. A layout whose exceptions or baseline would not take effect is
 * refused with the lock or attachment that stops it.
 */
public final class PlanChecks {

    private PlanChecks() {}

    /** Against the tree the layout implies (no organization given). */
    public static List<Problem> check(PolicyPlan plan) {
        return check(plan, PlannedOrganization.minimal(plan));
    }

    /**
     * Against an organization that already carries the plan's policies ({@link PlannedOrganization#overlay}):
     * the structural checks, then every account whose outcome is not known (an unknown attachment
     * order, an undocumented child control) or differs from the layout's intent.
     */
    public static List<Problem> check(PolicyPlan plan, Organization planned) {
        return checked(plan, planned).problems();
    }

    /**
     * The problems, and the evaluation they were found in (null when a structural error stopped the
     * checks before it), for a caller that goes on to read the outcomes.
     */
    record Checked(List<Problem> problems, Evaluation evaluation) {}

    static Checked checked(PolicyPlan plan, Organization planned) {
        List<Problem> problems = new ArrayList<>(structural(plan, planned));
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Checked(problems, null);
        }
        Set<Problem> refused = new LinkedHashSet<>();
        Evaluation evaluation = EffectivePolicyEngine.evaluate(planned);
        for (AccountVerdict verdict : Verdicts.judge(plan, evaluation)) {
            List<Note> unknowns = verdict.outcome().unknowns();
            if (!unknowns.isEmpty()) {
                // What the account gets is a guess: its differences would be too.
                unknowns.forEach(n -> refused.add(unproven(plan, n)));
                continue;
            }
            for (int i = 0; i < verdict.differences().size(); i++) {
                refused.add(explain(
                        plan,
                        verdict.outcome(),
                        verdict.differences().get(i),
                        verdict.causes().get(i)));
            }
        }
        problems.addAll(refused);
        problems.addAll(unmanaged(plan, planned, evaluation, refused.isEmpty()));
        return new Checked(problems, evaluation);
    }

    /**
     * Each policy the layout does not manage that is attached where it matters: a warning, and an
     * error when the outcome depends on it (an account comes out differently without it, in its
     * values or in whether they can be known), since such a proof rests on a policy the stack does
     * not control; one error for several that matter only together. When the proof failed already,
     * its errors say what went wrong and these are warnings beside them.
     */
    private static List<Problem> unmanaged(
            PolicyPlan plan, Organization planned, Evaluation evaluation, boolean provenOtherwise) {
        UnmanagedPolicies.Report report = UnmanagedPolicies.of(plan, planned, evaluation);
        boolean refuse = provenOtherwise && report.dependsOnUnmanaged();
        List<Problem> problems = new ArrayList<>();
        for (UnmanagedPolicies.Finding f : report.findings()) {
            problems.add(
                    refuse && f.changesOutcome()
                            ? Problem.error(
                                    null,
                                    "organization",
                                    "the outcome depends on a policy the layout does not manage: " + f.describe(),
                                    f.hint())
                            : Problem.warning(
                                    null,
                                    "organization",
                                    "a policy the layout does not manage: " + f.describe(),
                                    f.hint()));
        }
        if (refuse && report.findings().stream().noneMatch(UnmanagedPolicies.Finding::changesOutcome)) {
            problems.add(Problem.error(
                    null,
                    "organization",
                    "the outcome depends on the policies the layout does not manage, together: without them "
                            + report.accountsChanged() + " account(s) would end up differently",
                    "adopt them so the layout manages them, or detach them"));
        }
        return problems;
    }

    /**
     * What makes a plan impossible to apply whatever the outcome: oversized documents, targets the
     * organization lacks, more than five policies on one target, OUs nested deeper than AWS allows,
     * and documents in the organization that do not parse.
     */
    public static List<Problem> structural(PolicyPlan plan, Organization planned) {
        Set<Problem> problems = new LinkedHashSet<>();
        Layout layout = plan.layout();
        for (PlannedPolicy p : plan.all()) {
            if (p.content().length() > Quotas.MAX_DOCUMENT_CHARS) {
                problems.add(Problem.error(
                        layout.at(p.pointer()),
                        Locator.field(p.pointer()),
                        p.label() + " is " + p.content().length() + " characters of JSON",
                        "AWS accepts at most " + Quotas.MAX_DOCUMENT_CHARS
                                + " per AI opt-out policy; list fewer services"));
            }
        }
        missingTargets(plan, planned.root(), problems);
        attachmentQuota(plan, planned.root(), problems);
        depth(planned.root(), 0, problems);
        organizationQuotas(plan, planned, problems);
        // Unknown service keys in the plan's own documents were already reported against the layout file.
        EffectivePolicyEngine.problems(planned).stream()
                .filter(Problem::isError)
                .forEach(problems::add);
        return new ArrayList<>(problems);
    }

    /** AWS's limits for a whole organization: AI opt-out policies in it (existing and planned) and OUs. */
    private static void organizationQuotas(PolicyPlan plan, Organization planned, Set<Problem> problems) {
        int policies = planned.policies().size();
        if (policies > Quotas.MAX_POLICIES_PER_ORGANIZATION) {
            String pointer = plan.exceptions().isEmpty() ? "/policy" : "/exceptions";
            problems.add(Problem.error(
                    plan.layout().at(pointer),
                    Locator.field(pointer),
                    "the organization would hold " + policies + " AI opt-out policies",
                    "AWS allows at most " + Quotas.MAX_POLICIES_PER_ORGANIZATION
                            + " per organization; merge exceptions that change the same services"));
        }
        int ous = countOus(planned.root());
        if (ous > Quotas.MAX_OUS) {
            problems.add(Problem.error(
                    null,
                    "organization",
                    "the organization has " + ous + " OUs",
                    "AWS allows at most " + Quotas.MAX_OUS + " OUs in an organization; check the organization file"));
        }
    }

    private static int countOus(OrgNode node) {
        int own = node.kind() == NodeKind.ORGANIZATIONAL_UNIT ? 1 : 0;
        return own + node.children().stream().mapToInt(PlanChecks::countOus).sum();
    }

    private static void depth(OrgNode node, int level, Set<Problem> problems) {
        if (node.kind() == NodeKind.ORGANIZATIONAL_UNIT && level > Quotas.MAX_OU_DEPTH) {
            problems.add(Problem.error(
                    null,
                    "organization",
                    "OU " + node.id() + " is nested " + level + " levels under the root",
                    "AWS allows at most " + Quotas.MAX_OU_DEPTH + " levels; check the organization file"));
        }
        node.children().forEach(c -> depth(c, level + 1, problems));
    }

    /** A target the organization does not have would fail at apply time; {@link PlannedOrganization#overlay} leaves it out. */
    private static void missingTargets(PolicyPlan plan, OrgNode root, Set<Problem> problems) {
        Set<String> ids = new HashSet<>();
        collectIds(root, ids);
        for (PlannedPolicy p : plan.all()) {
            String list = p.targetsPointer();
            for (int i = 0; i < p.targets().size(); i++) {
                TargetId t = p.targets().get(i);
                if (!t.isRoot() && !ids.contains(t.value())) {
                    String pointer = list + "/" + i;
                    problems.add(Problem.error(
                            plan.layout().at(pointer),
                            Locator.field(pointer),
                            (t.kind() == NodeKind.ACCOUNT ? "account " : "OU ") + t.value()
                                    + " is not in the organization",
                            "check the id against the organization (aws organizations list-accounts,"
                                    + " list-organizational-units-for-parent), or remove it"));
                }
            }
        }
    }

    private static void collectIds(OrgNode node, Set<String> ids) {
        ids.add(node.id());
        node.children().forEach(c -> collectIds(c, ids));
    }

    private static void attachmentQuota(PolicyPlan plan, OrgNode node, Set<Problem> problems) {
        if (node.policyIds().size() > Quotas.MAX_POLICIES_PER_TARGET) {
            PlannedPolicy last = plan.byPlannedId(
                            node.policyIds().get(node.policyIds().size() - 1))
                    .orElse(plan.baseline());
            problems.add(
                    Problem.error(
                            plan.layout().at(targetPointer(last, node)),
                            Locator.field(targetPointer(last, node)),
                            node.policyIds().size() + " AI opt-out policies would be attached directly to " + node.id(),
                            "AWS allows at most " + Quotas.MAX_POLICIES_PER_TARGET
                                    + " per root, OU or account (inherited ones do not count); merge exceptions that share targets"));
        }
        node.children().forEach(c -> attachmentQuota(plan, c, problems));
    }

    private static String targetPointer(PlannedPolicy p, OrgNode node) {
        String list = p.targetsPointer();
        for (int i = 0; i < p.targets().size(); i++) {
            TargetId t = p.targets().get(i);
            if (Intent.isTargeted(node, List.of(t))) {
                return list + "/" + i;
            }
        }
        return list;
    }

    /**
     * A proof that rests on something not known, named at the planned policy concerned (else the
     * baseline); the same for every account below the node, so it is reported once.
     */
    private static Problem unproven(PolicyPlan plan, Note unknown) {
        PlannedPolicy culprit = plan.byPlannedId(unknown.source().policyId())
                .or(() -> Optional.ofNullable(unknown.blocking()).flatMap(b -> plan.byPlannedId(b.policyId())))
                .orElse(plan.baseline());
        return Problem.error(
                plan.layout().at(culprit.pointer()),
                Locator.field(culprit.pointer()),
                "the outcome cannot be proven: " + unknown.message(),
                Unknowns.resolution(unknown));
    }

    /** Names the planned policy whose intent fails, and the lock or attachment that defeats it. */
    private static Problem explain(
            PolicyPlan plan, AccountOutcome outcome, EffectivePolicy.Difference d, AccountVerdict.Cause cause) {
        // The planned policy whose change was lost, else the baseline (whose value did not hold).
        PlannedPolicy culprit = Optional.ofNullable(cause.note())
                .flatMap(n -> plan.byPlannedId(n.source().policyId()))
                .orElse(plan.baseline());
        String where = outcome.account().name() == null
                ? outcome.account().id()
                : outcome.account().name();
        String message = culprit.label() + " would not take effect for " + where + ": \"" + d.key() + "\" would be "
                + (d.actual() == null ? "unset" : d.actual().json()) + ", not "
                + (d.intended() == null ? "unset" : d.intended().json())
                + "; " + cause.message();
        return Problem.error(
                plan.layout().at(culprit.pointer()),
                Locator.field(culprit.pointer()),
                message,
                outsideItsTargets(plan, outcome, d.key()).orElseGet(() -> hint(plan, d.key(), cause.note())));
    }

    /**
     * An adopted policy that decides the value where it is attached outside its targets: those
     * attachments stay, with the layout's document, though the layout does not ask for them.
     */
    private static Optional<String> outsideItsTargets(PolicyPlan plan, AccountOutcome outcome, String key) {
        return outcome.effective()
                .decidedBy(key)
                .flatMap(o -> plan.byPlannedId(o.policyId())
                        .filter(p -> p.adopt() != null)
                        .filter(p -> outcome.path().stream()
                                .anyMatch(n -> n.id().equals(o.nodeId()) && !Intent.isTargeted(n, p.targets())))
                        .map(p -> "the adopted policy " + p.adopt() + " stays attached to " + o.nodeId() + ", which "
                                + Locator.field(p.targetsPointer()) + " does not list; add it there, or detach the"
                                + " policy from it"));
    }

    private static String hint(PolicyPlan plan, String key, Note cause) {
        LockLevel lock = plan.lock();
        if (cause == null || cause.blocking() == null) {
            // No lock was defeated: a policy below the baseline set another value, as the lock allows.
            return lock == LockLevel.FULL
                    ? "a policy already in the organization sets it; change or detach it"
                    : "policy.lock: " + lock + " lets policies below the root change it; policy.lock: full would not,"
                            + " or change or detach that policy";
        }
        boolean blockedByBaseline =
                plan.baseline().plannedId().equals(cause.blocking().policyId());
        boolean sameNode = cause.blocking().nodeId().equals(cause.source().nodeId());
        if (sameNode) {
            return "two policies attached to the same node set \"" + key + "\" and the first attached wins;"
                    + " target a different OU or account, or merge them";
        }
        if (blockedByBaseline && PolicyDocument.DEFAULT_KEY.equals(key)) {
            return "policy.lock: " + lock + " locks \"default\"; an exception can change named services only,"
                    + " or use policy.lock: none";
        }
        if (blockedByBaseline) {
            return "policy.lock: " + lock + " forbids this change";
        }
        if (plan.byPlannedId(cause.blocking().policyId()).isPresent()) {
            return "under policy.lock: full an exception also locks its own values below its targets;"
                    + " do not override one exception with another below it";
        }
        return "a policy already in the organization locks this; change or detach it first";
    }
}
