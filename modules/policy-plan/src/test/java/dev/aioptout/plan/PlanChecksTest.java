package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Quotas;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.policy.SourceLocation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The bad-input cases only a plan can show (issue 2): more than 5 policies on one target,
 * documents over 2,500 characters, and exceptions AWS would ignore under the chosen lock.
 */
class PlanChecksTest {

    static final String FILE = "ai-optout.yaml";
    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    /** Service keys AWS documents, without "default". */
    static final List<String> SERVICES =
            ServiceKeys.KNOWN.stream().filter(k -> !k.equals("default")).toList();

    static final String HEADER = """
            version: 1
            layout: multi-ou
            organization:
              id: o-exampleorgid
            """;

    static PolicyPlan plan(String text) {
        LayoutFile.Loaded loaded = LayoutFile.parse(FILE, text, OPTIONS);
        assertThat(loaded.problems()).as("the layout itself is fine").noneMatch(Problem::isError);
        return Planner.plan(loaded.layout());
    }

    /** The one error; warnings (a policy the layout does not manage, reported beside it) may come with it. */
    static Problem onlyError(List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        assertThat(errors).as(problems.toString()).hasSize(1);
        return errors.get(0);
    }

    static void assertAt(Problem p, int line, int column, String field) {
        assertThat(p.location()).as(p.format()).isEqualTo(SourceLocation.of(FILE, line, column));
        assertThat(p.field()).as(p.format()).isEqualTo(field);
    }

    static String exception(String name, String target, String services) {
        return "  - name: " + name + "\n"
                + "    targets: [" + target + "]\n"
                + "    services: {" + services + "}\n"
                + "    reason: \"ticket SEC-1\"\n";
    }

    @Nested
    class AttachmentQuota {

        @Test
        void sixPoliciesOnOneOuAreRefused() {
            StringBuilder text = new StringBuilder(HEADER).append("attach: [ou-ab12-34567890]\nexceptions:\n");
            for (int i = 0; i < 5; i++) {
                text.append(exception("e" + i, "ou-ab12-34567890", SERVICES.get(i) + ": optIn"));
            }
            // Five exceptions and the baseline: six policies attached directly to the OU.
            Problem p =
                    onlyErrorAbout(PlanChecks.check(plan(text.toString())), "AI opt-out policies would be attached");
            // Reported on the last exception's target, the sixth attachment.
            assertAt(p, 24, 15, "exceptions[4].targets[0]");
            assertThat(p.message()).isEqualTo("6 AI opt-out policies would be attached directly to ou-ab12-34567890");
            assertThat(p.hint())
                    .startsWith("AWS allows at most 5 per root, OU or account (inherited ones do not count)");
        }

        @Test
        void sixExceptionsOnOneOuAreRefused() {
            StringBuilder text = new StringBuilder(HEADER).append("exceptions:\n");
            for (int i = 0; i < 6; i++) {
                text.append(exception("e" + i, "ou-ab12-34567890", SERVICES.get(i) + ": optIn"));
            }
            Problem p = onlyError(PlanChecks.check(plan(text.toString())));
            assertAt(p, 27, 15, "exceptions[5].targets[0]");
            assertThat(p.message()).isEqualTo("6 AI opt-out policies would be attached directly to ou-ab12-34567890");
            assertThat(p.hint()).contains("at most 5").contains("merge exceptions that share targets");
        }

        @Test
        void fiveExceptionsOnOneAccountAreFine() {
            StringBuilder text = new StringBuilder(HEADER).append("exceptions:\n");
            for (int i = 0; i < 5; i++) {
                text.append(exception("e" + i, "\"111122223333\"", SERVICES.get(i) + ": optIn"));
            }
            assertThat(PlanChecks.check(plan(text.toString()))).isEmpty();
        }

        /** With the baseline on the same OU, the first-attached rule also blocks exceptions; only the quota matters here. */
        private Problem onlyErrorAbout(List<Problem> problems, String text) {
            List<Problem> quota =
                    problems.stream().filter(p -> p.message().contains(text)).toList();
            return onlyError(quota);
        }
    }

    @Nested
    class OrganizationQuotas {

        /** 1,000 exceptions and the baseline: one policy more than AWS allows in an organization. */
        @Test
        void moreThanAThousandPoliciesAreRefused() {
            StringBuilder text = new StringBuilder(HEADER).append("exceptions:\n");
            for (int i = 0; i < Quotas.MAX_POLICIES_PER_ORGANIZATION; i++) {
                text.append(exception("e" + i, String.format("\"%012d\"", i), "lex: optIn"));
            }
            Problem p = onlyError(PlanChecks.check(plan(text.toString())));
            assertAt(p, 6, 3, "exceptions");
            assertThat(p.message()).isEqualTo("the organization would hold 1001 AI opt-out policies");
            assertThat(p.hint()).startsWith("AWS allows at most 1000 per organization");
        }

        @Test
        void anOrganizationFileWithMoreOusThanAwsAllowsIsRefused() {
            List<OrgNode> ous = new ArrayList<>();
            for (int i = 0; i <= Quotas.MAX_OUS; i++) {
                ous.add(new OrgNode(
                        NodeKind.ORGANIZATIONAL_UNIT,
                        String.format("ou-ab12-%08d", i),
                        "ou" + i,
                        null,
                        List.of(),
                        List.of()));
            }
            ous.add(OrgNode.account("111111111111", "management", List.of()));
            OrgNode root = new OrgNode(NodeKind.ROOT, "r-ab12", "Root", null, List.of(), ous);
            PolicyPlan plan = plan(HEADER);
            Organization org = new Organization("o-exampleorgid", "r-ab12", List.of(), List.of(), root, false);
            Problem p = onlyError(PlanChecks.structural(plan, PlannedOrganization.overlay(org, plan)));
            assertThat(p.message()).isEqualTo("the organization has 2001 OUs");
            assertThat(p.hint()).startsWith("AWS allows at most 2000 OUs in an organization");
        }
    }

    @Nested
    class DocumentSize {

        @Test
        void baselineWithEveryServiceListedIsTooBig() {
            StringBuilder text = new StringBuilder(HEADER).append("policy:\n  lock: full\n  services:\n");
            SERVICES.forEach(s -> text.append("    ").append(s).append(": optIn\n"));
            PolicyPlan plan = plan(text.toString());
            Problem p = onlyError(PlanChecks.check(plan));
            assertAt(p, 6, 3, "policy");
            assertThat(p.message())
                    .isEqualTo("the baseline policy is "
                            + plan.baseline().content().length() + " characters of JSON");
            assertThat(plan.baseline().content().length()).isGreaterThan(Quotas.MAX_DOCUMENT_CHARS);
            assertThat(p.hint()).startsWith("AWS accepts at most 2500 per AI opt-out policy");
        }

        @Test
        void manyExceptedServicesMakeTheBaselineTooBig() {
            // Each exception is small, but under a full lock the baseline opens an entry per excepted service.
            StringBuilder text = new StringBuilder(HEADER).append("policy:\n  default: optOut\nexceptions:\n");
            for (int i = 0; i < SERVICES.size(); i++) {
                text.append(exception("e" + i, String.format("ou-ab12-%08d", i), SERVICES.get(i) + ": optIn"));
            }
            PolicyPlan plan = plan(text.toString());
            assertThat(plan.exceptions()).allMatch(e -> e.content().length() <= Quotas.MAX_DOCUMENT_CHARS);
            Problem p = onlyError(PlanChecks.check(plan));
            assertAt(p, 6, 3, "policy");
            assertThat(p.message()).startsWith("the baseline policy is ").endsWith(" characters of JSON");
            assertThat(p.hint()).contains("at most 2500");
        }

        @Test
        void exceptionDocumentTooBigUnderFullLock() {
            // Under a full lock every entry of an exception carries its own lock: 19 services do not fit,
            // and the baseline, which opens a door per excepted service, does not either.
            StringBuilder services = new StringBuilder();
            SERVICES.forEach(s -> services.append(services.length() == 0 ? "" : ", ")
                    .append(s)
                    .append(": optIn"));
            String text = HEADER + "policy:\n  lock: full\nexceptions:\n"
                    + exception("everything", "ou-ab12-34567890", services.toString());
            PolicyPlan plan = plan(text);
            PlannedPolicy everything = plan.exceptions().get(0);
            assertThat(everything.content().length()).isGreaterThan(Quotas.MAX_DOCUMENT_CHARS);
            List<Problem> problems = PlanChecks.check(plan);
            assertThat(problems).hasSize(2).allMatch(Problem::isError);
            assertAt(problems.get(0), 6, 3, "policy");
            assertThat(problems.get(0).message())
                    .isEqualTo("the baseline policy is "
                            + plan.baseline().content().length() + " characters of JSON");
            Problem p = problems.get(1);
            assertAt(p, 8, 5, "exceptions[0]");
            assertThat(p.message())
                    .isEqualTo("exception \"everything\" is "
                            + everything.content().length() + " characters of JSON");
            assertThat(p.hint()).isEqualTo("AWS accepts at most 2500 per AI opt-out policy; list fewer services");
        }

        @Test
        void exceptionDocumentTooBigWithManyPerServiceEntries() {
            // AWS adds services over time, so unknown keys are only warnings; enough of them overflow the document.
            StringBuilder services = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                services.append(i == 0 ? "" : ", ")
                        .append("futureservicewithalongname")
                        .append(i)
                        .append(": optIn");
            }
            String text = HEADER + "policy:\n  lock: default\nexceptions:\n"
                    + exception("future", "ou-ab12-34567890", services.toString());
            LayoutFile.Loaded loaded = LayoutFile.parse(FILE, text, OPTIONS);
            assertThat(loaded.problems()).hasSize(40).noneMatch(Problem::isError);
            PolicyPlan plan = Planner.plan(loaded.layout());
            assertThat(plan.baseline().content().length()).isLessThan(Quotas.MAX_DOCUMENT_CHARS);
            Problem p = onlyError(PlanChecks.check(plan));
            assertAt(p, 8, 5, "exceptions[0]");
            assertThat(p.message())
                    .isEqualTo("exception \"future\" is "
                            + plan.exceptions().get(0).content().length() + " characters of JSON");
            assertThat(plan.exceptions().get(0).content().length()).isGreaterThan(Quotas.MAX_DOCUMENT_CHARS);
        }
    }

    @Nested
    class IgnoredUnderTheLock {

        @Test
        void lockDefaultIgnoresAnExceptionThatSetsDefault() {
            String text = HEADER + """
                    policy:
                      lock: default
                    exceptions:
                      - name: open-default
                        targets: [ou-ab12-34567890]
                        services: {default: optIn}
                        reason: "ticket SEC-2"
                    """;
            Problem p = onlyError(PlanChecks.check(plan(text)));
            assertAt(p, 8, 5, "exceptions[0]");
            assertThat(p.message())
                    .startsWith("exception \"open-default\" would not take effect for an account in ou-ab12-34567890:"
                            + " \"default\" would be optOut, not optIn");
            assertThat(p.hint())
                    .isEqualTo("policy.lock: default locks \"default\"; an exception can change named services only,"
                            + " or use policy.lock: none");
        }

        @Test
        void lockFullIgnoresAnExceptionThatSetsDefault() {
            String text = HEADER + """
                    policy:
                      lock: full
                    exceptions:
                      - name: open-default
                        targets: ["111122223333"]
                        services: {default: optIn, lex: optIn}
                        reason: "ticket SEC-2"
                    """;
            Problem p = onlyError(PlanChecks.check(plan(text)));
            assertAt(p, 8, 5, "exceptions[0]");
            assertThat(p.message())
                    .startsWith("exception \"open-default\" would not take effect for account 111122223333:"
                            + " \"default\" would be optOut, not optIn");
            assertThat(p.hint()).startsWith("policy.lock: full locks \"default\"");
        }

        @Test
        void lockNoneLetsAnExceptionSetDefault() {
            String text = HEADER + """
                    policy:
                      lock: none
                    exceptions:
                      - name: open-default
                        targets: [ou-ab12-34567890]
                        services: {default: optIn}
                        reason: "ticket SEC-2"
                    """;
            assertThat(PlanChecks.check(plan(text))).isEmpty();
        }

        @Test
        void exceptionOnTheBaselinesOwnTargetLosesToTheFirstAttached() {
            String text = HEADER + """
                    attach: [ou-ab12-34567890]
                    exceptions:
                      - name: same-node
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: "ticket SEC-3"
                    """;
            Problem p = onlyError(PlanChecks.check(plan(text)));
            assertAt(p, 7, 5, "exceptions[0]");
            assertThat(p.message())
                    .startsWith("exception \"same-node\" would not take effect for an account in ou-ab12-34567890:"
                            + " \"lex\" would be optOut, not optIn")
                    .contains("(first attached wins)");
            assertThat(p.hint())
                    .startsWith("two policies attached to the same node set \"lex\" and the first attached wins");
        }

        @Test
        void sameNodeConflictAlsoWithoutALock() {
            String text = HEADER + """
                    policy:
                      lock: none
                      services: {lex: optOut}
                    attach: [ou-ab12-34567890]
                    exceptions:
                      - name: same-node
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: "ticket SEC-3"
                    """;
            Problem p = onlyError(PlanChecks.check(plan(text)));
            assertAt(p, 10, 5, "exceptions[0]");
            assertThat(p.hint()).startsWith("two policies attached to the same node");
        }

        @Test
        void exceptionBelowAnotherExceptionUnderFullLockIsIgnoredInTheRealTree() {
            String text = HEADER + """
                    policy:
                      lock: full
                    exceptions:
                      - name: sandbox-open
                        targets: [ou-ab12-11111111]
                        services: {lex: optIn}
                        reason: "ticket SEC-4"
                      - name: team-closed
                        targets: [ou-ab12-22222222]
                        services: {lex: optOut}
                        reason: "ticket SEC-5"
                    """;
            PolicyPlan plan = plan(text);
            // Without the tree each OU sits directly under the root, so nothing is wrong.
            assertThat(PlanChecks.check(plan)).isEmpty();

            OrgNode account = OrgNode.account("999988887777", "team-dev", List.of());
            OrgNode team = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-22222222", "Team", null, List.of(), List.of(account));
            OrgNode sandbox = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT,
                    "ou-ab12-11111111",
                    "Sandbox",
                    null,
                    List.of(),
                    List.of(team, OrgNode.account("555566667777", "sandbox-dev", List.of())));
            OrgNode root = new OrgNode(
                    NodeKind.ROOT,
                    "r-ab12",
                    "Root",
                    null,
                    List.of(),
                    List.of(sandbox, OrgNode.account("111122223333", "management", List.of())));
            Organization org = new Organization(
                    "o-exampleorgid", "r-ab12", List.of("AISERVICES_OPT_OUT_POLICY"), List.of(), root, true);

            Problem p = onlyError(PlanChecks.check(plan, PlannedOrganization.overlay(org, plan)));
            assertAt(p, 12, 5, "exceptions[1]");
            assertThat(p.message())
                    .startsWith("exception \"team-closed\" would not take effect for team-dev:"
                            + " \"lex\" would be optIn, not optOut");
            assertThat(p.hint())
                    .isEqualTo("under policy.lock: full an exception also locks its own values below its targets;"
                            + " do not override one exception with another below it");
        }

        @Test
        void nestedExceptionsAreFineWhenTheyDoNotOverrideEachOther() {
            String text = HEADER + """
                    exceptions:
                      - name: sandbox-open
                        targets: [ou-ab12-11111111]
                        services: {lex: optIn}
                        reason: "ticket SEC-4"
                      - name: team-polly
                        targets: [ou-ab12-22222222]
                        services: {polly: optIn}
                        reason: "ticket SEC-5"
                    """;
            PolicyPlan plan = plan(text);
            OrgNode team = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT,
                    "ou-ab12-22222222",
                    "Team",
                    null,
                    List.of(),
                    List.of(OrgNode.account("999988887777", "team-dev", List.of())));
            OrgNode sandbox = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-11111111", "Sandbox", null, List.of(), List.of(team));
            OrgNode root = new OrgNode(NodeKind.ROOT, "r-ab12", "Root", null, List.of(), List.of(sandbox));
            Organization org = new Organization("o-exampleorgid", "r-ab12", List.of(), List.of(), root, true);
            assertThat(PlanChecks.check(plan, PlannedOrganization.overlay(org, plan)))
                    .isEmpty();
        }
    }

    @Nested
    class AgainstTheRealOrganization {

        @Test
        void targetsTheOrganizationDoesNotHaveAreRefused() {
            String text = HEADER + """
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-11111111, "111122223333", ou-ab12-99999999]
                        services: {lex: optIn}
                        reason: "ticket SEC-8"
                    """;
            PolicyPlan plan = plan(text);
            OrgNode sandbox = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT,
                    "ou-ab12-11111111",
                    "Sandbox",
                    null,
                    List.of(),
                    List.of(OrgNode.account("555566667777", "sandbox-dev", List.of())));
            OrgNode root = new OrgNode(
                    NodeKind.ROOT,
                    "r-ab12",
                    "Root",
                    null,
                    List.of(),
                    List.of(sandbox, OrgNode.account("111122223333", "management", List.of())));
            Organization org = new Organization("o-exampleorgid", "r-ab12", List.of(), List.of(), root, true);
            Problem p = onlyError(PlanChecks.check(plan, PlannedOrganization.overlay(org, plan)));
            assertAt(p, 7, 49, "exceptions[0].targets[2]");
            assertThat(p.message()).isEqualTo("OU ou-ab12-99999999 is not in the organization");
            assertThat(p.hint()).startsWith("check the id against the organization");
        }

        /** The root with two existing AI policies, listed in the given order (the List APIs promise none). */
        private Organization twoRootPolicies(List<String> listed, String secondContent) {
            OrgNode root = new OrgNode(
                    NodeKind.ROOT,
                    "r-ab12",
                    "Root",
                    null,
                    listed,
                    List.of(OrgNode.account("111122223333", "management", List.of())));
            return new Organization(
                    "o-exampleorgid",
                    "r-ab12",
                    List.of("AISERVICES_OPT_OUT_POLICY"),
                    List.of(
                            new OrgPolicy(
                                    "p-11111111",
                                    "legacy-out",
                                    "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}"),
                            new OrgPolicy("p-22222222", "legacy-in", secondContent)),
                    root,
                    false);
        }

        @Test
        void aProofThatDependsOnAnUnknownAttachmentOrderIsRefusedInEitherListingOrder() {
            PolicyPlan plan = plan(HEADER);
            String optIn = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
            for (List<String> order :
                    List.of(List.of("p-11111111", "p-22222222"), List.of("p-22222222", "p-11111111"))) {
                Problem p = onlyError(
                        PlanChecks.check(plan, PlannedOrganization.overlay(twoRootPolicies(order, optIn), plan)));
                assertThat(p.message())
                        .as(order.toString())
                        .startsWith("the outcome cannot be proven: ")
                        .contains("legacy-out", "p-11111111", "legacy-in", "p-22222222", "Root", "order is not known");
                assertThat(p.hint()).contains("merge the two policies", "re-attach them in the intended order");
                // Named at the baseline, the planned policy whose proof it defeats (the layout leaves it to defaults).
                assertThat(p.field()).isEqualTo("policy");
            }
        }

        @Test
        void anUndocumentedChildControlThatDecidesAnExceptionIsRefused() {
            String text = HEADER + """
                    policy:
                      lock: none
                    exceptions:
                      - name: sandbox
                        targets: ["111122223333"]
                        services: {lex: optIn}
                        reason: "ticket SEC-9"
                    """;
            PolicyPlan plan = plan(text);
            String append = "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@append\"]}}";
            Problem p = onlyError(PlanChecks.check(
                    plan, PlannedOrganization.overlay(twoRootPolicies(List.of("p-22222222"), append), plan)));
            assertThat(p.message()).contains("legacy-in", "p-22222222", "@@append", "not known");
            assertThat(p.hint()).contains("[\"@@assign\"] or [\"@@none\"]");
            assertAt(p, 8, 5, "exceptions[0]");
        }
    }

    @Nested
    class Passing {

        @Test
        void unknownServiceKeyStaysAWarningThroughThePlan() {
            String text = HEADER + """
                    policy:
                      services: {rekogniton: optOut}
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {newservice: optIn}
                        reason: "ticket SEC-6"
                    """;
            LayoutFile.Loaded loaded = LayoutFile.parse(FILE, text, OPTIONS);
            assertThat(loaded.problems()).hasSize(2).noneMatch(Problem::isError);
            List<Problem> problems = PlanChecks.check(Planner.plan(loaded.layout()));
            assertThat(problems).noneMatch(Problem::isError);
        }

        @Test
        void exceptionsOnAccountAndOuUnderFullLock() {
            String text = HEADER + """
                    policy:
                      services: {rekognition: optOut}
                    exceptions:
                      - name: sandbox-lex
                        targets: [ou-ab12-34567890, "111122223333"]
                        services: {lex: optIn, rekognition: optIn}
                        reason: "ticket SEC-7"
                    """;
            PolicyPlan plan = plan(text);
            assertThat(PlanChecks.check(plan)).isEmpty();
            assertThat(plan.exceptions()).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("ai-optout-all-services-exception-sandbox-lex");
                assertThat(e.tags()).containsEntry(Planner.TAG_EXCEPTION, "sandbox-lex");
            });
        }

        @Test
        void layoutWithoutAFileHasNoLocation() {
            Layout layout = LayoutFile.embeddedDefault(OPTIONS).layout();
            assertThat(PlanChecks.check(Planner.plan(layout))).isEmpty();
        }
    }
}
