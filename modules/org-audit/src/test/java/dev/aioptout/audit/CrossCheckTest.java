package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.audit.CrossCheck.State;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.FakeOrganizations.Answer;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.audit.testing.FaultInjectingProxy.Fault;
import dev.aioptout.audit.testing.FaultInjectingProxy.Kind;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.policy.OptValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-check completes, is not run, is unavailable (only an emulator's "not implemented"), or
 * could not complete, naming the call: throttling is retried, never taken for "unavailable".
 */
class CrossCheckTest extends WithFakeOrganization {

    private static final List<String> ACTIVE = List.of("111111111111", "222222222222", "333333333333", "444444444444");

    @BeforeEach
    void prepare() throws Exception {
        // What AWS answers: the opted-out default for every account but 444444444444, which AWS has none for.
        aws.answer(
                "DescribeEffectivePolicy",
                request -> request.path("TargetId").asText().equals("444444444444")
                        ? Answer.error(400, "EffectivePolicyNotFoundException", "no effective policy")
                        : Answer.json(Map.of(
                                "EffectivePolicy",
                                Map.of(
                                        "PolicyContent", Documents.effective("optOut"),
                                        "TargetId", request.path("TargetId").asText(),
                                        "PolicyType", "AISERVICES_OPT_OUT_POLICY"))));
        aws.answer("ListAccountsWithInvalidEffectivePolicy", request -> Answer.json(Map.of("Accounts", List.of())));
    }

    private static CrossCheck.Result run(Session session) {
        return CrossCheck.run(session, ACTIVE, 1000);
    }

    private static Session open(URI endpoint, Duration deadline) {
        return Sessions.open(endpoint, deadline);
    }

    @Test
    void everyAccountAnsweredAndTheInvalidListingReadCompleteBothParts() {
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.DONE);
            assertThat(result.invalidPart().state()).isEqualTo(State.DONE);
            assertThat(result.effective()).containsOnlyKeys(ACTIVE);
            assertThat(result.effective().get("111111111111")).containsExactly(Map.entry("default", OptValue.OPT_OUT));
            assertThat(result.effective().get("444444444444"))
                    .as("AWS has none: an answer")
                    .isEmpty();
            assertThat(result.asked()).isEqualTo(4);
            assertThat(result.invalid()).isEmpty();
        }
    }

    @Test
    void throttlingOfEveryKindIsRetriedAndTheAnswersAreTheUnthrottledOnes() throws Exception {
        CrossCheck.Result unthrottled;
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            unthrottled = run(session);
        }
        int[] n = {0};
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        (operation, nth, r) -> nth % 2 == 1
                                ? Fault.of(FaultInjectingProxy.THROTTLES.get(n[0]++ % 3))
                                        .withRetryAfter(nth == 1 ? "1" : null)
                                : Fault.NONE,
                        1);
                Session session = open(proxy.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.DONE);
            assertThat(result.invalidPart().state()).isEqualTo(State.DONE);
            assertThat(result.effective()).isEqualTo(unthrottled.effective());
            assertThat(proxy.throttled()).isEqualTo(5); // four DescribeEffectivePolicy, one listing
            assertThat(proxy.throttledWithRetryAfter()).isEqualTo(2);
        }
    }

    @Test
    void describeEffectivePolicyThrottledOnEveryAttemptCouldNotCompleteNamingTheCallNeverUnavailable()
            throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        (operation, nth, r) -> operation.equals("DescribeEffectivePolicy") && nth > 1
                                ? Fault.of(Kind.TOO_MANY_REQUESTS)
                                : Fault.NONE,
                        1);
                Session session = open(proxy.endpoint(), Duration.ofSeconds(2))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            AuditFailure failure = result.effectivePart().failure();
            assertThat(failure.operation()).isEqualTo("DescribeEffectivePolicy 222222222222");
            assertThat(failure.getMessage()).contains("--deadline 2s").contains("cross-check 1 of 4 accounts");
            assertThat(failure.isUnimplemented()).isFalse();
            assertThat(result.effective()).containsOnlyKeys("111111111111");
            // The other part is a check of its own: it is still asked, and here the deadline ends it too, or it
            // completes in the moment left.
            assertThat(result.invalidPart().state()).isIn(State.DONE, State.INCOMPLETE);
        }
    }

    @Test
    void accessDeniedCouldNotCompleteAndSaysWhichPermission() {
        aws.answer("DescribeEffectivePolicy", request -> Answer.error(400, "AccessDeniedException", "not allowed"));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.effectivePart().failure().summary())
                    .startsWith("DescribeEffectivePolicy 111111111111 failed: access denied: not allowed (the caller"
                            + " needs organizations:DescribeEffectivePolicy;");
            assertThat(aws.calls("DescribeEffectivePolicy"))
                    .as("stopped at the first")
                    .isEqualTo(1);
        }
    }

    @Test
    void anEmulatorThatDoesNotImplementTheCallsMakesBothUnavailableAfterOneRequestEach() {
        aws.standard("DescribeEffectivePolicy");
        aws.standard("ListAccountsWithInvalidEffectivePolicy");
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            assertThat(session.emulator()).isTrue();
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.UNAVAILABLE);
            assertThat(result.effectivePart().reason())
                    .isEqualTo("the endpoint does not implement DescribeEffectivePolicy (HTTP 500, not an AWS answer)");
            assertThat(result.invalidPart().state()).isEqualTo(State.UNAVAILABLE);
            assertThat(aws.calls("DescribeEffectivePolicy"))
                    .as("not retried: it will not change")
                    .isEqualTo(1);
            assertThat(aws.calls("ListAccountsWithInvalidEffectivePolicy")).isEqualTo(1);
        }
    }

    @Test
    void theSameAnswerFromAwsItselfIsNeverUnavailable() {
        aws.standard("DescribeEffectivePolicy");
        try (Session session = OrganizationsClients.open(
                Sessions.CREDENTIALS,
                new AwsSettings(null, "us-east-1", aws.endpoint(), 20, 2),
                Deadline.after(Duration.ofSeconds(30)),
                AuditProgress.silent(new ApiCalls()),
                endpoint -> false)) {
            assertThat(session.emulator()).isFalse();
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.effectivePart().failure().getMessage())
                    .isEqualTo("HTTP 500 with an answer that is not AWS Organizations JSON");
            assertThat(aws.calls("DescribeEffectivePolicy"))
                    .as("a 500 from AWS is retried")
                    .isEqualTo(2);
        }
    }

    @Test
    void notImplementedAfterOtherAccountsWereAnsweredCouldNotComplete() {
        aws.answer(
                "DescribeEffectivePolicy",
                request -> request.path("TargetId").asText().equals("111111111111")
                        ? Answer.json(Map.of("EffectivePolicy", Map.of("PolicyContent", Documents.effective("optOut"))))
                        : new Answer(500, "text/html", FakeOrganizations.MOTO_NOT_IMPLEMENTED));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.effectivePart().failure().operation()).isEqualTo("DescribeEffectivePolicy 222222222222");
        }
    }

    @Test
    void anEffectivePolicyThatCannotBeReadCouldNotComplete() {
        aws.answer(
                "DescribeEffectivePolicy",
                request -> Answer.json(Map.of("EffectivePolicy", Map.of("PolicyContent", "{not json"))));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.effectivePart().failure().getMessage()).isEqualTo("the answer could not be understood");
        }
        aws.answer("DescribeEffectivePolicy", request -> Answer.json(Map.of()));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            assertThat(run(session).effectivePart().failure().getMessage())
                    .isEqualTo("the answer has no EffectivePolicy");
        }
    }

    @Test
    void aHostileAccountIdInTheInvalidListingCouldNotComplete() {
        aws.answer(
                "ListAccountsWithInvalidEffectivePolicy",
                request -> Answer.json(Map.of("Accounts", List.of(Map.of("Id", "1234$(id)")))));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            CrossCheck.Result result = run(session);
            assertThat(result.effectivePart().state()).isEqualTo(State.DONE);
            assertThat(result.invalidPart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.invalidPart().failure().summary())
                    .startsWith("ListAccountsWithInvalidEffectivePolicy failed: the answer's Accounts[].Id"
                            + " \"1234$(id)\" is not an account id (12 digits)");
        }
    }

    @Test
    void theListedAccountsAreReadEveryPage() {
        aws.answer(
                "ListAccountsWithInvalidEffectivePolicy",
                request -> Answer.json(
                        request.path("NextToken").isMissingNode()
                                ? Map.of("Accounts", List.of(Map.of("Id", "222222222222")), "NextToken", "page-2")
                                : Map.of("Accounts", List.of(Map.of("Id", "333333333333")))));
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            assertThat(run(session).invalid()).containsExactly("222222222222", "333333333333");
        }
    }

    @Test
    void describeEffectivePolicyIsPacedAndThePaceNeverWaitsPastTheDeadline() {
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            long t0 = System.nanoTime();
            CrossCheck.Result result = CrossCheck.run(session, ACTIVE, 10);
            // Four calls at ten a second: the first at once, then three tenths of a second apart.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(result.effectivePart().state()).isEqualTo(State.DONE);
        }
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(2))) {
            long t0 = System.nanoTime();
            CrossCheck.Result result = CrossCheck.run(session, ACTIVE, 0.1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(result.effectivePart().state()).isEqualTo(State.INCOMPLETE);
            assertThat(result.effectivePart().failure().getMessage())
                    .startsWith("the deadline (--deadline 2s) left no time for this call");
            assertThat(result.effective()).containsOnlyKeys("111111111111");
        }
    }

    @Test
    void onlyActiveAccountsAreAskedAboutAndNoneOrNoModeMeansNotRun() throws Exception {
        try (Session session = open(aws.endpoint(), Duration.ofSeconds(30))) {
            OrgNode root = new OrganizationReader(session).read().organization().root();
            CrossCheck.Result all = CrossCheck.run(session, root, CrossCheck.Mode.all, 1000);
            assertThat(all.effective())
                    .as("not the SUSPENDED one")
                    .containsOnlyKeys("111111111111", "222222222222", "333333333333", "444444444444");
            CrossCheck.Result none = CrossCheck.run(session, root, CrossCheck.Mode.none, 1000);
            assertThat(none.effectivePart()).isEqualTo(new CrossCheck.Part(State.NOT_RUN, "--cross-check=none", null));
            assertThat(none.invalidPart().state()).isEqualTo(State.NOT_RUN);
            OrgNode suspendedOnly = new OrgNode(
                    root.kind(),
                    root.id(),
                    root.name(),
                    null,
                    List.of(),
                    List.of(new OrgNode(
                            dev.aioptout.policy.NodeKind.ACCOUNT,
                            "555555555555",
                            "closed",
                            dev.aioptout.engine.AccountState.SUSPENDED,
                            List.of(),
                            List.of())));
            assertThat(CrossCheck.run(session, suspendedOnly, CrossCheck.Mode.sample, 1000)
                            .effectivePart()
                            .reason())
                    .isEqualTo("no ACTIVE account to ask about");
        }
    }

    @Test
    void aSampleIsTwentyAccountsSpreadEvenlyOverTheTree() {
        List<String> accounts =
                IntStream.range(0, 100).mapToObj(i -> String.format("%012d", i)).toList();
        List<String> sample = CrossCheck.sample(accounts);
        assertThat(sample).hasSize(CrossCheck.SAMPLE).doesNotHaveDuplicates();
        assertThat(sample.get(0)).isEqualTo(accounts.get(0));
        assertThat(sample.get(1)).isEqualTo(accounts.get(5));
        assertThat(sample.get(19)).isEqualTo(accounts.get(95));
        assertThat(CrossCheck.sample(accounts.subList(0, 7))).hasSize(7);
    }

    @Test
    void anEffectivePolicyIsReadAsKeyAndValue() {
        SortedMap<String, OptValue> expected =
                new TreeMap<>(Map.of("default", OptValue.OPT_OUT, "lex", OptValue.OPT_IN));
        assertThat(CrossCheck.parse("{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"},"
                        + "\"lex\":{\"opt_out_policy\":\"optIn\"},\"other\":{\"opt_out_policy\":\"maybe\"}}}"))
                .isEqualTo(expected);
        assertThat(CrossCheck.parse("{}")).isEmpty();
        List<String> failures = new ArrayList<>();
        try {
            CrossCheck.parse("[");
        } catch (IllegalStateException e) {
            failures.add(e.getMessage());
        }
        assertThat(failures).singleElement().asString().startsWith("unreadable effective policy");
    }
}
