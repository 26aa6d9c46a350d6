package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.audit.CrossCheck.Part;
import dev.aioptout.audit.CrossCheck.State;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.OptValue;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks of verify on an organization read from the fake endpoint, against a plan: how each
 * part of the cross-check shows, and what the run concludes. A check that could not complete makes
 * the run "could not complete", whatever else was found.
 */
class AuditTest extends WithFakeOrganization {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final String HEADER =
            "version: 1\nlayout: multi-ou\norganization: {mode: adopt, id: o-fake000001}\n";

    private LiveOrganization live;

    @BeforeEach
    void prepare() throws Exception {
        live = read();
    }

    private static PolicyPlan secureDefault() {
        return Planner.plan(LayoutFile.embeddedDefault(LayoutOptions.forAudit()).layout());
    }

    private static PolicyPlan plan(String yaml) {
        LayoutFile.Loaded loaded =
                LayoutFile.parse("ai-optout.yaml", HEADER + yaml, new LayoutOptions(false, TODAY, false));
        assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        return Planner.plan(loaded.layout());
    }

    /** What DescribeEffectivePolicy would say of every ACTIVE account: the engine's own values. */
    private CrossCheck.Result agreeing(PolicyPlan plan) {
        Map<String, SortedMap<String, OptValue>> effective = new LinkedHashMap<>();
        AuditResult engineOnly = audit(plan, CrossCheck.Result.notRun("--cross-check=none"));
        engineOnly.accounts().stream()
                .filter(a -> a.state() == dev.aioptout.engine.AccountState.ACTIVE)
                .forEach(a -> effective.put(
                        a.verdict().outcome().account().id(),
                        new TreeMap<>(a.verdict().outcome().effective().values())));
        return new CrossCheck.Result(effective, effective.size(), Part.DONE, List.of(), Part.DONE);
    }

    private AuditResult audit(PolicyPlan plan, CrossCheck.Result cross) {
        return Audit.run(live, plan, true, cross, new ApiCalls(), TODAY);
    }

    private static Map<String, String> statuses(AuditResult result) {
        return result.checks().stream()
                .collect(Collectors.toMap(Check::id, c -> c.status().json(), (a, b) -> a, LinkedHashMap::new));
    }

    private static Check check(AuditResult result, String id) {
        return result.checks().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyCheckPassingAndAwsAgreeingIsCompliant() {
        PolicyPlan plan = secureDefault();
        AuditResult result = Audit.run(live, plan, false, agreeing(plan), new ApiCalls(), TODAY);
        assertThat(result.outcome()).as(result.checks().toString()).isEqualTo(AuditResult.Outcome.COMPLIANT);
        assertThat(check(result, Check.CROSS_CHECK).message())
                .isEqualTo("DescribeEffectivePolicy agrees with the engine for 4 account(s)");
        assertThat(result.accounts())
                .filteredOn(a -> a.evidence() instanceof Evidence.EngineAndAws)
                .hasSize(4);
        assertThat(result.incomplete()).isEmpty();
    }

    @Test
    void aCrossCheckThatCouldNotCompleteIsShownWithItsCallAndTheRunCouldNotComplete() {
        PolicyPlan plan = secureDefault();
        CrossCheck.Result agreeing = agreeing(plan);
        AuditFailure throttled = new AuditFailure(
                "DescribeEffectivePolicy 333333333333",
                "still throttled: AWS asked to wait 3600 s (Retry-After), past the deadline (--deadline 30m)",
                "run again off-peak",
                null);
        Map<String, SortedMap<String, OptValue>> firstTwo = new LinkedHashMap<>();
        agreeing.effective().entrySet().stream().limit(2).forEach(e -> firstTwo.put(e.getKey(), e.getValue()));
        CrossCheck.Result cross =
                new CrossCheck.Result(firstTwo, 4, new Part(State.INCOMPLETE, null, throttled), List.of(), Part.DONE);
        AuditResult result = Audit.run(live, plan, false, cross, new ApiCalls(), TODAY);
        Check c = check(result, Check.CROSS_CHECK);
        assertThat(c.status()).isEqualTo(Check.Status.INCOMPLETE);
        assertThat(c.call()).isEqualTo("DescribeEffectivePolicy 333333333333");
        assertThat(c.message())
                .isEqualTo("could not complete after 2 of 4 accounts: DescribeEffectivePolicy 333333333333 failed:"
                        + " still throttled: AWS asked to wait 3600 s (Retry-After), past the deadline (--deadline"
                        + " 30m) (run again off-peak)");
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.COULD_NOT_COMPLETE);
        assertThat(result.compliant()).isFalse();
        assertThat(result.incomplete()).containsExactly(c);
        // The answers that did come are still used.
        assertThat(result.accounts())
                .filteredOn(a -> a.evidence() instanceof Evidence.EngineAndAws)
                .hasSize(2);
    }

    @Test
    void couldNotCompleteOutranksAFailedCheck() {
        // The policy type is not enabled (a finding), and the invalid-policy listing could not complete.
        aws.answer(
                "ListRoots",
                request -> FakeOrganizations.Answer.json(
                        Map.of("Roots", List.of(Map.of("Id", aws.rootId, "Name", "Root", "PolicyTypes", List.of())))));
        live = read();
        AuditFailure denied = new AuditFailure(
                "ListAccountsWithInvalidEffectivePolicy", "access denied", "the caller needs ...", null);
        CrossCheck.Result cross = new CrossCheck.Result(
                Map.of(), 0, Part.notRun("--cross-check=none"), List.of(), new Part(State.INCOMPLETE, null, denied));
        AuditResult result = audit(secureDefault(), cross);
        assertThat(statuses(result))
                .containsEntry(Check.POLICY_TYPE_ENABLED, "fail")
                .containsEntry(Check.INVALID_EFFECTIVE, "incomplete")
                .containsEntry(Check.CROSS_CHECK, "skip");
        assertThat(check(result, Check.INVALID_EFFECTIVE).message())
                .isEqualTo("could not complete: ListAccountsWithInvalidEffectivePolicy failed: access denied (the"
                        + " caller needs ...)");
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.COULD_NOT_COMPLETE);
    }

    @Test
    void unavailableOrNotRunPartsAreSkippedNotPassedAndTheRunCanStillBeCompliant() {
        CrossCheck.Part unavailable = new Part(
                State.UNAVAILABLE,
                "the endpoint does not implement DescribeEffectivePolicy (HTTP 500, not an AWS answer)",
                null);
        CrossCheck.Result cross = new CrossCheck.Result(Map.of(), 4, unavailable, List.of(), unavailable);
        AuditResult result = Audit.run(live, secureDefault(), false, cross, new ApiCalls(), TODAY);
        assertThat(check(result, Check.CROSS_CHECK))
                .isEqualTo(Check.skip(
                        Check.CROSS_CHECK,
                        "cross-check unavailable: the endpoint does not implement DescribeEffectivePolicy (HTTP 500,"
                                + " not an AWS answer)"));
        assertThat(check(result, Check.INVALID_EFFECTIVE).status()).isEqualTo(Check.Status.SKIP);
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.COMPLIANT);
        assertThat(result.accounts()).allMatch(a -> a.evidence() instanceof Evidence.Engine);
    }

    @Test
    void awsDisagreeingLeavesTheAccountUnverifiedAndTheRunIncomplete() {
        PolicyPlan plan = secureDefault();
        CrossCheck.Result agreeing = agreeing(plan);
        Map<String, SortedMap<String, OptValue>> effective = new LinkedHashMap<>(agreeing.effective());
        effective.put("222222222222", new TreeMap<>(Map.of("default", OptValue.OPT_IN)));
        AuditResult result = Audit.run(
                live,
                plan,
                false,
                new CrossCheck.Result(effective, 4, Part.DONE, List.of(), Part.DONE),
                new ApiCalls(),
                TODAY);
        assertThat(check(result, Check.CROSS_CHECK).status()).isEqualTo(Check.Status.ERROR);
        assertThat(result.accounts())
                .filteredOn(AccountAudit::unverified)
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.verdict().outcome().account().id()).isEqualTo("222222222222");
                    assertThat(a.unverifiedBecause(Evidence.Unverified.Reason.AWS_DISAGREES))
                            .isTrue();
                });
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.INCOMPLETE);
    }

    @Test
    void anAccountAwsListsAsInvalidFails() {
        PolicyPlan plan = secureDefault();
        CrossCheck.Result agreeing = agreeing(plan);
        AuditResult result = audit(
                plan, new CrossCheck.Result(agreeing.effective(), 4, Part.DONE, List.of("333333333333"), Part.DONE));
        assertThat(check(result, Check.INVALID_EFFECTIVE))
                .isEqualTo(
                        Check.fail(Check.INVALID_EFFECTIVE, "AWS lists invalid effective policies for [333333333333]"));
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.NON_COMPLIANT);
    }

    @Test
    void theLockAndTheExceptionsComeFromThePlan() {
        String baseline = "policy:\n  name: ai-optout-all-services\n  lock: %s\nattach: [root]\n";
        AuditResult none = audit(plan(baseline.formatted("none")), CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(none, Check.CHILD_OVERRIDE_LOCKED))
                .isEqualTo(Check.skip(Check.CHILD_OVERRIDE_LOCKED, "the layout asks for no lock"));
        AuditResult full = audit(plan(baseline.formatted("full")), CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(full, Check.CHILD_OVERRIDE_LOCKED).message())
                .isEqualTo("the root's policies lock what policy.lock: full asks for");

        PolicyPlan expired = plan(baseline.formatted("default")
                + "exceptions:\n  - name: old-trial\n    targets: [\"222222222222\"]\n    services: {lex: optIn}\n"
                + "    reason: trial\n    expires: 2026-05-31\n"
                + "  - name: current\n    targets: [\"333333333333\"]\n    services: {lex: optIn}\n"
                + "    reason: trial\n    expires: 2026-06-01\n");
        AuditResult result = audit(expired, CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(result, Check.NO_EXPIRED_EXCEPTIONS))
                .isEqualTo(Check.fail(
                        Check.NO_EXPIRED_EXCEPTIONS, "layout exception \"old-trial\" expired on 2026-05-31"));
    }

    @Test
    void aBaselineNotAttachedToTheRootIsNotLookedForThere() {
        PolicyPlan plan = plan("policy:\n  name: ai-optout-all-services\nattach: [ou-fake-11111111]\n");
        AuditResult result = audit(plan, CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(result, Check.BASELINE_ATTACHED))
                .isEqualTo(Check.skip(Check.BASELINE_ATTACHED, "the layout does not attach the baseline to the root"));
    }

    @Test
    void anOrganizationWithoutAccountsIsNeverCompliant() {
        Organization org = live.organization();
        Organization empty = new Organization(
                org.organizationId(),
                org.rootId(),
                org.enabledPolicyTypes(),
                org.policies(),
                org.root().withChildren(List.of()),
                false);
        live = new LiveOrganization(
                empty, live.featureSet(), live.managementAccountId(), live.aiPolicyTypeStatus(), live.descriptions());
        AuditResult result = audit(secureDefault(), CrossCheck.Result.notRun("no ACTIVE account to ask about"));
        assertThat(check(result, Check.ACCOUNTS_EFFECTIVE).status()).isEqualTo(Check.Status.ERROR);
        assertThat(result.compliant()).isFalse();
    }

    @Test
    void anOrganizationWithoutAllFeaturesOrTheTypeEnabledFailsAndNoAttachmentCounts() {
        aws.answer(
                "DescribeOrganization",
                request -> FakeOrganizations.Answer.json(Map.of(
                        "Organization",
                        Map.of(
                                "Id",
                                aws.organizationId,
                                "FeatureSet",
                                "CONSOLIDATED_BILLING",
                                "MasterAccountId",
                                "111111111111"))));
        aws.answer(
                "ListRoots",
                request -> FakeOrganizations.Answer.json(Map.of(
                        "Roots",
                        List.of(Map.of(
                                "Id",
                                aws.rootId,
                                "Name",
                                "Root",
                                "PolicyTypes",
                                List.of(Map.of("Type", "AISERVICES_OPT_OUT_POLICY", "Status", "PENDING_DISABLE")))))));
        live = read();
        AuditResult result = audit(secureDefault(), CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(result, Check.ALL_FEATURES).message())
                .isEqualTo("organization o-fake000001 has feature set CONSOLIDATED_BILLING; AI opt-out policies need"
                        + " all features (aws organizations enable-all-features)");
        assertThat(check(result, Check.POLICY_TYPE_ENABLED).message())
                .startsWith("AISERVICES_OPT_OUT_POLICY is PENDING_DISABLE on root r-fake (read from ListRoots)");
        // AWS applies no policy of a type that is not enabled: the baseline attached at the root counts for nothing.
        assertThat(result.accounts()).allMatch(AccountAudit::nonCompliant);
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.NON_COMPLIANT);
    }

    @Test
    void liveDocumentsAreComparedWithTheGeneratedOnesWhenALayoutIsGiven() {
        PolicyPlan plan = plan("policy:\n  name: ai-optout-all-services\n  lock: default\nattach: [root]\n"
                + "exceptions:\n  - name: lex-team\n    targets: [ou-fake-22222222]\n    services: {lex: optIn}\n"
                + "    reason: chatbot\n");
        AuditResult result = audit(plan, CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(result, Check.BASELINE_CONTENT).message())
                .isEqualTo("\"ai-optout-all-services\" (p-baseline01) differs from the generated document;"
                        + " \"ai-optout-all-services-exception-lex-team\" is missing");
        assertThat(check(result, Check.BASELINE_ATTACHED).message())
                .isEqualTo("\"ai-optout-all-services\" (p-baseline01) is attached to the root");
    }

    @Test
    void aPolicyOutsideTheLayoutThatChangesAccountsIsNamedWithWhereItIsAttached() {
        // The live baseline locks only "default": the foreign policy on Prod opts its accounts into Lex.
        aws.policies.set(
                0,
                new FakeOrganizations.Policy(
                        "p-baseline01",
                        Documents.BASELINE_NAME,
                        "baseline",
                        dev.aioptout.policy.OptOutDocuments.baseline(
                                        OptValue.OPT_OUT,
                                        Map.of(),
                                        dev.aioptout.policy.LockLevel.DEFAULT,
                                        java.util.Set.of())
                                .toCanonicalJson(),
                        List.of(aws.rootId)));
        live = read();
        AuditResult result = audit(
                plan("policy:\n  name: ai-optout-all-services\n  lock: default\nattach: [root]\n"),
                CrossCheck.Result.notRun("--cross-check=none"));
        assertThat(check(result, Check.NO_UNMANAGED_WEAKENING).message())
                .isEqualTo("policy \"lex-team\" (p-exception1) attached to ou-fake-22222222 changes 2 account(s)");
        assertThat(result.accounts())
                .filteredOn(AccountAudit::nonCompliant)
                .extracting(a -> a.verdict().outcome().account().id())
                .containsExactly("444444444444", "555555555555");
        assertThat(check(result, Check.ACCOUNTS_EFFECTIVE).message())
                .isEqualTo("2 of 5 accounts do not get the intended effective policy");
    }
}
