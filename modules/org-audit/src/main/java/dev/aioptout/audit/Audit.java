package dev.aioptout.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Lock;
import dev.aioptout.engine.Locks;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.engine.Origin;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.plan.ExceptionDescription;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.Verdicts;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;

/**
 * The checks of {@code verify}, on an organization read from AWS, against a layout (or the secure
 * default: every service opted out, fully locked, no exceptions). Accounts are judged by the same
 * engine and the same intent as {@code plan}.
 */
public final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The evidence of every account the engine could not know the outcome of: one, not one per account. */
    private static final Evidence.Unverified ENGINE_UNKNOWN =
            new Evidence.Unverified(Evidence.Unverified.Reason.ENGINE_UNKNOWN, List.of());

    private final LiveOrganization live;
    private final boolean layoutGiven;
    private final PolicyPlan plan;
    private final Map<String, OrgPolicy> policies;
    private final LocalDate today;

    private Audit(LiveOrganization live, PolicyPlan plan, boolean layoutGiven, LocalDate today) {
        this.live = live;
        this.layoutGiven = layoutGiven;
        this.plan = plan;
        this.policies = live.organization().policiesById();
        this.today = today;
    }

    /**
     * @param plan        the layout's plan, as the command line proved it
     * @param layoutGiven false when the plan is the built-in secure default's
     */
    public static AuditResult run(
            LiveOrganization live,
            PolicyPlan plan,
            boolean layoutGiven,
            CrossCheck.Result cross,
            ApiCalls calls,
            LocalDate today) {
        return new Audit(live, plan, layoutGiven, today).run(cross, calls);
    }

    private AuditResult run(CrossCheck.Result cross, ApiCalls calls) {
        // AWS applies no policy of a type that is not enabled on the root, whatever is attached.
        Evaluation evaluation = EffectivePolicyEngine.evaluate(
                live.aiPolicyTypeStatus() == PolicyTypeStatus.ENABLED
                        ? live.organization()
                        : withoutAttachments(live.organization()));
        List<AccountAudit> accounts = new ArrayList<>();
        for (AccountVerdict v : Verdicts.judge(plan, evaluation)) {
            accounts.add(account(v, cross));
        }
        List<Check> checks = new ArrayList<>();
        checks.add(allFeatures());
        checks.add(policyTypeEnabled());
        checks.add(baselineAttached());
        checks.add(baselineContent());
        checks.add(childOverrideLocked(evaluation.belowRoot()));
        checks.add(accountsEffective(accounts));
        checks.add(noExpiredExceptions());
        checks.add(noUnmanagedWeakening(accounts));
        checks.add(crossCheck(cross, accounts));
        checks.add(invalidEffective(cross));
        return new AuditResult(
                live.organization().organizationId(), live.organization().root(), checks, accounts, calls);
    }

    private static Organization withoutAttachments(Organization org) {
        return new Organization(
                org.organizationId(),
                org.rootId(),
                org.enabledPolicyTypes(),
                org.policies(),
                detached(org.root()),
                org.attachmentOrderKnown());
    }

    private static OrgNode detached(OrgNode node) {
        return node.withPolicies(List.of())
                .withChildren(node.children().stream().map(Audit::detached).toList());
    }

    private static AccountAudit account(AccountVerdict v, CrossCheck.Result cross) {
        if (v.status() == AccountVerdict.Status.UNVERIFIED) {
            // The verdict says why itself (AccountVerdict.unverified()), and the reports print that.
            return new AccountAudit(v, ENGINE_UNKNOWN);
        }
        String id = v.outcome().account().id();
        if (cross.effective().containsKey(id)) {
            SortedMap<String, OptValue> aws = cross.effective().get(id);
            if (!aws.equals(v.outcome().effective().values())) {
                return new AccountAudit(
                        v,
                        new Evidence.Unverified(
                                Evidence.Unverified.Reason.AWS_DISAGREES,
                                List.of("DescribeEffectivePolicy reports " + aws + " but the engine computed "
                                        + v.outcome().effective().values())));
            }
            return new AccountAudit(v, Evidence.ENGINE_AND_AWS);
        }
        return new AccountAudit(v, Evidence.ENGINE);
    }

    private Check allFeatures() {
        return live.featureSet() == OrganizationFeatureSet.ALL
                ? Check.pass(
                        Check.ALL_FEATURES,
                        "organization " + live.organization().organizationId() + " has all features enabled")
                : Check.fail(
                        Check.ALL_FEATURES,
                        "organization " + live.organization().organizationId() + " has feature set "
                                + (live.featureSet() == null
                                        ? "(none given)"
                                        : live.featureSet().toString())
                                + "; AI opt-out policies need all features (aws organizations enable-all-features)");
    }

    private Check policyTypeEnabled() {
        PolicyTypeStatus status = live.aiPolicyTypeStatus();
        if (status == PolicyTypeStatus.ENABLED) {
            return Check.pass(
                    Check.POLICY_TYPE_ENABLED,
                    "AISERVICES_OPT_OUT_POLICY is ENABLED on root "
                            + live.organization().rootId());
        }
        return Check.fail(
                Check.POLICY_TYPE_ENABLED,
                "AISERVICES_OPT_OUT_POLICY is " + (status == null ? "not enabled" : status) + " on root "
                        + live.organization().rootId()
                        + " (read from ListRoots); no AI opt-out policy applies until it is ENABLED");
    }

    private List<String> rootPolicies() {
        return live.organization().root().policyIds();
    }

    private Check baselineAttached() {
        if (!plan.baseline().targets().contains(TargetId.ROOT)) {
            return Check.skip(Check.BASELINE_ATTACHED, "the layout does not attach the baseline to the root");
        }
        String name = plan.baseline().name();
        Optional<OrgPolicy> baseline = byName(name);
        if (layoutGiven) {
            if (baseline.isEmpty()) {
                return Check.fail(Check.BASELINE_ATTACHED, "no AI opt-out policy named \"" + name + "\" exists");
            }
            return rootPolicies().contains(baseline.get().id())
                    ? Check.pass(
                            Check.BASELINE_ATTACHED,
                            "\"" + name + "\" (" + baseline.get().id() + ") is attached to the root")
                    : Check.fail(
                            Check.BASELINE_ATTACHED,
                            "\"" + name + "\" (" + baseline.get().id() + ") exists but is not attached to the root");
        }
        if (rootPolicies().isEmpty()) {
            return Check.fail(
                    Check.BASELINE_ATTACHED,
                    policies.isEmpty()
                            ? "no AI opt-out policy exists"
                            : "no AI opt-out policy is attached to the root (" + policies.size()
                                    + " exist, attached elsewhere or nowhere)");
        }
        return Check.pass(Check.BASELINE_ATTACHED, "attached to the root: " + names(rootPolicies()));
    }

    private Check baselineContent() {
        if (!layoutGiven) {
            return Check.skip(Check.BASELINE_CONTENT, "no layout given: nothing to compare the live documents with");
        }
        Optional<OrgPolicy> baseline = byName(plan.baseline().name());
        if (baseline.isEmpty()) {
            return Check.fail(
                    Check.BASELINE_CONTENT,
                    "no AI opt-out policy named \"" + plan.baseline().name() + "\" exists");
        }
        List<String> differing = new ArrayList<>();
        for (PlannedPolicy planned : plan.all()) {
            Optional<OrgPolicy> liveOne = byName(planned.name());
            if (liveOne.isEmpty()) {
                differing.add("\"" + planned.name() + "\" is missing");
            } else if (!sameJson(liveOne.get().content(), planned.content())) {
                differing.add(
                        "\"" + planned.name() + "\" (" + liveOne.get().id() + ") differs from the generated document");
            }
        }
        return differing.isEmpty()
                ? Check.pass(
                        Check.BASELINE_CONTENT,
                        "the live documents equal the generated ones ("
                                + plan.all().size() + ")")
                : Check.fail(Check.BASELINE_CONTENT, String.join("; ", differing));
    }

    /** What the root's policies leave child policies free to change, as the engine merged them. */
    private Check childOverrideLocked(Locks belowRoot) {
        LockLevel lock = plan.lock();
        if (lock == LockLevel.NONE) {
            return Check.skip(Check.CHILD_OVERRIDE_LOCKED, "the layout asks for no lock");
        }
        Map<String, Lock> asked = new LinkedHashMap<>();
        asked.put("child policies can change \"default\"", belowRoot.assigning(PolicyDocument.DEFAULT_KEY));
        if (lock == LockLevel.FULL) {
            asked.put(
                    "child policies can add service keys (\"services\" is not locked)", belowRoot.addingServiceKeys());
        }
        List<String> open = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        asked.forEach((what, l) -> {
            if (l.uncertain()) {
                unknown.add("whether " + what + " depends on policy "
                        + label(l.undocumentedBy().policyId())
                        + ", whose child control uses an operator AWS does not document for AI opt-out policies");
            } else if (l.allowsAssign()) {
                open.add(what);
            }
        });
        if (!open.isEmpty()) {
            return Check.fail(
                    Check.CHILD_OVERRIDE_LOCKED,
                    "policy.lock: " + lock + " is not in place at the root: " + String.join("; ", open));
        }
        if (!unknown.isEmpty()) {
            return Check.error(Check.CHILD_OVERRIDE_LOCKED, String.join("; ", unknown));
        }
        return Check.pass(
                Check.CHILD_OVERRIDE_LOCKED, "the root's policies lock what policy.lock: " + lock + " asks for");
    }

    /** Every account the organization listed, in any state, judged; none judged is never a pass. */
    private Check accountsEffective(List<AccountAudit> accounts) {
        long nonCompliant = accounts.stream().filter(AccountAudit::nonCompliant).count();
        long unverified = accounts.stream().filter(AccountAudit::unverified).count();
        if (nonCompliant > 0) {
            return Check.fail(
                    Check.ACCOUNTS_EFFECTIVE,
                    nonCompliant + " of " + accounts.size() + " accounts do not get the intended effective policy"
                            + (unverified > 0 ? "; " + unverified + " could not be evaluated" : ""));
        }
        if (unverified > 0) {
            return Check.error(
                    Check.ACCOUNTS_EFFECTIVE,
                    unverified + " of " + accounts.size() + " accounts could not be evaluated");
        }
        if (accounts.isEmpty()) {
            return Check.error(
                    Check.ACCOUNTS_EFFECTIVE,
                    "no account was read, yet every organization has its management account: nothing was evaluated");
        }
        return Check.pass(
                Check.ACCOUNTS_EFFECTIVE, "all " + accounts.size() + " accounts get the intended effective policy");
    }

    private Check noExpiredExceptions() {
        List<String> expired = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (PlannedPolicy e : plan.exceptions()) {
            LocalDate expires = ExceptionDescription.expiry(e.description()).date();
            if (expires != null && expires.isBefore(today)) {
                expired.add("layout exception \"" + e.key() + "\" expired on " + expires);
            }
        }
        for (OrgPolicy p : policies.values()) {
            ExceptionDescription.Expiry expiry =
                    ExceptionDescription.expiry(live.descriptions().get(p.id()));
            if (expiry.unreadable() != null) {
                unreadable.add("policy " + label(p.id()) + " has an expiry date that is not a date: \""
                        + expiry.unreadable() + "\"");
            } else if (expiry.date() != null && expiry.date().isBefore(today)) {
                expired.add("policy " + label(p.id()) + " expired on " + expiry.date());
            }
        }
        if (!expired.isEmpty()) {
            List<String> all = new ArrayList<>(expired);
            all.addAll(unreadable);
            return Check.fail(Check.NO_EXPIRED_EXCEPTIONS, String.join("; ", all));
        }
        if (!unreadable.isEmpty()) {
            return Check.error(
                    Check.NO_EXPIRED_EXCEPTIONS,
                    String.join("; ", unreadable) + "; whether it expired cannot be told (fix its description)");
        }
        return Check.pass(Check.NO_EXPIRED_EXCEPTIONS, "no exception is past its expiry date");
    }

    private Check noUnmanagedWeakening(List<AccountAudit> accounts) {
        Set<String> managed = new HashSet<>();
        plan.all().forEach(p -> managed.add(p.name()));
        Map<String, Set<String>> culprits = new LinkedHashMap<>();
        for (AccountAudit a : accounts) {
            AccountVerdict v = a.verdict();
            for (AccountVerdict.Cause cause : v.causes()) {
                Origin origin = cause.note() != null
                        ? cause.note().blocking()
                        : v.outcome().effective().decidedBy(cause.key()).orElse(null);
                if (origin != null && !managed.contains(origin.policyName())) {
                    culprits.computeIfAbsent(origin.policyId(), k -> new LinkedHashSet<>())
                            .add(v.outcome().account().id());
                }
            }
        }
        if (culprits.isEmpty()) {
            return Check.pass(
                    Check.NO_UNMANAGED_WEAKENING, "no policy outside the layout changes any account's effective value");
        }
        List<String> described = new ArrayList<>();
        culprits.forEach((id, accountIds) -> described.add("policy " + label(id) + " attached to " + targets(id)
                + " changes " + accountIds.size() + " account(s)"));
        return Check.fail(Check.NO_UNMANAGED_WEAKENING, String.join("; ", described));
    }

    private Check crossCheck(CrossCheck.Result cross, List<AccountAudit> accounts) {
        CrossCheck.Part part = cross.effectivePart();
        switch (part.state()) {
            case NOT_RUN, UNAVAILABLE -> {
                return skipped(Check.CROSS_CHECK, part);
            }
            case INCOMPLETE -> {
                return Check.incomplete(
                        Check.CROSS_CHECK,
                        "after " + cross.effective().size() + " of " + cross.asked() + " accounts",
                        part.failure());
            }
            case DONE -> {}
        }
        long differ = accounts.stream()
                .filter(a -> a.unverifiedBecause(Evidence.Unverified.Reason.AWS_DISAGREES))
                .count();
        if (differ > 0) {
            return Check.error(
                    Check.CROSS_CHECK, differ + " account(s) where DescribeEffectivePolicy differs from the engine");
        }
        return Check.pass(
                Check.CROSS_CHECK,
                "DescribeEffectivePolicy agrees with the engine for "
                        + cross.effective().size() + " account(s)");
    }

    private Check invalidEffective(CrossCheck.Result cross) {
        CrossCheck.Part part = cross.invalidPart();
        switch (part.state()) {
            case NOT_RUN, UNAVAILABLE -> {
                return skipped(Check.INVALID_EFFECTIVE, part);
            }
            case INCOMPLETE -> {
                return Check.incomplete(Check.INVALID_EFFECTIVE, null, part.failure());
            }
            case DONE -> {}
        }
        return cross.invalid().isEmpty()
                ? Check.pass(Check.INVALID_EFFECTIVE, "AWS lists no account with an invalid effective policy")
                : Check.fail(Check.INVALID_EFFECTIVE, "AWS lists invalid effective policies for " + cross.invalid());
    }

    /**
     * A part that was not asked ({@code not run: --cross-check=none}), or that the emulator the user
     * declared does not implement ({@code skipped: the emulator does not implement ...}).
     */
    private static Check skipped(String id, CrossCheck.Part part) {
        return Check.skip(id, (part.state() == CrossCheck.State.NOT_RUN ? "not run: " : "skipped: ") + part.reason());
    }

    private Optional<OrgPolicy> byName(String name) {
        return policies.values().stream().filter(p -> name.equals(p.name())).findFirst();
    }

    private String label(String policyId) {
        OrgPolicy p = policies.get(policyId);
        return p == null ? policyId : "\"" + p.name() + "\" (" + policyId + ")";
    }

    private String names(List<String> ids) {
        return String.join(", ", ids.stream().map(this::label).toList());
    }

    /** The nodes a policy is attached to, by id. */
    private String targets(String policyId) {
        List<String> found = new ArrayList<>();
        collect(live.organization().root(), policyId, found);
        return found.isEmpty() ? "nothing" : String.join(", ", found);
    }

    private static void collect(OrgNode node, String policyId, List<String> found) {
        if (node.policyIds().contains(policyId)) {
            found.add(node.id());
        }
        node.children().forEach(c -> collect(c, policyId, found));
    }

    private static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (Exception e) {
            return false;
        }
    }
}
