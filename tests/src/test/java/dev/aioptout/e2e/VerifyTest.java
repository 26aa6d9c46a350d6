package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.audit.testing.FaultInjectingProxy.Fault;
import dev.aioptout.audit.testing.FaultInjectingProxy.Kind;
import dev.aioptout.cli.Main;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * {@code ai-optout verify} and {@code ai-optout snapshot} against organizations built in the
 * emulator through the AWS SDK, run in-process through the real command line. Every assertion is
 * on the JSON report (or the JUnit/SARIF rendering) and the exit code: which accounts were read,
 * where they sit, what each check says, and that the run never claims "compliant" when it cannot
 * know.
 */
@ExtendWith(MotoExtension.class)
class VerifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String BASELINE = "ai-optout-all-services";
    /** The document synth generates for the secure default: every service opted out, fully locked. */
    static final String FULL_BASELINE = OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of())
            .toCanonicalJson();
    /** The baseline a layout with {@code policy.lock: default} generates: only "default" is locked. */
    static final String DEFAULT_LOCK_BASELINE = OptOutDocuments.baseline(
                    OptValue.OPT_OUT, Map.of(), LockLevel.DEFAULT, Set.of())
            .toCanonicalJson();
    /** A policy written by someone else: opts Lex in, below the root. */
    static final String LEX_OPT_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    static final String FOREIGN = "chatbot-team-lex";

    /** Every check verify runs, each always reported. */
    static final Set<String> CHECK_IDS = Set.of(
            "organization-all-features",
            "policy-type-enabled",
            "baseline-attached-to-root",
            "baseline-content-matches",
            "child-override-locked",
            "accounts-effective-optout",
            "no-expired-exceptions",
            "no-unmanaged-weakening-policies",
            "effective-policy-cross-check",
            "no-invalid-effective-policies");

    /** Five levels: 2 OUs under the root, 2 under each of those, then single chains down to level 5. */
    static final int[] FIVE_DEEP = {2, 2, 1, 1, 1};

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ secure default, sizes, paging

    @Test
    void oneAccountOrganizationIsCompliantAtEveryPageSize(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {1, 1, 1, 1, 1}); // five empty levels: nothing to read in them but their names
        org.accounts(1);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        assertThat(org.ous).hasSize(5);

        List<JsonNode> reports = new ArrayList<>();
        for (String pageSize : List.of("20", "1")) {
            Run run = verify(emulator.endpoint(), "--page-size", pageSize);
            assertCompliant(run, org, false);
            reports.add(run.json());
        }
        assertThat(reports.get(1).get("accounts")).isEqualTo(reports.get(0).get("accounts"));
        assertThat(reports.get(1).get("checks")).isEqualTo(reports.get(0).get("checks"));
        assertThat(reports.get(0).get("accounts").get(0).get("id").asText()).isEqualTo(org.managementAccountId);
    }

    @Test
    void sixtyAccountsFiveLevelsDeepAreEachListedOnceWhateverThePageSize(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(FIVE_DEEP);
        org.accounts(60);
        String closed = org.account(org.ous.get(3), "closed-account");
        org.close(closed);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        assertThat(org.ous).hasSize(18);
        assertThat(org.maxDepth()).isEqualTo(5);

        Run bySmallest = verify(emulator.endpoint(), "--page-size", "1");
        Run byTwenty = verify(emulator.endpoint(), "--page-size", "20");
        assertCompliant(bySmallest, org, false);
        assertCompliant(byTwenty, org, false);
        assertThat(bySmallest.json().get("accounts")).isEqualTo(byTwenty.json().get("accounts"));
        assertThat(bySmallest.json().get("checks")).isEqualTo(byTwenty.json().get("checks"));
        // One call per page: a page of one account costs one call per account, a page of 20 far fewer.
        assertThat(apiCalls(bySmallest)).isGreaterThan(61);
        assertThat(apiCalls(byTwenty)).isLessThan(apiCalls(bySmallest));

        // The closed account (the emulator reports it SUSPENDED) still holds data: it is read, and judged.
        JsonNode suspended = accountsById(byTwenty.json()).get(closed);
        assertThat(suspended).as("the closed account is read").isNotNull();
        assertThat(suspended.get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("compliant").asBoolean()).isTrue();
        assertThat(byTwenty.json().get("summary").get("accounts").asInt()).isEqualTo(61);

        // The same organization against the layout that generated its baseline: every check passes, content included.
        Run withLayout = verify(
                emulator.endpoint(),
                "--config",
                layoutFile("multi-ou.yaml", exampleLayout(org)).toString());
        assertCompliant(withLayout, org, true);
        assertThat(withLayout.json().get("accounts")).isEqualTo(byTwenty.json().get("accounts"));
    }

    @Test
    void twelveHundredAccountsInOneRun(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {4, 2, 2, 1, 1});
        // Half of them in one OU at the fifth level (30 pages of 20), the rest spread over the root and every OU.
        String crowded = org.ous.stream()
                .filter(ou -> org.depth(ou) == 5)
                .reduce((a, b) -> b)
                .orElseThrow();
        for (int i = 0; i < 600; i++) {
            org.account(crowded, String.format("crowded-%04d", i));
        }
        org.accounts(1200);
        assertThat(org.accountsUnder(crowded)).hasSizeGreaterThan(600);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        assertThat(org.ous).hasSize(60);
        assertThat(org.maxDepth()).isEqualTo(5);
        assertThat(new Organizations(emulator).accounts()).hasSize(1200);

        Run run = verify(emulator.endpoint(), "--page-size", "20");
        assertCompliant(run, org, false);
        // Few calls: about two per parent (accounts and OUs, one page each here) and three per policy,
        // never one per account. Room for DescribeOrganization, ListRoots, ListPolicies and the cross-check probe.
        int parents = org.ous.size() + 1;
        assertThat(apiCalls(run)).as(run.err()).isLessThanOrEqualTo(1200 / 15 + 2 * parents + 3 + 4);
    }

    // ------------------------------------------------------------------ what must fail

    @Test
    void foreignPolicyOptingInLexUnderADefaultOnlyLockMakesExactlyThatOusAccountsNonCompliant(Emulator emulator)
            throws Exception {
        LexScenario s = foreignLexUnderDefaultLock(emulator);
        Run run = verify(emulator.endpoint(), "--config", s.layout.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isFalse();

        Map<String, JsonNode> accounts = assertAccountsExactly(report, s.org);
        Set<String> nonCompliant = new HashSet<>();
        accounts.forEach((id, a) -> {
            if (!a.get("compliant").asBoolean()) {
                nonCompliant.add(id);
            }
        });
        assertThat(nonCompliant).isEqualTo(new HashSet<>(s.affected));
        for (String id : s.affected) {
            JsonNode a = accounts.get(id);
            assertThat(a.at("/effective/services/lex/opt_out_policy").asText())
                    .as(id)
                    .isEqualTo("optIn");
            assertThat(a.at("/intended/services/lex").isMissingNode()).as(id).isTrue(); // the default applies: optOut
            assertThat(a.at("/intended/services/default/opt_out_policy").asText())
                    .as(id)
                    .isEqualTo("optOut");
            assertThat(a.get("notes").toString()).as(id).contains("lex");
            assertThat(a.get("source").asText()).as(id).isEqualTo("engine");
        }
        for (String id : accounts.keySet()) {
            if (!s.affected.contains(id)) {
                assertThat(accounts.get(id).at("/effective/services/lex").isMissingNode())
                        .as(id)
                        .isTrue();
            }
        }
        JsonNode summary = report.get("summary");
        assertThat(summary.get("accounts").asInt()).isEqualTo(60);
        assertThat(summary.get("nonCompliant").asInt()).isEqualTo(s.affected.size());
        assertThat(summary.get("compliant").asInt()).isEqualTo(60 - s.affected.size());
        assertThat(summary.get("unverified").asInt()).isZero();

        Map<String, JsonNode> checks = checks(report);
        assertStatus(checks, "no-unmanaged-weakening-policies", "fail");
        String weakening =
                checks.get("no-unmanaged-weakening-policies").get("message").asText();
        assertThat(weakening).contains(FOREIGN, s.foreignPolicyId, s.target, s.affected.size() + " account(s)");
        assertThat(weakening).doesNotContain(BASELINE);
        assertStatus(checks, "accounts-effective-optout", "fail");
        assertThat(checks.get("accounts-effective-optout").get("message").asText())
                .startsWith(s.affected.size() + " of 60 ");
        for (String passing : List.of(
                "organization-all-features",
                "policy-type-enabled",
                "baseline-attached-to-root",
                "baseline-content-matches",
                "child-override-locked",
                "no-expired-exceptions")) {
            assertStatus(checks, passing, "pass");
        }
    }

    @Test
    void theSameForeignPolicyUnderAFullLockChangesNothingAndDoesNotFail(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1, 1});
        org.accounts(12);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        org.attach(org.policy(FOREIGN, LEX_OPT_IN), org.ous.get(0));

        Run run = verify(emulator.endpoint());
        assertCompliant(run, org, false);
        assertThat(checks(run.json())
                        .get("no-unmanaged-weakening-policies")
                        .get("message")
                        .asText())
                .contains("no policy");
    }

    @Test
    void anOptOutPolicyAttachedNowhereFails(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1, 1});
        org.accounts(10);
        org.enableAiPolicies();
        String baseline = org.policy(BASELINE, FULL_BASELINE);

        Run run = verify(emulator.endpoint());
        assertNothingCompliant(run, org);
        Map<String, JsonNode> checks = checks(run.json());
        assertStatus(checks, "baseline-attached-to-root", "fail");
        assertStatus(checks, "accounts-effective-optout", "fail");
        assertThat(checks.get("accounts-effective-optout").get("message").asText())
                .startsWith("10 of 10 ");
        assertStatus(checks, "policy-type-enabled", "pass");

        Run withLayout = verify(
                emulator.endpoint(),
                "--config",
                layoutFile("multi-ou.yaml", exampleLayout(org)).toString());
        assertNothingCompliant(withLayout, org);
        Map<String, JsonNode> layoutChecks = checks(withLayout.json());
        assertStatus(layoutChecks, "baseline-attached-to-root", "fail");
        assertThat(layoutChecks.get("baseline-attached-to-root").get("message").asText())
                .contains(baseline, "not attached");
        assertStatus(layoutChecks, "accounts-effective-optout", "fail");
        assertStatus(layoutChecks, "baseline-content-matches", "pass");
    }

    @Test
    void thePolicyTypeNotEnabledFails(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(6);
        org.policy(BASELINE, FULL_BASELINE); // AWS refuses attachments until the type is enabled

        Run run = verify(emulator.endpoint());
        assertNothingCompliant(run, org);
        Map<String, JsonNode> checks = checks(run.json());
        assertStatus(checks, "policy-type-enabled", "fail");
        assertThat(checks.get("policy-type-enabled").get("message").asText())
                .contains("AISERVICES_OPT_OUT_POLICY", "not enabled");
        assertStatus(checks, "organization-all-features", "pass");

        // Attached while enabled, then the type disabled (the emulator keeps the attachment; AWS would drop it):
        // the run must still not be compliant, whatever the attachments say.
        org.enableAiPolicies();
        String baseline = org.client
                .listPolicies(r -> r.filter(PolicyType.AISERVICES_OPT_OUT_POLICY))
                .policies()
                .get(0)
                .id();
        org.attach(baseline, org.rootId);
        org.client.disablePolicyType(r -> r.rootId(org.rootId).policyType(PolicyType.AISERVICES_OPT_OUT_POLICY));
        Run disabled = verify(emulator.endpoint());
        assertThat(disabled.exit()).as(disabled.err()).isEqualTo(1);
        assertThat(disabled.json().get("compliant").asBoolean()).isFalse();
        assertStatus(checks(disabled.json()), "policy-type-enabled", "fail");
    }

    @Test
    void aConsolidatedBillingOrganizationIsNeverCompliant(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.CONSOLIDATED_BILLING);
        org.tree(new int[] {2, 1});
        org.accounts(6);

        Run run = verify(emulator.endpoint());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.json().get("compliant").asBoolean()).isFalse();
        Map<String, JsonNode> checks = checks(run.json());
        assertStatus(checks, "organization-all-features", "fail");
        assertThat(checks.get("organization-all-features").get("message").asText())
                .contains("CONSOLIDATED_BILLING");
        assertAccountsExactly(run.json(), org);

        // Even when everything else looks in place (the emulator lets the type be enabled and the baseline
        // attached without all features), the feature set alone keeps the run from being compliant.
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        Run rest = verify(emulator.endpoint());
        assertThat(rest.exit()).as(rest.err()).isEqualTo(1);
        assertThat(rest.json().get("compliant").asBoolean()).isFalse();
        Map<String, JsonNode> restChecks = checks(rest.json());
        assertStatus(restChecks, "organization-all-features", "fail");
        restChecks.forEach((id, c) -> {
            if (!id.equals("organization-all-features")) {
                assertThat(c.get("status").asText()).as(id).isIn("pass", "skip");
            }
        });
        assertThat(rest.json().get("summary").get("compliant").asInt()).isEqualTo(6);
    }

    @Test
    void anExpiredExceptionIsAFindingNotBadInput(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 2});
        org.accounts(12);
        org.enableAiPolicies();
        String sandbox = org.ous.get(0);
        org.attach(
                org.policy(
                        BASELINE,
                        OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of("lex"))
                                .toCanonicalJson()),
                org.rootId);
        String exception = org.client
                .createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                        .name(BASELINE + "-exception-sandbox-lex")
                        .description("Exception sandbox-lex: Chatbot evaluation, ticket SEC-1 (expires 2020-01-01)")
                        .content(OptOutDocuments.exception(Map.of("lex", OptValue.OPT_IN), LockLevel.FULL)
                                .toCanonicalJson()))
                .policy()
                .policySummary()
                .id();
        org.attach(exception, sandbox);
        Path layout = layoutFile("expired.yaml", """
                version: 1
                layout: multi-ou
                organization: {mode: adopt, id: %s}
                policy: {name: %s}
                attach: [root]
                exceptions:
                  - name: sandbox-lex
                    targets: [%s]
                    services: {lex: optIn}
                    reason: "Chatbot evaluation, ticket SEC-1"
                    expires: 2020-01-01
                """.formatted(org.id, BASELINE, sandbox));

        Run run = verify(emulator.endpoint(), "--config", layout.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isFalse();
        Map<String, JsonNode> checks = checks(report);
        assertStatus(checks, "no-expired-exceptions", "fail");
        assertThat(checks.get("no-expired-exceptions").get("message").asText())
                .contains("sandbox-lex", "2020-01-01", exception);
        for (String passing : List.of(
                "organization-all-features",
                "policy-type-enabled",
                "baseline-attached-to-root",
                "baseline-content-matches",
                "child-override-locked",
                "accounts-effective-optout",
                "no-unmanaged-weakening-policies")) {
            assertStatus(checks, passing, "pass");
        }
        // The live exception still applies, as the layout says: the sandbox's accounts get Lex opted in and are
        // compliant.
        Map<String, JsonNode> accounts = assertAccountsExactly(report, org);
        List<String> inSandbox = org.accountsUnder(sandbox);
        assertThat(inSandbox).isNotEmpty();
        accounts.forEach((id, a) -> {
            assertThat(a.get("compliant").asBoolean()).as(id).isTrue();
            assertThat(a.at("/effective/services/lex/opt_out_policy").asText())
                    .as(id)
                    .isEqualTo(inSandbox.contains(id) ? "optIn" : "optOut");
        });
    }

    @Test
    void anAccountWhoseEffectivePolicyCannotBeKnownIsUnverifiedNeverCompliant(Emulator emulator) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 2});
        org.accounts(14);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        String target = org.ous.get(0);
        // Not a valid AI opt-out policy ("maybe" is no value): AWS would reject it, but what is attached must not be
        // guessed at.
        String unreadable =
                org.policy("unreadable", "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"maybe\"}}}}");
        org.attach(unreadable, target);
        List<String> below = org.accountsUnder(target);

        Run run = verify(emulator.endpoint());
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isFalse();
        Map<String, JsonNode> accounts = assertAccountsExactly(report, org);
        accounts.forEach((id, a) -> {
            boolean unknown = below.contains(id);
            assertThat(a.get("compliant").asBoolean()).as(id).isEqualTo(!unknown);
            assertThat(a.get("source").asText()).as(id).isEqualTo(unknown ? "unverified" : "engine");
            if (unknown) {
                assertThat(a.get("notes").get(0).asText())
                        .as(id)
                        .startsWith("unverified: ")
                        .contains(unreadable, target);
            }
        });
        JsonNode summary = report.get("summary");
        assertThat(summary.get("unverified").asInt()).isEqualTo(below.size());
        assertThat(summary.get("compliant").asInt()).isEqualTo(14 - below.size());
        assertThat(summary.get("nonCompliant").asInt()).isZero();
        Map<String, JsonNode> checks = checks(report);
        assertStatus(checks, "accounts-effective-optout", "error");
        checks.forEach((id, c) -> {
            if (!id.equals("accounts-effective-optout")) {
                assertThat(c.get("status").asText()).as(id).isIn("pass", "skip");
            }
        });

        // Two policies at the root that disagree, in an order the List APIs do not tell: every account unverified.
        org.client.detachPolicy(r -> r.policyId(unreadable).targetId(target));
        org.attach(
                org.policy("root-opt-in", "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}"),
                org.rootId);
        Run order = verify(emulator.endpoint());
        assertThat(order.exit()).as(order.err()).isEqualTo(3);
        assertThat(order.json().get("compliant").asBoolean()).isFalse();
        assertThat(order.json().get("summary").get("unverified").asInt()).isEqualTo(14);
        assertThat(order.json().get("summary").get("compliant").asInt()).isZero();
        assertStatus(checks(order.json()), "accounts-effective-optout", "error");
    }

    @Test
    void credentialsOfAnAccountOutsideAnyOrganizationExitThreeNamingTheCall(Emulator emulator) {
        Run run = verify(emulator.endpoint());
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("DescribeOrganization failed", "not a member of an organization", "management account");

        Run snapshot = cli(
                "snapshot",
                "--endpoint-url",
                emulator.endpoint().toString(),
                "--output",
                dir.resolve("org.json").toString());
        assertThat(snapshot.exit()).as(snapshot.err()).isEqualTo(3);
        assertThat(snapshot.err()).contains("DescribeOrganization failed");
        assertThat(dir.resolve("org.json")).doesNotExist();
    }

    // ------------------------------------------------------------------ faults

    @Test
    void throttlingAndServerErrorsOnAFifthOfTheCallsNeverChangeTheReport(Emulator emulator) throws Exception {
        LexScenario s = foreignLexUnderDefaultLock(emulator);
        Run direct = verify(emulator.endpoint(), "--config", s.layout.toString());
        assertThat(direct.exit()).as(direct.err()).isEqualTo(1);
        JsonNode expected = comparable(direct.json());

        int totalFaults = 0;
        int compared = 0;
        Map<String, Integer> faultedOperations = new TreeMap<>();
        for (long seed : new long[] {1, 2, 3}) {
            String pageSize = seed == 1 ? "20" : seed == 2 ? "5" : "1";
            try (FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), 0.2, seed)) {
                long t0 = System.nanoTime();
                Run run = verify(proxy.endpoint(), "--config", s.layout.toString(), "--page-size", pageSize);
                String context = "seed " + seed + ", page size " + pageSize + ": " + proxy.faults() + " faults in "
                        + proxy.requests() + " requests " + proxy.faultsByOperation() + ", "
                        + (System.nanoTime() - t0) / 1_000_000
                        + " ms\n" + run.err();
                assertThat(run.exit()).as(context).isIn(1, 3);
                if (run.exit() == 1) {
                    assertThat(comparable(run.json())).as(context).isEqualTo(expected);
                    compared++;
                } else {
                    assertThat(run.out())
                            .as("no report when the audit is incomplete; " + context)
                            .isEmpty();
                    assertThat(run.err()).as(context).contains("audit incomplete");
                }
                totalFaults += proxy.faults();
                proxy.faultsByOperation().forEach((op, n) -> faultedOperations.merge(op, n, Integer::sum));
                assertThat(proxy.throttled()).as(context).isPositive();
                assertThat(proxy.serverErrors()).as(context).isPositive();
            }
        }
        // Ten attempts per call make an exhausted call (ten faults in a row) all but impossible at this rate:
        // a run that always ends with 3 means the faults are not retried.
        assertThat(compared).as("runs that completed despite the faults").isPositive();
        assertThat(totalFaults).isGreaterThan(20);
        assertThat(faultedOperations).containsKeys("ListAccountsForParent", "ListOrganizationalUnitsForParent");

        // One attempt per call: a fault cannot be retried away, so the run must stop with 3, never report.
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), 0.2, 4)) {
            Run run = verify(
                    proxy.endpoint(), "--config", s.layout.toString(), "--page-size", "1", "--max-attempts", "1");
            assertThat(proxy.faults()).isPositive();
            assertThat(run.exit()).as(run.err()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("audit incomplete", " failed: ");
        }
    }

    @Test
    void aCallThatKeepsFailingStopsTheAuditAndIsNamed(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(8);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, DEFAULT_LOCK_BASELINE), org.rootId);
        org.attach(org.policy(FOREIGN, LEX_OPT_IN), org.ous.get(0));
        // Losing any one of these answers could hide the foreign policy or accounts: each must stop the audit.
        for (String operation : List.of(
                "DescribeOrganization",
                "ListRoots",
                "ListPolicies",
                "DescribePolicy",
                "ListTargetsForPolicy",
                "ListOrganizationalUnitsForParent",
                "ListAccountsForParent")) {
            try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                    emulator.endpoint(),
                    FaultInjectingProxy.always(Set.of(operation), Fault.of(Kind.SERVER_ERROR)),
                    11)) {
                Run run = verify(proxy.endpoint(), "--max-attempts", "2");
                assertThat(run.exit()).as(operation + "\n" + run.err()).isEqualTo(3);
                assertThat(run.out()).as(operation).isEmpty();
                // The call, and what it was about (the parent, the policy), then what went wrong.
                assertThat(run.err())
                        .as(operation)
                        .containsPattern("audit incomplete: " + operation + "( \\S+)? failed: ");
                assertThat(run.err()).as(operation).doesNotContain("Exception", "\tat ");
                assertThat(proxy.faultsByOperation()).as(operation).isEqualTo(Map.of(operation, 2));

                Run snapshot =
                        cli("snapshot", "--endpoint-url", proxy.endpoint().toString(), "--max-attempts", "2");
                assertThat(snapshot.exit())
                        .as(operation + "\n" + snapshot.err())
                        .isEqualTo(3);
                assertThat(snapshot.out()).as(operation).isEmpty();
                assertThat(snapshot.err()).as(operation).containsPattern(operation + "( \\S+)? failed: ");
            }
        }
    }

    @Test
    void faultsOnEveryCallExhaustTheRetriesAndExitThree(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.accounts(3);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        // Server errors: throttled answers are retried until the deadline, and do not count against --max-attempts.
        try (FaultInjectingProxy proxy =
                FaultInjectingProxy.start(emulator.endpoint(), (operation, nth, r) -> Fault.of(Kind.SERVER_ERROR), 7)) {
            Run run = verify(proxy.endpoint(), "--max-attempts", "3");
            assertThat(run.exit()).as(run.err()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("audit incomplete", "DescribeOrganization failed");
            assertThat(proxy.requests())
                    .as("three attempts of the first call, then stop")
                    .isEqualTo(3);
            assertThat(proxy.forwarded()).isZero();

            Run snapshot = cli("snapshot", "--endpoint-url", proxy.endpoint().toString(), "--max-attempts", "3");
            assertThat(snapshot.exit()).as(snapshot.err()).isEqualTo(3);
            assertThat(snapshot.err()).contains("DescribeOrganization failed");
        }
    }

    // ------------------------------------------------------------------ snapshot, plan, other formats

    @Test
    void snapshotThenPlanAgreesWithVerify(Emulator emulator) throws Exception {
        LexScenario s = foreignLexUnderDefaultLock(emulator);
        TestOrg org = s.org;
        Path orgFile = dir.resolve("org.json");
        Run snapshot = cli(
                "snapshot",
                "--endpoint-url",
                emulator.endpoint().toString(),
                "--output",
                orgFile.toString(),
                "--page-size",
                "7");
        assertThat(snapshot.exit()).as(snapshot.err()).isEqualTo(0);
        assertThat(snapshot.out()).isEmpty();
        JsonNode written = JSON.readTree(Files.readString(orgFile));
        assertThat(written.get("organizationId").asText()).isEqualTo(org.id);
        assertThat(written.get("rootId").asText()).isEqualTo(org.rootId);

        // The layout that is live (the example with policy.lock: default): planning it again changes nothing,
        // so plan on the snapshot must say what verify says of the live organization, account by account.
        Map<String, JsonNode> agreed = assertAgreement(emulator, orgFile, s.layout, org);
        assertThat(agreed.entrySet().stream()
                        .filter(e -> !e.getValue().get("compliant").asBoolean())
                        .map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(s.affected);

        // The example itself (full lock): plan predicts that applying it blocks the foreign policy everywhere ...
        Path example = layoutFile("multi-ou.yaml", exampleLayout(org));
        Run planned = cli("plan", "--org", orgFile.toString(), "--config", example.toString(), "--format", "json");
        assertThat(planned.exit()).as(planned.err() + planned.out()).isEqualTo(0);
        planned.json()
                .get("accounts")
                .forEach(a -> assertThat(a.get("compliant").asBoolean())
                        .as(a.get("id").asText())
                        .isTrue());
        // ... and once the live baseline is the example's, verify agrees.
        org.client.updatePolicy(r -> r.policyId(s.baselineId).content(FULL_BASELINE));
        snapshot(emulator, orgFile);
        Map<String, JsonNode> fixed = assertAgreement(emulator, orgFile, example, org);
        fixed.values()
                .forEach(a -> assertThat(a.get("compliant").asBoolean())
                        .as(a.get("id").asText())
                        .isTrue());

        // A foreign policy at the root that opts Lex in and locks it: the example's lock cannot block a policy
        // beside it, so every account is non-compliant, live and planned alike.
        org.attach(
                org.policy(
                        "lex-everywhere",
                        "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"lex\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"opt_out_policy\":{"
                                + "\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optIn\"}}}}"),
                org.rootId);
        snapshot(emulator, orgFile);
        Map<String, JsonNode> broken = assertAgreement(emulator, orgFile, example, org);
        broken.values()
                .forEach(a -> assertThat(a.get("compliant").asBoolean())
                        .as(a.get("id").asText())
                        .isFalse());
    }

    private static void snapshot(Emulator emulator, Path orgFile) {
        Run run = cli("snapshot", "--endpoint-url", emulator.endpoint().toString(), "--output", orgFile.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
    }

    /** plan on the snapshot and verify on the live organization: the same accounts, paths, effective values and verdicts. */
    private Map<String, JsonNode> assertAgreement(Emulator emulator, Path orgFile, Path layout, TestOrg org) {
        Run plan = cli("plan", "--org", orgFile.toString(), "--config", layout.toString(), "--format", "json");
        Run verify = verify(emulator.endpoint(), "--config", layout.toString());
        String context = "plan\n" + plan.err() + plan.out() + "\nverify\n" + verify.err() + verify.out();
        assertThat(plan.exit()).as(context).isIn(0, 1);
        assertThat(verify.exit()).as(context).isEqualTo(plan.exit());
        Map<String, JsonNode> planned = accountsById(plan.json());
        Map<String, JsonNode> verified = assertAccountsExactly(verify.json(), org);
        assertThat(planned.keySet()).as(context).isEqualTo(verified.keySet());
        planned.forEach((id, p) -> {
            JsonNode v = verified.get(id);
            assertThat(p.get("compliant")).as(id).isEqualTo(v.get("compliant"));
            assertThat(p.get("path")).as(id).isEqualTo(v.get("path"));
            assertThat(p.get("effective")).as(id).isEqualTo(v.get("effective"));
            assertThat(p.get("intended")).as(id).isEqualTo(v.get("intended"));
        });
        return verified;
    }

    @Test
    void junitHasATestCasePerCheckAndAccountAndSarifAResultPerFailure(Emulator emulator) throws Exception {
        LexScenario s = foreignLexUnderDefaultLock(emulator);
        JsonNode report =
                verify(emulator.endpoint(), "--config", s.layout.toString()).json();
        Map<String, JsonNode> checks = checks(report);
        List<String> failingChecks = checks.entrySet().stream()
                .filter(e -> Set.of("fail", "error")
                        .contains(e.getValue().get("status").asText()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(failingChecks)
                .containsExactlyInAnyOrder("accounts-effective-optout", "no-unmanaged-weakening-policies");

        Path junitFile = dir.resolve("reports/verify.xml");
        Run junit = verify(
                emulator.endpoint(),
                "--config",
                s.layout.toString(),
                "--format",
                "junit",
                "--output",
                junitFile.toString());
        assertThat(junit.exit()).as(junit.err()).isEqualTo(1);
        assertThat(junit.out()).isEmpty();
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(junitFile))));
        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(checks.size() + 60);
        Map<String, Element> caseByCheck = new HashMap<>();
        Map<String, Element> caseByAccount = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals("ai-optout.checks")) {
                assertThat(caseByCheck.put(c.getAttribute("name"), c)).isNull();
            } else {
                assertThat(c.getAttribute("classname")).startsWith("ai-optout.accounts.");
                assertThat(caseByAccount.put(c.getAttribute("name").split(" ")[0], c))
                        .isNull();
            }
        }
        assertThat(caseByCheck.keySet()).isEqualTo(checks.keySet());
        assertThat(caseByAccount.keySet()).isEqualTo(s.org.accountParent.keySet());
        caseByCheck.forEach(
                (id, c) -> assertThat(c.getElementsByTagName("failure").getLength())
                        .as(id)
                        .isEqualTo(failingChecks.contains(id) ? 1 : 0));
        caseByAccount.forEach(
                (id, c) -> assertThat(c.getElementsByTagName("failure").getLength())
                        .as(id)
                        .isEqualTo(s.affected.contains(id) ? 1 : 0));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(checks.size() + 60));
        assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(failingChecks.size() + s.affected.size()));

        Run sarifRun = verify(emulator.endpoint(), "--config", s.layout.toString(), "--format", "sarif");
        assertThat(sarifRun.exit()).as(sarifRun.err()).isEqualTo(1);
        JsonNode sarif = sarifRun.json();
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode results = sarif.get("runs").get(0).get("results");
        assertThat(results.size()).isEqualTo(failingChecks.size() + s.affected.size());
        List<String> checkResults = new ArrayList<>();
        List<String> accountResults = new ArrayList<>();
        results.forEach(r -> {
            String rule = r.get("ruleId").asText();
            String where =
                    r.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText();
            if (where.equals("organization/" + s.org.id)) {
                checkResults.add(rule);
                assertThat(r.get("level").asText()).as(rule).isEqualTo("error");
            } else {
                String account = where.substring(where.lastIndexOf('/') + 1);
                accountResults.add(account);
                assertThat(rule).as(where).isEqualTo("accounts-effective-optout");
                assertThat(r.get("message").get("text").asText()).as(where).contains(account, "lex");
            }
        });
        assertThat(checkResults).containsExactlyInAnyOrderElementsOf(failingChecks);
        assertThat(accountResults).containsExactlyInAnyOrderElementsOf(s.affected);
        JsonNode rules = sarif.get("runs").get(0).at("/tool/driver/rules");
        Set<String> ruleNames = new HashSet<>();
        rules.forEach(r -> ruleNames.add(r.get("id").asText()));
        assertThat(ruleNames).isEqualTo(checks.keySet());
    }

    // ------------------------------------------------------------------ scenarios and assertions

    /** 60 accounts five levels deep; the default-lock baseline at the root; a foreign Lex opt-in on a level-2 OU with three levels below it. */
    private record LexScenario(
            TestOrg org,
            Path layout,
            String baselineId,
            String foreignPolicyId,
            String target,
            List<String> affected) {}

    private LexScenario foreignLexUnderDefaultLock(Emulator emulator) throws Exception {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(FIVE_DEEP);
        org.accounts(60);
        org.enableAiPolicies();
        String baseline = org.policy(BASELINE, DEFAULT_LOCK_BASELINE);
        org.attach(baseline, org.rootId);
        String target =
                org.ous.stream().filter(ou -> org.depth(ou) == 2).findFirst().orElseThrow();
        String foreign = org.policy(FOREIGN, LEX_OPT_IN);
        org.attach(foreign, target);
        List<String> affected = org.accountsUnder(target);
        assertThat(affected).hasSizeBetween(5, 30);
        assertThat(org.ous.stream()
                        .filter(ou -> org.isUnder(ou, target))
                        .mapToInt(org::depth)
                        .max()
                        .orElse(0))
                .isEqualTo(5);
        Path layout = layoutFile("default-lock.yaml", exampleLayout(org).replace("lock: full", "lock: default"));
        assertThat(Files.readString(layout)).contains("lock: default");
        return new LexScenario(org, layout, baseline, foreign, target, affected);
    }

    /** examples/multi-ou/ai-optout.yaml, adopting this organization. */
    static String exampleLayout(TestOrg org) throws Exception {
        String example = Files.readString(E2e.root().resolve("examples/multi-ou/ai-optout.yaml"));
        assertThat(example).contains("o-exampleorgid", "name: " + BASELINE, "lock: full", "attach: [root]");
        return example.replace("o-exampleorgid", org.id);
    }

    private Path layoutFile(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Exit 0, every check passing (or not applying), every account once, compliant, where it really is. */
    private static void assertCompliant(Run run, TestOrg org, boolean layoutGiven) {
        assertThat(run.exit()).as(run.err() + run.out()).isEqualTo(0);
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isTrue();
        assertThat(report.get("organizationId").asText()).isEqualTo(org.id);
        Map<String, JsonNode> checks = checks(report);
        for (String id : List.of(
                "organization-all-features",
                "policy-type-enabled",
                "baseline-attached-to-root",
                "child-override-locked",
                "accounts-effective-optout",
                "no-expired-exceptions",
                "no-unmanaged-weakening-policies")) {
            assertStatus(checks, id, "pass");
        }
        assertStatus(checks, "baseline-content-matches", layoutGiven ? "pass" : "skip");
        // The emulator does not implement DescribeEffectivePolicy: said so, and not counted as agreement.
        assertStatus(checks, "effective-policy-cross-check", "skip");
        assertThat(checks.get("effective-policy-cross-check").get("message").asText())
                .startsWith("cross-check unavailable");
        int all = org.accountParent.size();
        assertThat(checks.get("accounts-effective-optout").get("message").asText())
                .contains("all " + all + " accounts get the intended effective policy");

        Map<String, JsonNode> accounts = assertAccountsExactly(report, org);
        accounts.forEach((id, a) -> {
            assertThat(a.get("compliant").asBoolean()).as(id).isTrue();
            assertThat(a.get("source").asText()).as(id).isEqualTo("engine");
            assertThat(a.get("effective")).as(id).isEqualTo(a.get("intended"));
            assertThat(a.at("/effective/services/default/opt_out_policy").asText())
                    .as(id)
                    .isEqualTo("optOut");
        });
        JsonNode summary = report.get("summary");
        assertThat(summary.get("accounts").asInt()).isEqualTo(all);
        assertThat(summary.get("compliant").asInt()).isEqualTo(all);
        assertThat(summary.get("nonCompliant").asInt()).isZero();
        assertThat(summary.get("unverified").asInt()).isZero();
        assertThat(run.err()).contains("verify passed");
        assertThat(run.err())
                .as("no progress line when stderr is not a terminal")
                .doesNotContain("reading the organization");
    }

    /** Exit 1, not compliant, and no account compliant. */
    private static void assertNothingCompliant(Run run, TestOrg org) {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isFalse();
        Map<String, JsonNode> accounts = assertAccountsExactly(report, org);
        accounts.forEach(
                (id, a) -> assertThat(a.get("compliant").asBoolean()).as(id).isFalse());
        int all = org.accountParent.size();
        assertThat(report.get("summary").get("accounts").asInt()).isEqualTo(all);
        assertThat(report.get("summary").get("compliant").asInt()).isZero();
        assertThat(report.get("summary").get("nonCompliant").asInt()).isEqualTo(all);
        assertThat(report.get("summary").get("unverified").asInt()).isZero();
    }

    /**
     * Every account of the organization exactly once, whatever its state (each one with a state
     * AWS documents), under the OU path it was put in. Returns them by id.
     */
    private static Map<String, JsonNode> assertAccountsExactly(JsonNode report, TestOrg org) {
        Map<String, JsonNode> all = accountsById(report);
        assertThat(all.keySet()).isEqualTo(org.accountParent.keySet());
        all.forEach((id, a) -> {
            assertThat(a.get("state").asText())
                    .as("state of " + id)
                    .isEqualTo(org.closed.contains(id) ? "SUSPENDED" : "ACTIVE");
            List<String> path = new ArrayList<>();
            a.get("path").forEach(p -> path.add(p.asText()));
            assertThat(path).as("path of " + id).isEqualTo(org.pathNames(org.accountParent.get(id)));
        });
        return all;
    }

    private static Map<String, JsonNode> accountsById(JsonNode report) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        report.get("accounts")
                .forEach(a -> assertThat(byId.put(a.get("id").asText(), a))
                        .as("listed twice: " + a.get("id"))
                        .isNull());
        return byId;
    }

    /** The checks by id: each of the fixed ids exactly once. */
    private static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        report.get("checks")
                .forEach(c -> assertThat(byId.put(c.get("id").asText(), c)).isNull());
        assertThat(byId.keySet()).isEqualTo(CHECK_IDS);
        return byId;
    }

    private static void assertStatus(Map<String, JsonNode> checks, String id, String status) {
        assertThat(checks.get(id).get("status").asText())
                .as(id + ": " + checks.get(id).get("message").asText())
                .isEqualTo(status);
    }

    private static int apiCalls(Run run) {
        return run.json().get("summary").get("apiCalls").asInt();
    }

    /**
     * The report without what legitimately depends on how many calls were made: the call count,
     * and the reason the (unavailable) cross-check gives, which names the last answer received.
     */
    private static JsonNode comparable(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        ((ObjectNode) copy.get("summary")).remove("apiCalls");
        copy.get("checks").forEach(c -> {
            if (c.get("id").asText().equals("effective-policy-cross-check")
                    && c.get("status").asText().equals("skip")) {
                assertThat(c.get("message").asText()).startsWith("cross-check unavailable");
                ((ObjectNode) c).put("message", "cross-check unavailable");
            }
        });
        return copy;
    }

    // ------------------------------------------------------------------ running the command line

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON (exit " + exit + "):\n" + out + "\nstderr:\n" + err, e);
            }
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    /** verify against the endpoint, as JSON unless {@code more} names another format. */
    static Run verify(URI endpoint, String... more) {
        Stream<String> format = Arrays.asList(more).contains("--format") ? Stream.of() : Stream.of("--format", "json");
        return cli(Stream.of(Stream.of("verify", "--endpoint-url", endpoint.toString()), format, Arrays.stream(more))
                .flatMap(s -> s)
                .toArray(String[]::new));
    }

    // ------------------------------------------------------------------ building organizations

    /** An organization in the emulator, built through the SDK, with what each account's place in it should be. */
    static final class TestOrg {
        final OrganizationsClient client;
        final String id;
        final String rootId;
        final String managementAccountId;
        /** Root and OU ids to the names from the root down to them, inclusive. */
        final Map<String, List<String>> names = new HashMap<>();

        final Map<String, String> parentOf = new HashMap<>();
        /** OUs in creation order (depth first). */
        final List<String> ous = new ArrayList<>();
        /** Every account, the management account first, to its parent. */
        final Map<String, String> accountParent = new LinkedHashMap<>();

        final Set<String> closed = new HashSet<>();

        private TestOrg(
                OrganizationsClient client, String id, String rootId, String rootName, String managementAccountId) {
            this.client = client;
            this.id = id;
            this.rootId = rootId;
            this.managementAccountId = managementAccountId;
            names.put(rootId, List.of(rootName));
            accountParent.put(managementAccountId, rootId);
        }

        static TestOrg create(Emulator emulator, OrganizationFeatureSet features) {
            OrganizationsClient client = emulator.organizations();
            var org = client.createOrganization(r -> r.featureSet(features)).organization();
            var root = client.listRoots().roots().get(0);
            return new TestOrg(client, org.id(), root.id(), root.name(), org.masterAccountId());
        }

        /** OUs below the root, {@code fanout[i]} children under each OU of level i (the root is level 0). */
        void tree(int[] fanout) {
            tree(rootId, fanout, 0);
        }

        private void tree(String parent, int[] fanout, int level) {
            if (level == fanout.length) {
                return;
            }
            for (int i = 0; i < fanout[level]; i++) {
                String name = (level == 0 ? "Workloads" : names.get(parent).get(level)) + "-" + (i + 1);
                String ou = ou(parent, name);
                tree(ou, fanout, level + 1);
            }
        }

        String ou(String parent, String name) {
            String ou = client.createOrganizationalUnit(r -> r.parentId(parent).name(name))
                    .organizationalUnit()
                    .id();
            List<String> path = new ArrayList<>(names.get(parent));
            path.add(name);
            names.put(ou, List.copyOf(path));
            parentOf.put(ou, parent);
            ous.add(ou);
            return ou;
        }

        /** Creates accounts until the organization has {@code total}, the management account included, spread over the root and every OU. */
        void accounts(int total) {
            List<String> parents = new ArrayList<>();
            parents.add(rootId);
            parents.addAll(ous);
            int n = accountParent.size();
            for (int i = n; i < total; i++) {
                account(parents.get(i % parents.size()), String.format("account-%04d", i));
            }
        }

        String account(String parent, String name) {
            CreateAccountStatus status = client.createAccount(
                            r -> r.accountName(name).email(name + "@example.com"))
                    .createAccountStatus();
            String account = status.accountId() != null
                    ? status.accountId()
                    : client.describeCreateAccountStatus(r -> r.createAccountRequestId(status.id()))
                            .createAccountStatus()
                            .accountId();
            if (!parent.equals(rootId)) {
                client.moveAccount(
                        r -> r.accountId(account).sourceParentId(rootId).destinationParentId(parent));
            }
            accountParent.put(account, parent);
            return account;
        }

        void enableAiPolicies() {
            client.enablePolicyType(r -> r.rootId(rootId).policyType(PolicyType.AISERVICES_OPT_OUT_POLICY));
        }

        String policy(String name, String content) {
            return client.createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                            .name(name)
                            .description(name)
                            .content(content))
                    .policy()
                    .policySummary()
                    .id();
        }

        void attach(String policy, String target) {
            client.attachPolicy(r -> r.policyId(policy).targetId(target));
        }

        void close(String account) {
            client.closeAccount(r -> r.accountId(account));
            closed.add(account);
        }

        List<String> pathNames(String parent) {
            return names.get(parent);
        }

        int depth(String ou) {
            return names.get(ou).size() - 1;
        }

        int maxDepth() {
            return ous.stream().mapToInt(this::depth).max().orElse(0);
        }

        boolean isUnder(String node, String ancestor) {
            for (String n = node; n != null; n = parentOf.get(n)) {
                if (n.equals(ancestor)) {
                    return true;
                }
            }
            return false;
        }

        /** Accounts directly in the OU or in any OU below it. */
        List<String> accountsUnder(String ou) {
            List<String> out = new ArrayList<>();
            accountParent.forEach((account, parent) -> {
                if (isUnder(parent, ou)) {
                    out.add(account);
                }
            });
            return out;
        }
    }
}
