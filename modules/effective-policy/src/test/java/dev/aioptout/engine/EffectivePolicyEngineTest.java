package dev.aioptout.engine;

import static dev.aioptout.engine.Orgs.ROOT_ID;
import static dev.aioptout.engine.Orgs.account;
import static dev.aioptout.engine.Orgs.assign;
import static dev.aioptout.engine.Orgs.evaluate;
import static dev.aioptout.engine.Orgs.ou;
import static dev.aioptout.engine.Orgs.outcome;
import static dev.aioptout.engine.Orgs.policy;
import static dev.aioptout.engine.Orgs.root;
import static dev.aioptout.policy.OptValue.OPT_IN;
import static dev.aioptout.policy.OptValue.OPT_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EffectivePolicyEngineTest {

    private static final String OU_A = "ou-ab12-aaaaaaaa";
    private static final String OU_B = "ou-ab12-bbbbbbbb";
    private static final String OU_C = "ou-ab12-cccccccc";
    private static final String ACCT_1 = "111111111111";
    private static final String ACCT_2 = "222222222222";
    private static final String ACCT_3 = "333333333333";
    private static final String ACCT_4 = "444444444444";

    private static final String CONTROL = "\"@@operators_allowed_for_child_policies\"";

    private static Origin at(String policyId, String policyName, String nodeId, String nodeName) {
        return new Origin(policyId, policyName, nodeId, nodeName);
    }

    private static Map<String, OptValue> values(AccountOutcome outcome) {
        return outcome.effective().values();
    }

    @Nested
    class DocumentedExamples {

        private final OrgPolicy example1 = policy("p-example1", "lock-everything", Orgs.EXAMPLE_1);

        @Test
        void example1AtTheRootIgnoresAnAccountsOptInToDefault() {
            OrgPolicy optIn = policy("p-optin", "opt-in-everything", assign("default", "optIn"));
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-example1"), ou(OU_A, "Workloads", List.of(), account(ACCT_1, "dev", "p-optin"))),
                    example1,
                    optIn);

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(values(acct)).containsExactlyEntriesOf(Map.of("default", OPT_OUT));
            assertThat(acct.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(acct.effective().decidedBy("lex"))
                    .contains(at("p-example1", "lock-everything", ROOT_ID, "Root"));
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("default");
                assertThat(n.source()).isEqualTo(at("p-optin", "opt-in-everything", ACCT_1, "dev"));
                assertThat(n.blocking()).isEqualTo(at("p-example1", "lock-everything", ROOT_ID, "Root"));
                assertThat(n.message())
                        .contains("\"lock-everything\" (p-example1)")
                        .contains("optIn");
            });
            assertThat(ev.policyProblems()).isEmpty();
        }

        @Test
        void example1AtTheRootIgnoresAnAccountAddingAServiceKey() {
            OrgPolicy lexIn = policy("p-lex", "lex-in", Orgs.EXAMPLE_2_CHILD);
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-example1"), ou(OU_A, "Workloads", List.of(), account(ACCT_1, "dev", "p-lex"))),
                    example1,
                    lexIn);

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().settings()).doesNotContainKey("lex");
            assertThat(acct.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.source().policyId()).isEqualTo("p-lex");
                assertThat(n.blocking()).isEqualTo(at("p-example1", "lock-everything", ROOT_ID, "Root"));
                assertThat(n.message()).contains("\"lex\"").contains("\"services\" is locked");
            });
            assertThat(acct.effective().toJson())
                    .isEqualTo("{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"}}}");
        }

        @Test
        void example1AlsoBlocksAnOusExceptionForEveryAccountBelowIt() {
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of("p-example1"),
                            ou(OU_A, "Research", List.of("p-lex"), account(ACCT_1, "a"), account(ACCT_2, "b"))),
                    example1,
                    policy("p-lex", "lex-in", Orgs.EXAMPLE_2_CHILD));

            for (AccountOutcome acct : ev.accounts()) {
                assertThat(acct.effective().resolve("lex")).contains(OPT_OUT);
                assertThat(acct.notes())
                        .extracting(Note::kind, Note::key, n -> n.source().nodeId())
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(Note.Kind.IGNORED_CHANGE, "lex", OU_A));
            }
        }

        @Test
        void example2AccountGetsLexOnly() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-parent"), account(ACCT_1, "ml", "p-child"), account(ACCT_2, "other")),
                    policy("p-parent", "default-locked", Orgs.EXAMPLE_2_PARENT),
                    policy("p-child", "lex-in", Orgs.EXAMPLE_2_CHILD));

            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(values(ml))
                    .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("default", OPT_OUT, "lex", OPT_IN)));
            assertThat(ml.effective().resolve("lex")).contains(OPT_IN);
            assertThat(ml.effective().resolve("polly")).contains(OPT_OUT);
            assertThat(ml.effective().resolve("rekognition")).contains(OPT_OUT);
            assertThat(ml.notes()).isEmpty();
            assertThat(ml.effective().decidedBy("lex")).contains(at("p-child", "lex-in", ACCT_1, "ml"));
            // Operators stripped, in the shape DescribeEffectivePolicy returns (docs/policy-semantics.md, section 4).
            assertThat(ml.effective().toJson())
                    .isEqualTo(
                            "{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"},\"lex\":{\"opt_out_policy\":\"optIn\"}}}");

            AccountOutcome other = outcome(ev, ACCT_2);
            assertThat(other.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(values(other)).containsOnlyKeys("default");
        }

        @Test
        void example2StillLocksDefault() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-parent"), account(ACCT_1, "ml", "p-default-in")),
                    policy("p-parent", "default-locked", Orgs.EXAMPLE_2_PARENT),
                    policy("p-default-in", null, assign("default", "optIn")));

            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(ml.effective().resolve("default")).contains(OPT_OUT);
            assertThat(ml.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("default");
                assertThat(n.blocking().policyId()).isEqualTo("p-parent");
            });
        }

        @Test
        void createExampleOptsEveryAccountOutExceptRekognition() {
            Evaluation ev = evaluate(
                    false,
                    root(List.of("p-create"), ou(OU_A, "A", List.of(), account(ACCT_1, "a")), account(ACCT_2, "b")),
                    policy("p-create", "ai-optout", Orgs.CREATE));

            assertThat(ev.accounts()).hasSize(2);
            for (AccountOutcome acct : ev.accounts()) {
                assertThat(acct.effective().resolve("rekognition")).contains(OPT_IN);
                assertThat(acct.effective().resolve("polly")).contains(OPT_OUT);
                assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
                assertThat(acct.effective().resolve("some-future-service")).contains(OPT_OUT);
                assertThat(acct.notes()).isEmpty();
                assertThat(acct.effective().decidedBy("polly")).contains(at("p-create", "ai-optout", ROOT_ID, "Root"));
            }
            assertThat(ev.policyProblems()).isEmpty();
        }
    }

    @Nested
    class Assign {

        @Test
        void eachLevelOverwritesWhatItInheritsWhenNothingIsLocked() {
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of("p-root-out"),
                            ou(
                                    OU_A,
                                    "A",
                                    List.of("p-in"),
                                    account(ACCT_1, "back-out", "p-out"),
                                    account(ACCT_2, "inherits"))),
                    policy("p-root-out", null, assign("default", "optOut")),
                    policy("p-in", null, assign("default", "optIn")),
                    policy("p-out", null, assign("default", "optOut")));

            AccountOutcome backOut = outcome(ev, ACCT_1);
            assertThat(backOut.effective().resolve("default")).contains(OPT_OUT);
            assertThat(backOut.effective().decidedBy("default")).contains(at("p-out", null, ACCT_1, "back-out"));
            assertThat(backOut.notes()).isEmpty();

            AccountOutcome inherits = outcome(ev, ACCT_2);
            assertThat(inherits.effective().resolve("default")).contains(OPT_IN);
            assertThat(inherits.effective().decidedBy("default").orElseThrow().policyId())
                    .isEqualTo("p-in");
        }

        @Test
        void assignAddsAKeyWhereNoneWasInherited() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of(), ou(OU_A, "A", List.of("p-polly"), account(ACCT_1, "a"))),
                    policy("p-polly", null, assign("polly", "optIn")));

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(values(acct)).containsExactlyEntriesOf(Map.of("polly", OPT_IN));
            assertThat(acct.effective().resolve("lex"))
                    .as("no default anywhere: no organization setting")
                    .isEmpty();
        }

        @Test
        void noPoliciesMeansNoSetting() {
            Evaluation ev = evaluate(true, root(List.of(), account(ACCT_1, "a")));
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective()).isEqualTo(EffectivePolicy.EMPTY);
            assertThat(acct.effective().resolve("default")).isEmpty();
            assertThat(acct.effective().toJson()).isEqualTo("{\"services\":{}}");
        }

        @Test
        void aPolicyAttachedToAnAccountAppliesToThatAccountOnly() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-out"), account(ACCT_1, "a", "p-in"), account(ACCT_2, "b")),
                    policy("p-out", null, assign("default", "optOut")),
                    policy("p-in", null, assign("default", "optIn")));
            assertThat(outcome(ev, ACCT_1).effective().resolve("default")).contains(OPT_IN);
            assertThat(outcome(ev, ACCT_2).effective().resolve("default")).contains(OPT_OUT);
        }
    }

    @Nested
    class ChildControls {

        @Test
        void aValueLockIsNeverLiftedLowerDown() {
            OrgPolicy lock = policy(
                    "p-lock",
                    "lock-lex",
                    "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@none\"],\"@@assign\":\"optOut\"}}}}");
            OrgPolicy reopen = policy(
                    "p-reopen",
                    "reopen-lex",
                    "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL + ":[\"@@all\"]}}}}");
            OrgPolicy lexIn = policy("p-lex-in", "lex-in", assign("lex", "optIn"));
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of(),
                            ou(
                                    OU_A,
                                    "Locked",
                                    List.of("p-lock"),
                                    ou(OU_B, "Reopened", List.of("p-reopen"), account(ACCT_1, "a", "p-lex-in")))),
                    lock,
                    reopen,
                    lexIn);

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(acct.effective().decidedBy("lex").orElseThrow().policyId())
                    .isEqualTo("p-lock");
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.source().policyId()).isEqualTo("p-lex-in");
                // The lock that decided is the OU's, not the deeper @@all.
                assertThat(n.blocking()).isEqualTo(at("p-lock", "lock-lex", OU_A, "Locked"));
            });
        }

        @Test
        void aServicesLockIsNeverLiftedLowerDown() {
            OrgPolicy lock = policy("p-lock", null, "{\"services\":{" + CONTROL + ":[\"@@none\"]}}");
            OrgPolicy reopen = policy(
                    "p-reopen",
                    null,
                    "{\"services\":{" + CONTROL + ":[\"@@all\"],"
                            + "\"translate\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
            OrgPolicy pollyIn = policy("p-polly", null, assign("polly", "optIn"));
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-lock"), ou(OU_A, "A", List.of("p-reopen"), account(ACCT_1, "a", "p-polly"))),
                    lock,
                    reopen,
                    pollyIn);

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().settings()).isEmpty();
            assertThat(acct.notes()).extracting(Note::key).containsExactly("translate", "polly");
            assertThat(acct.notes()).allSatisfy(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.blocking().policyId()).isEqualTo("p-lock");
            });
        }

        @Test
        void aLockAppliesBelowItsNodeOnly() {
            OrgPolicy lock = policy(
                    "p-lock",
                    null,
                    "{\"services\":{\"default\":{\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@none\"],\"@@assign\":\"optOut\"}}}}");
            OrgPolicy in = policy("p-in", null, assign("default", "optIn"));
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of(),
                            ou(OU_A, "Locked", List.of("p-lock"), account(ACCT_1, "a", "p-in")),
                            ou(OU_B, "Open", List.of(), account(ACCT_2, "b", "p-in"))),
                    lock,
                    in);

            assertThat(outcome(ev, ACCT_1).effective().resolve("default")).contains(OPT_OUT);
            assertThat(outcome(ev, ACCT_1).notes()).hasSize(1);
            assertThat(outcome(ev, ACCT_2).effective().resolve("default")).contains(OPT_IN);
            assertThat(outcome(ev, ACCT_2).notes()).isEmpty();
        }

        @Test
        void assignOnlyStillLetsChildrenAssign() {
            OrgPolicy parent = policy(
                    "p-parent",
                    null,
                    "{\"services\":{" + CONTROL + ":[\"@@assign\"],"
                            + "\"default\":{" + CONTROL + ":[\"@@assign\"],\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@assign\"],\"@@assign\":\"optOut\"}}}}");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-parent"), account(ACCT_1, "a", "p-default-in", "p-lex-in")),
                    parent,
                    policy("p-default-in", null, assign("default", "optIn")),
                    policy("p-lex-in", null, assign("lex", "optIn")));

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(values(acct)).containsExactlyInAnyOrderEntriesOf(Map.of("default", OPT_IN, "lex", OPT_IN));
            assertThat(acct.notes()).isEmpty();
        }

        @Test
        void settingALockedValueToWhatItAlreadyIsIsNotReported() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-example1"), account(ACCT_1, "a", "p-out")),
                    policy("p-example1", null, Orgs.EXAMPLE_1),
                    policy("p-out", null, assign("default", "optOut")));
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
            assertThat(acct.notes()).isEmpty();
        }

        @Test
        void anEntryLockBlocksAddingAValueUnderAnEntryThatHasNone() {
            OrgPolicy lockEntry = policy("p-lock", null, "{\"services\":{\"lex\":{" + CONTROL + ":[\"@@none\"]}}}");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-lock"), account(ACCT_1, "a", "p-lex-in")),
                    lockEntry,
                    policy("p-lex-in", null, assign("lex", "optIn")));

            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("lex")).isEmpty();
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.blocking().policyId()).isEqualTo("p-lock");
            });
        }
    }

    @Nested
    class SeveralPoliciesAtOneNode {

        private final OrgPolicy assignOnly = policy(
                "p-assign-only",
                null,
                "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL
                        + ":[\"@@assign\"],\"@@assign\":\"optOut\"}}}}");
        private final OrgPolicy none =
                policy("p-none", null, "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL + ":[\"@@none\"]}}}}");
        private final OrgPolicy all =
                policy("p-all", null, "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL + ":[\"@@all\"]}}}}");
        private final OrgPolicy lexIn = policy("p-lex-in", null, assign("lex", "optIn"));

        @ParameterizedTest(name = "order known: {0}")
        @ValueSource(booleans = {true, false})
        void controlsIntersectWhateverTheOrder(boolean orderKnown) {
            for (List<String> order : List.of(List.of("p-assign-only", "p-none"), List.of("p-none", "p-assign-only"))) {
                Evaluation ev = evaluate(
                        orderKnown,
                        root(List.of(), ou(OU_A, "A", order, account(ACCT_1, "a", "p-lex-in"))),
                        assignOnly,
                        none,
                        lexIn);
                AccountOutcome acct = outcome(ev, ACCT_1);
                assertThat(acct.effective().resolve("lex"))
                        .as("order %s", order)
                        .contains(OPT_OUT);
                assertThat(acct.notes()).as("order %s", order).singleElement().satisfies(n -> {
                    assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                    assertThat(n.blocking().policyId()).isEqualTo("p-none");
                });
            }
        }

        @Test
        void allIntersectedWithAssignStillAllowsAssign() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of(), ou(OU_A, "A", List.of("p-all", "p-assign-only"), account(ACCT_1, "a", "p-lex-in"))),
                    assignOnly,
                    all,
                    lexIn);
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("lex")).contains(OPT_IN);
            assertThat(acct.notes()).isEmpty();
        }

        @Test
        void servicesControlsIntersectToo() {
            OrgPolicy open = policy("p-open", null, "{\"services\":{" + CONTROL + ":[\"@@all\"]}}");
            OrgPolicy closed = policy("p-closed", null, "{\"services\":{" + CONTROL + ":[\"@@none\"]}}");
            Evaluation ev = evaluate(
                    true, root(List.of("p-open", "p-closed"), account(ACCT_1, "a", "p-lex-in")), open, closed, lexIn);
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("lex")).isEmpty();
            assertThat(acct.notes())
                    .singleElement()
                    .satisfies(n -> assertThat(n.blocking().policyId()).isEqualTo("p-closed"));
        }

        private final OrgPolicy out = policy("p-out", "out", assign("default", "optOut"));
        private final OrgPolicy in = policy("p-in", "in", assign("default", "optIn"));

        @Test
        void orderKnownFirstAttachedWins() {
            Evaluation ev = evaluate(true, root(List.of("p-out", "p-in"), account(ACCT_1, "a")), out, in);
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
            assertThat(acct.effective().decidedBy("default").orElseThrow().policyId())
                    .isEqualTo("p-out");
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("default");
                assertThat(n.source()).isEqualTo(at("p-in", "in", ROOT_ID, "Root"));
                assertThat(n.blocking()).isEqualTo(at("p-out", "out", ROOT_ID, "Root"));
                assertThat(n.message()).contains("first");
            });

            Evaluation reversed = evaluate(true, root(List.of("p-in", "p-out"), account(ACCT_1, "a")), out, in);
            AccountOutcome acct2 = outcome(reversed, ACCT_1);
            assertThat(acct2.effective().resolve("default")).contains(OPT_IN);
            assertThat(acct2.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.source().policyId()).isEqualTo("p-out");
                assertThat(n.blocking().policyId()).isEqualTo("p-in");
            });
        }

        @Test
        void orderUnknownConflictIsOrderDependent() {
            Evaluation ev = evaluate(
                    false,
                    root(
                            List.of(),
                            ou(OU_A, "A", List.of("p-out", "p-in"), account(ACCT_1, "a"), account(ACCT_2, "b"))),
                    out,
                    in);
            for (AccountOutcome acct : ev.accounts()) {
                assertThat(acct.notes()).singleElement().satisfies(n -> {
                    assertThat(n.kind()).isEqualTo(Note.Kind.ORDER_DEPENDENT);
                    assertThat(n.key()).isEqualTo("default");
                    assertThat(List.of(n.source().policyId(), n.blocking().policyId()))
                            .containsExactlyInAnyOrder("p-out", "p-in");
                    assertThat(n.source().nodeId()).isEqualTo(OU_A);
                    assertThat(n.blocking().nodeId()).isEqualTo(OU_A);
                    assertThat(n.message()).contains("order is not known");
                });
                assertThat(acct.effective().resolve("default")).isPresent();
                assertThat(acct.unknowns())
                        .as("the value the account ends up with depends on the order")
                        .hasSize(1);
            }
        }

        @Test
        void anOrderDependentValueThatALowerNodeOverwritesNoLongerMakesTheOutcomeUnknown() {
            Evaluation ev = evaluate(
                    false,
                    root(
                            List.of("p-out", "p-in"),
                            account(ACCT_1, "a", "p-out-below"),
                            account(ACCT_2, "b"),
                            account(ACCT_3, "c", "p-lex")),
                    out,
                    in,
                    policy("p-out-below", null, assign("default", "optOut")),
                    policy("p-lex", null, assign("lex", "optIn")));
            AccountOutcome overwritten = outcome(ev, ACCT_1);
            assertThat(overwritten.notes()).extracting(Note::kind).containsExactly(Note.Kind.ORDER_DEPENDENT);
            assertThat(overwritten
                            .effective()
                            .decidedBy("default")
                            .orElseThrow()
                            .policyId())
                    .isEqualTo("p-out-below");
            assertThat(overwritten.unknowns()).isEmpty();
            assertThat(outcome(ev, ACCT_2).unknowns())
                    .singleElement()
                    .satisfies(n -> assertThat(n.kind()).isEqualTo(Note.Kind.ORDER_DEPENDENT));
            // Lex is the account's own, but "default" still comes from the root's conflict.
            assertThat(outcome(ev, ACCT_3).unknowns()).hasSize(1);
        }

        @Test
        void orderUnknownButAgreeingValuesAreNotOrderDependent() {
            OrgPolicy out2 = policy("p-out2", null, assign("default", "optOut"));
            Evaluation ev = evaluate(false, root(List.of("p-out", "p-out2"), account(ACCT_1, "a")), out, out2);
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
            assertThat(acct.notes()).isEmpty();
        }

        @Test
        void aLockAtANodeRestrictsItsChildrenNotThePoliciesBesideIt() {
            OrgPolicy lockServices = policy("p-lock", null, "{\"services\":{" + CONTROL + ":[\"@@none\"]}}");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-lock", "p-lex-in"), account(ACCT_1, "a", "p-polly")),
                    lockServices,
                    lexIn,
                    policy("p-polly", null, assign("polly", "optIn")));
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("lex")).contains(OPT_IN);
            assertThat(acct.effective().resolve("polly")).isEmpty();
            assertThat(acct.notes()).extracting(Note::key).containsExactly("polly");
        }

        @Test
        void firstAttachedWinsEvenAgainstALaterLockingPolicyAtTheSameNode() {
            OrgPolicy lockOut = policy(
                    "p-lock-out",
                    null,
                    "{\"services\":{\"default\":{\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@none\"],\"@@assign\":\"optOut\"}}}}");
            Evaluation ev = evaluate(
                    true, root(List.of("p-in", "p-lock-out"), account(ACCT_1, "a", "p-out")), in, lockOut, out);
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("default")).contains(OPT_IN);
            // The root's own conflict, then the account's change that the (intersected) lock ignores.
            assertThat(acct.notes())
                    .extracting(n -> n.source().policyId(), n -> n.blocking().policyId())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("p-lock-out", "p-in"),
                            org.assertj.core.groups.Tuple.tuple("p-out", "p-lock-out"));
        }
    }

    /** The narrow door (docs/policy-semantics.md, section 6), with the documents this project generates. */
    @Nested
    class NarrowDoor {

        private final OrgPolicy baseline = policy(
                "p-base",
                "ai-optout-baseline",
                OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.FULL, Set.of("lex"))
                        .toCanonicalJson());
        private final OrgPolicy lexException = policy(
                "p-exc",
                "ai-optout-research",
                OptOutDocuments.exception(Map.of("lex", OPT_IN), LockLevel.FULL).toCanonicalJson());

        @Test
        void theExceptedServiceCanBeChangedWhereTheExceptionIsAttached() {
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of("p-base"),
                            ou(OU_A, "Research", List.of("p-exc"), account(ACCT_1, "ml")),
                            ou(OU_B, "Prod", List.of(), account(ACCT_2, "shop"))),
                    baseline,
                    lexException);

            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(ml.effective().resolve("lex")).contains(OPT_IN);
            assertThat(ml.effective().resolve("default")).contains(OPT_OUT);
            assertThat(ml.effective().resolve("polly")).contains(OPT_OUT);
            assertThat(ml.effective().decidedBy("lex").orElseThrow().policyId()).isEqualTo("p-exc");
            assertThat(ml.notes()).isEmpty();

            AccountOutcome shop = outcome(ev, ACCT_2);
            assertThat(shop.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(shop.notes()).isEmpty();
            assertThat(ev.policyProblems()).isEmpty();
        }

        @Test
        void theServicesLockStillBlocksNewKeysAndDefaultStaysLocked() {
            OrgPolicy pollyIn = policy("p-polly", null, assign("polly", "optIn"));
            OrgPolicy defaultIn = policy("p-default-in", null, assign("default", "optIn"));
            Evaluation ev = evaluate(
                    true,
                    root(
                            List.of("p-base"),
                            ou(OU_A, "Research", List.of("p-exc", "p-polly", "p-default-in"), account(ACCT_1, "ml"))),
                    baseline,
                    lexException,
                    pollyIn,
                    defaultIn);

            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(values(ml)).containsExactlyInAnyOrderEntriesOf(Map.of("default", OPT_OUT, "lex", OPT_IN));
            assertThat(ml.effective().resolve("polly")).contains(OPT_OUT);
            assertThat(ml.notes())
                    .extracting(Note::kind, Note::key)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(Note.Kind.IGNORED_CHANGE, "polly"),
                            org.assertj.core.groups.Tuple.tuple(Note.Kind.IGNORED_CHANGE, "default"));
            assertThat(ml.notes())
                    .allSatisfy(n ->
                            assertThat(n.blocking()).isEqualTo(at("p-base", "ai-optout-baseline", ROOT_ID, "Root")));
        }

        @Test
        void aFullyLockedExceptionLocksTheValueBelowItsTarget() {
            OrgPolicy lexOut = policy("p-lex-out", null, assign("lex", "optOut"));
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-base"), ou(OU_A, "Research", List.of("p-exc"), account(ACCT_1, "ml", "p-lex-out"))),
                    baseline,
                    lexException,
                    lexOut);
            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(ml.effective().resolve("lex")).contains(OPT_IN);
            assertThat(ml.notes())
                    .singleElement()
                    .satisfies(n ->
                            assertThat(n.blocking()).isEqualTo(at("p-exc", "ai-optout-research", OU_A, "Research")));
        }

        @Test
        void withoutTheDoorTheExceptionIsIgnored() {
            OrgPolicy closed = policy(
                    "p-base",
                    "ai-optout-baseline",
                    OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.FULL, Set.of())
                            .toCanonicalJson());
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-base"), ou(OU_A, "Research", List.of("p-exc"), account(ACCT_1, "ml"))),
                    closed,
                    lexException);
            AccountOutcome ml = outcome(ev, ACCT_1);
            assertThat(ml.effective().resolve("lex")).contains(OPT_OUT);
            assertThat(ml.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.blocking().policyId()).isEqualTo("p-base");
            });
        }

        @Test
        void aDefaultLockBaselineLetsAnExceptionAddAServiceKey() {
            OrgPolicy defaultLocked = policy(
                    "p-base",
                    null,
                    OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.DEFAULT, Set.of("lex"))
                            .toCanonicalJson());
            OrgPolicy exception = policy(
                    "p-exc",
                    null,
                    OptOutDocuments.exception(Map.of("lex", OPT_IN), LockLevel.DEFAULT)
                            .toCanonicalJson());
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-base"), account(ACCT_1, "ml", "p-exc"), account(ACCT_2, "x")),
                    defaultLocked,
                    exception);
            assertThat(outcome(ev, ACCT_1).effective().resolve("lex")).contains(OPT_IN);
            assertThat(outcome(ev, ACCT_1).notes()).isEmpty();
            assertThat(outcome(ev, ACCT_2).effective().resolve("lex")).contains(OPT_OUT);
        }
    }

    /**
     * policy-semantics.md, "Facts added after the first release": for AI opt-out policies AWS
     * documents only @@all, @@assign and @@none as child controls; a decision that @@append or
     * @@remove could sway is unknown, never guessed.
     */
    @Nested
    class UndocumentedChildControls {

        private final OrgPolicy appendOnDefault = policy(
                "p-append",
                "legacy-append",
                "{\"services\":{\"default\":{\"opt_out_policy\":{" + CONTROL
                        + ":[\"@@append\"],\"@@assign\":\"optOut\"}}}}");
        private final OrgPolicy removeOnServices =
                policy("p-remove", "legacy-remove", "{\"services\":{" + CONTROL + ":[\"@@remove\"]}}");

        @Test
        void aChangeUnderAnUndocumentedValueControlIsUnknownAndNamesThePolicy() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-append"), account(ACCT_1, "a", "p-in"), account(ACCT_2, "b")),
                    appendOnDefault,
                    policy("p-in", "opt-in", assign("default", "optIn")));
            AccountOutcome changed = outcome(ev, ACCT_1);
            assertThat(changed.unknowns()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.UNDOCUMENTED_CONTROL);
                assertThat(n.key()).isEqualTo("default");
                assertThat(n.source().policyId()).isEqualTo("p-in");
                assertThat(n.blocking()).isEqualTo(at("p-append", "legacy-append", ROOT_ID, "Root"));
                assertThat(n.message()).contains("legacy-append", "p-append", "@@append", "not known");
            });
            // Nothing below tries to change it: the control sways nothing, and the outcome is known.
            assertThat(outcome(ev, ACCT_2).notes()).isEmpty();
            assertThat(outcome(ev, ACCT_2).unknowns()).isEmpty();
        }

        @Test
        void settingTheSameValueAgainChangesNothingAndIsKnown() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-append"), account(ACCT_1, "a", "p-out")),
                    appendOnDefault,
                    policy("p-out", null, assign("default", "optOut")));
            assertThat(outcome(ev, ACCT_1).unknowns()).isEmpty();
        }

        @Test
        void addingAServiceKeyUnderAnUndocumentedServicesControlIsUnknown() {
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-remove"), ou(OU_A, "A", List.of("p-lex"), account(ACCT_1, "a"))),
                    removeOnServices,
                    policy("p-lex", null, assign("lex", "optIn")));
            assertThat(outcome(ev, ACCT_1).unknowns()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.UNDOCUMENTED_CONTROL);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.message()).contains("adds service key", "legacy-remove", "@@remove");
            });
        }

        @Test
        void aDocumentedLockBesideTheUndocumentedControlDecidesAlone() {
            OrgPolicy none = policy(
                    "p-none",
                    null,
                    "{\"services\":{\"default\":{\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@none\"],\"@@assign\":\"optOut\"}}}}");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-none", "p-append"), account(ACCT_1, "a", "p-in")),
                    none,
                    appendOnDefault,
                    policy("p-in", null, assign("default", "optIn")));
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.unknowns())
                    .as("@@none forbids it whatever @@append means")
                    .isEmpty();
            assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
            assertThat(acct.notes()).extracting(Note::kind).containsExactly(Note.Kind.IGNORED_CHANGE);
        }

        @Test
        void assignBesideAppendIsUndocumentedToo() {
            OrgPolicy assignAppend = policy(
                    "p-assign-append",
                    null,
                    "{\"services\":{\"default\":{\"opt_out_policy\":{" + CONTROL
                            + ":[\"@@assign\",\"@@append\"],\"@@assign\":\"optOut\"}}}}");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-assign-append"), account(ACCT_1, "a", "p-in")),
                    assignAppend,
                    policy("p-in", null, assign("default", "optIn")));
            assertThat(outcome(ev, ACCT_1).unknowns())
                    .extracting(Note::kind)
                    .containsExactly(Note.Kind.UNDOCUMENTED_CONTROL);
        }

        @Test
        void theLocksBelowTheRootSayWhatChildrenMayChange() {
            Evaluation full = evaluate(
                    true,
                    root(List.of("p-example1"), account(ACCT_1, "a")),
                    policy("p-example1", null, Orgs.EXAMPLE_1));
            assertThat(full.belowRoot().addingServiceKeys().allowsAssign()).isFalse();
            assertThat(full.belowRoot().assigning("default").allowsAssign()).isFalse();
            assertThat(full.belowRoot().assigning("default").lockedBy().policyId())
                    .isEqualTo("p-example1");
            assertThat(full.belowRoot().assigning("lex").allowsAssign())
                    .as("a new key: the services lock")
                    .isFalse();

            Evaluation open = evaluate(true, root(List.of(), account(ACCT_1, "a")));
            assertThat(open.belowRoot().addingServiceKeys().allowsAssign()).isTrue();
            assertThat(open.belowRoot().assigning("default")).isEqualTo(Lock.OPEN);

            Evaluation undocumented = evaluate(true, root(List.of("p-append"), account(ACCT_1, "a")), appendOnDefault);
            Lock lock = undocumented.belowRoot().assigning("default");
            assertThat(lock.uncertain()).isTrue();
            assertThat(lock.undocumentedBy().policyId()).isEqualTo("p-append");
        }
    }

    @Nested
    class PolicyProblems {

        @Test
        void unparsablePolicyIsReportedAndLeftOutOfTheMerge() {
            OrgPolicy good = policy("p-good", null, Orgs.CREATE);
            OrgPolicy broken = policy("p-broken", null, "{\"services\": {\"default\": ");
            Evaluation ev = evaluate(
                    true,
                    root(List.of("p-good"), ou(OU_A, "A", List.of("p-broken"), account(ACCT_1, "a", "p-broken"))),
                    good,
                    broken);

            assertThat(ev.policyProblems())
                    .as("reported once, however often attached")
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.isError()).isTrue();
                        assertThat(p.field()).isEqualTo("policy p-broken");
                        assertThat(p.message()).startsWith("not valid JSON");
                        assertThat(p.location()).isNotNull();
                        assertThat(p.location().file()).isEqualTo("p-broken");
                    });
            AccountOutcome acct = outcome(ev, ACCT_1);
            assertThat(acct.effective().resolve("rekognition")).contains(OPT_IN);
            assertThat(acct.effective().resolve("default")).contains(OPT_OUT);
            // What the unreadable policy does is not known: the outcome is not either, and says which policy.
            assertThat(acct.unknowns()).hasSize(2).allSatisfy(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.UNREADABLE_POLICY);
                assertThat(n.source().policyId()).isEqualTo("p-broken");
                assertThat(n.message()).contains("p-broken", "not a valid");
            });
            assertThat(acct.unknowns()).extracting(n -> n.source().nodeId()).containsExactly(OU_A, ACCT_1);
        }

        @Test
        void invalidValueIsReportedWithItsPathInsideThePolicy() {
            OrgPolicy wrongCase = policy("p-case", null, assign("default", "optout"));
            Evaluation ev = evaluate(true, root(List.of("p-case"), account(ACCT_1, "a")), wrongCase);

            assertThat(ev.policyProblems()).singleElement().satisfies(p -> {
                assertThat(p.isError()).isTrue();
                assertThat(p.field()).isEqualTo("policy p-case services.default.opt_out_policy.@@assign");
                assertThat(p.hint()).contains("case");
            });
            assertThat(outcome(ev, ACCT_1).effective().settings()).isEmpty();
        }

        @Test
        void attachedButUnlistedPolicyIsReported() {
            Evaluation ev = evaluate(true, root(List.of("p-ghost"), account(ACCT_1, "a")));
            assertThat(ev.policyProblems()).singleElement().satisfies(p -> {
                assertThat(p.isError()).isTrue();
                assertThat(p.message()).contains("p-ghost").contains("not listed");
            });
            assertThat(outcome(ev, ACCT_1).effective().settings()).isEmpty();
        }

        @Test
        void unknownKeyIsAWarningAndThePolicyStillApplies() {
            OrgPolicy typo = policy(
                    "p-typo",
                    null,
                    "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}},"
                            + "\"rekogniton\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
            Evaluation ev = evaluate(true, root(List.of("p-typo"), account(ACCT_1, "a")), typo);

            assertThat(ev.policyProblems()).singleElement().satisfies(p -> {
                assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
                assertThat(p.field()).isEqualTo("policy p-typo services.rekogniton");
                assertThat(p.hint()).contains("rekognition");
            });
            AccountOutcome acct = outcome(ev, ACCT_1);
            // The typo is not Rekognition: Rekognition stays opted out.
            assertThat(acct.effective().resolve("rekognition")).contains(OPT_OUT);
            assertThat(acct.effective().resolve("rekogniton")).contains(OPT_IN);
        }
    }

    @Nested
    class Tree {

        private Evaluation evaluateTree() {
            OrgPolicy base = policy("p-base", null, assign("default", "optOut"));
            OrgPolicy in = policy("p-in", null, assign("default", "optIn"));
            OrgPolicy conflict = policy("p-conflict", null, assign("default", "optOut"));
            return evaluate(
                    false,
                    root(
                            List.of("p-base"),
                            ou(
                                    OU_A,
                                    "A",
                                    List.of("p-in", "p-conflict"),
                                    account(ACCT_1, "one"),
                                    ou(OU_C, null, List.of(), account(ACCT_2, "two"))),
                            account(ACCT_3, "three"),
                            ou(OU_B, "B", List.of(), account(ACCT_4, "four")),
                            ou("ou-ab12-eeeeeeee", "Empty", List.of())),
                    base,
                    in,
                    conflict);
        }

        @Test
        void accountsComeInTreeOrderWithTheirPath() {
            Evaluation ev = evaluateTree();
            assertThat(ev.accounts()).extracting(a -> a.account().id()).containsExactly(ACCT_1, ACCT_2, ACCT_3, ACCT_4);
            assertThat(ev.accounts())
                    .extracting(a -> a.path().stream().map(OrgNode::id).toList())
                    .containsExactly(
                            List.of(ROOT_ID, OU_A),
                            List.of(ROOT_ID, OU_A, OU_C),
                            List.of(ROOT_ID),
                            List.of(ROOT_ID, OU_B));
            // A node without a name is shown by its id.
            assertThat(ev.accounts().get(1).pathNames()).containsExactly("Root", "A", OU_C);
            assertThat(ev.accounts().get(3).pathNames()).containsExactly("Root", "B");
        }

        @Test
        void notesFollowTheTreeDown() {
            Evaluation ev = evaluateTree();
            // The OU's order-dependent conflict concerns every account below it and no other.
            assertThat(outcome(ev, ACCT_1).notes()).extracting(Note::kind).containsExactly(Note.Kind.ORDER_DEPENDENT);
            assertThat(outcome(ev, ACCT_2).notes()).extracting(Note::kind).containsExactly(Note.Kind.ORDER_DEPENDENT);
            assertThat(outcome(ev, ACCT_3).notes()).isEmpty();
            assertThat(outcome(ev, ACCT_4).notes()).isEmpty();
            assertThat(outcome(ev, ACCT_3).effective().resolve("default")).contains(OPT_OUT);
            assertThat(outcome(ev, ACCT_4).effective().resolve("default")).contains(OPT_OUT);
        }

        @Test
        void evaluationListsAreUnmodifiable() {
            Evaluation ev = evaluateTree();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> ev.accounts().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void largeTreesAreEvaluated() {
            // 5 OU levels (the quota) with 100 accounts at the bottom: every account gets the root's value.
            OrgNode[] accounts = new OrgNode[100];
            for (int i = 0; i < accounts.length; i++) {
                accounts[i] = account(String.format("%012d", i), "acct" + i);
            }
            OrgNode level = ou("ou-ab12-00000005", "L5", List.of(), accounts);
            for (int depth = 4; depth >= 1; depth--) {
                level = ou("ou-ab12-0000000" + depth, "L" + depth, List.of(), level);
            }
            Evaluation ev = evaluate(true, root(List.of("p-create"), level), policy("p-create", null, Orgs.CREATE));
            assertThat(ev.accounts()).hasSize(100);
            assertThat(ev.accounts()).allSatisfy(a -> {
                assertThat(a.path()).hasSize(6);
                assertThat(a.effective().resolve("rekognition")).contains(OPT_IN);
            });
        }
    }
}
