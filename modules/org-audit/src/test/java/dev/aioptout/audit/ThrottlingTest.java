package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.audit.testing.FaultInjectingProxy.Fault;
import dev.aioptout.audit.testing.FaultInjectingProxy.Kind;
import dev.aioptout.engine.OrganizationFile;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Throttling is retried, whatever form it takes (HTTP 400 TooManyRequestsException, HTTP 400 and 429
 * ThrottlingException, with or without Retry-After), and ends in the same organization as an
 * unthrottled reading; only the deadline ends a run of throttled answers, and never silently.
 */
class ThrottlingTest extends WithFakeOrganization {

    /** Calls the fake's organization takes to read: 3 (organization, root, policies) + 2 per policy + 2 per node. */
    static final int READING_CALLS = 3 + 2 * 2 + 2 * 3;

    private String unthrottled;

    @BeforeEach
    void prepare() throws Exception {
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
            unthrottled = OrganizationFile.write(
                    new OrganizationReader(session).read().organization());
            assertThat(session.calls().total()).isEqualTo(READING_CALLS);
            assertThat(session.calls().retries()).isZero();
        }
    }

    private static String read(Session session) {
        return OrganizationFile.write(new OrganizationReader(session).read().organization());
    }

    /** A session whose calls go through the proxy, with --max-attempts {@code maxAttempts} and the deadline. */
    private static Session through(FaultInjectingProxy proxy, int maxAttempts, Duration deadline) {
        return Sessions.open(new AwsSettings(null, "us-east-1", proxy.endpoint(), 20, maxAttempts), deadline);
    }

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"TOO_MANY_REQUESTS", "THROTTLING", "THROTTLING_429"})
    void theFirstTwoRequestsOfEveryOperationThrottledEndInTheSameOrganization(Kind kind) throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.firstOfEach(2, Fault.of(kind)), 1);
                // Two attempts for failures that may pass: the throttled ones do not count against it.
                Session session = through(proxy, 2, Duration.ofSeconds(60))) {
            assertThat(read(session)).isEqualTo(unthrottled);
            // Seven operations, two throttled answers each, each one retried.
            assertThat(proxy.throttled()).isEqualTo(7 * 2);
            assertThat(session.calls().throttledAnswers()).isEqualTo(14);
            assertThat(session.calls().retries()).isEqualTo(14);
            assertThat(session.calls().total()).as("a retry is not a call").isEqualTo(READING_CALLS);
        }
    }

    @Test
    void aShareOfAllRequestsThrottledInEveryFormEndsInTheSameOrganization() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.throttlingShare(0.5, 0, null), 7);
                Session session = Sessions.open(proxy.endpoint(), Duration.ofSeconds(60))) {
            assertThat(read(session)).isEqualTo(unthrottled);
            assertThat(proxy.throttled()).isGreaterThanOrEqualTo(3);
            assertThat(session.calls().throttledAnswers()).isEqualTo(proxy.throttled());
        }
    }

    @Test
    void retryAfterInSecondsIsHonoured() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        FaultInjectingProxy.firstOf(
                                "DescribeOrganization",
                                Fault.of(Kind.THROTTLING_429).withRetryAfter("1")),
                        1);
                Session session = Sessions.open(proxy.endpoint(), Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            assertThat(read(session)).isEqualTo(unthrottled);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(proxy.throttledWithRetryAfter()).isEqualTo(1);
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() throws Exception {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        FaultInjectingProxy.firstOf(
                                "ListRoots", Fault.of(Kind.TOO_MANY_REQUESTS).withRetryAfter(inTwoSeconds)),
                        1);
                Session session = Sessions.open(proxy.endpoint(), Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            assertThat(read(session)).isEqualTo(unthrottled);
            // The date has whole seconds: at least one of the two is still ahead when the answer is read.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void aRetryAfterPastTheDeadlineEndsTheCallAtOnceNamingItAndTheWait() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        FaultInjectingProxy.always(
                                Set.of("ListPolicies"),
                                Fault.of(Kind.TOO_MANY_REQUESTS).withRetryAfter("3600")),
                        1);
                Session session = Sessions.open(proxy.endpoint(), Duration.ofSeconds(30))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> read(session)).isInstanceOfSatisfying(AuditFailure.class, f -> {
                assertThat(f.operation()).isEqualTo("ListPolicies AISERVICES_OPT_OUT_POLICY");
                assertThat(f.getMessage())
                        .startsWith("still throttled: AWS asked to wait 3600 s (Retry-After), past the deadline"
                                + " (--deadline 30s)");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .as("not waited out")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(proxy.requestsByOperation()).containsEntry("ListPolicies", 1);
        }
    }

    @Test
    void anOperationThrottledOnEveryAttemptEndsByTheDeadlineNamingItAndHowFarTheReadingGot() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        FaultInjectingProxy.always(Set.of("ListTargetsForPolicy"), Fault.of(Kind.THROTTLING)),
                        1);
                Session session = through(proxy, 2, Duration.ofSeconds(3))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> read(session)).isInstanceOfSatisfying(AuditFailure.class, f -> {
                assertThat(f.operation()).isEqualTo("ListTargetsForPolicy p-baseline01");
                // Ended when the next wait would pass the deadline, or by the deadline itself.
                assertThat(f.getMessage())
                        .containsPattern("^(still throttled: the next retry would wait \\d+ ms, past the"
                                + " deadline \\(--deadline 3s\\)|the deadline \\(--deadline 3s\\) passed while"
                                + " this call was in flight)")
                        .contains("by then 0 AI opt-out policies, 0 OUs, 0 accounts read, in 5 API calls")
                        .containsPattern("\\d+ retries \\(\\d+ throttled answers\\)");
                assertThat(f.hint()).contains("throttling");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(4500));
            assertThat(proxy.requestsByOperation().get("ListTargetsForPolicy"))
                    .as("retried past maxAttempts (2): only the deadline ends a run of throttled answers")
                    .isGreaterThan(3);
        }
    }

    @Test
    void serverErrorsCountAgainstMaxAttemptsThrottlingDoesNot() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        FaultInjectingProxy.always(Set.of("DescribeOrganization"), Fault.of(Kind.SERVER_ERROR)),
                        1);
                Session session = through(proxy, 3, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> read(session)).isInstanceOfSatisfying(AuditFailure.class, f -> {
                assertThat(f.operation()).isEqualTo("DescribeOrganization");
                assertThat(f.getMessage()).isEqualTo("InternalFailure: injected by FaultInjectingProxy (HTTP 500)");
            });
            assertThat(proxy.requests()).isEqualTo(3);
        }
    }

    @Test
    void throttledAndFailingAnswersMixedKeepBothRules() throws Exception {
        // Throttled, 500, throttled, 500, then the answer: two of the three attempts allowed for a 500 are
        // used, the throttled answers are not counted.
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        (operation, nth, r) -> operation.equals("ListRoots") && nth <= 4
                                ? Fault.of(nth % 2 == 1 ? Kind.THROTTLING : Kind.SERVER_ERROR)
                                : Fault.NONE,
                        1);
                Session session = through(proxy, 3, Duration.ofSeconds(30))) {
            assertThat(read(session)).isEqualTo(unthrottled);
            assertThat(proxy.requestsByOperation()).containsEntry("ListRoots", 5);
        }
    }
}
