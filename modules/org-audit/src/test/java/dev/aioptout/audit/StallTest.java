package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.audit.testing.FaultInjectingProxy.Fault;
import dev.aioptout.audit.testing.FaultInjectingProxy.Kind;
import dev.aioptout.engine.OrganizationFile;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A call that gets no answer costs one attempt timeout and is retried on a new connection; a call
 * that never gets one ends the run at its deadline, within a moment of it, naming the call and how
 * far the run got.
 */
class StallTest extends WithFakeOrganization {

    private static AwsSettings settings(FaultInjectingProxy proxy, int maxAttempts, Duration attemptTimeout) {
        return new AwsSettings(null, "us-east-1", proxy.endpoint(), 20, maxAttempts, attemptTimeout);
    }

    /**
     * The organization as the fake gives it, read once without faults. It also loads the SDK's classes
     * in this JVM, so that the timed reads after it measure calls, not a cold start (0.3-1 s on a busy
     * runner, which once ate a short attempt timeout or most of a short deadline).
     */
    private String unfaulted() {
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
            return OrganizationFile.write(new OrganizationReader(session).read().organization());
        }
    }

    @Test
    void aStalledAttemptIsAbandonedAfterItsTimeoutAndRetried() throws Exception {
        String expected = unfaulted();
        // Every attempt gets 1 s: the stalled one is abandoned after it; an answered one has room on a busy runner,
        // and should one still be slow, it is retried too (up to 5 attempts), which the counts below allow.
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.firstOf("ListAccountsForParent", Fault.of(Kind.STALL)), 1);
                Session session = Sessions.open(settings(proxy, 5, Duration.ofSeconds(1)), Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            assertThat(OrganizationFile.write(
                            new OrganizationReader(session).read().organization()))
                    .isEqualTo(expected);
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .as("the stall cost one attempt timeout, not the socket's 60 s")
                    .isBetween(Duration.ofMillis(950), Duration.ofSeconds(20));
            assertThat(proxy.stalled()).isEqualTo(1);
            assertThat(session.calls().retries())
                    .as("the stalled attempt was retried")
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aCallThatNeverAnswersEndsTheRunAtTheDeadlineNamingItAndHowFarItGot() throws Exception {
        unfaulted();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                aws.endpoint(),
                (operation, nth, r) ->
                        operation.equals("ListAccountsForParent") && nth > 1 ? Fault.of(Kind.STALL) : Fault.NONE,
                1)) {
            // Measured from the deadline itself: building the client is inside it, as it is in a run. The
            // listing's own attempt timeout (20 s) is longer than the run: the deadline ends the call.
            Deadline deadline = Deadline.after(Duration.ofSeconds(3));
            long t0 = System.nanoTime();
            try (Session session = OrganizationsClients.open(
                    Sessions.CREDENTIALS, settings(proxy, 10, null), deadline, AuditProgress.silent(new ApiCalls()))) {
                assertThatThrownBy(() -> new OrganizationReader(session).read())
                        .isInstanceOfSatisfying(AuditFailure.class, f -> {
                            assertThat(f.operation()).isEqualTo("ListAccountsForParent ou-fake-11111111");
                            assertThat(f.getMessage())
                                    .isEqualTo("the deadline (--deadline 3s) passed while this call was in flight; by"
                                            + " then 2 AI opt-out policies, 1 OU, 1 account read, in 10 API calls and"
                                            + " 0 retries (0 throttled answers)");
                            assertThat(f.hint()).contains("--deadline");
                        });
            }
            assertThat(deadline.passed()).as("not ended before the deadline").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .as("within a moment of the deadline, not at the attempt timeout (20 s)")
                    .isBetween(Duration.ofMillis(2900), Duration.ofSeconds(8));
        }
    }

    @Test
    void attemptsThatAllTimeOutEndTheCallSayingSo() throws Exception {
        unfaulted();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.always(Set.of("ListRoots"), Fault.of(Kind.STALL)), 1);
                Session session = Sessions.open(settings(proxy, 3, Duration.ofMillis(500)), Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> new OrganizationReader(session).read())
                    .isInstanceOfSatisfying(AuditFailure.class, f -> {
                        assertThat(f.operation()).isEqualTo("ListRoots");
                        assertThat(f.getMessage()).isEqualTo("no answer within 500ms, 3 times");
                    });
            assertThat(proxy.stalled()).isEqualTo(3);
        }
    }

    @Test
    void aDeadlinePassedBeforeACallEndsTheRunWithoutMakingIt() throws Exception {
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofMillis(1))) {
            Thread.sleep(5);
            assertThatThrownBy(() -> new OrganizationReader(session).read())
                    .isInstanceOfSatisfying(AuditFailure.class, f -> {
                        assertThat(f.operation()).isEqualTo("DescribeOrganization");
                        assertThat(f.getMessage())
                                .startsWith("the deadline (--deadline 1ms) left no time for this call; by then 0"
                                        + " OUs, 0 accounts read, in 0 API calls");
                    });
            assertThat(aws.calls("DescribeOrganization")).isZero();
        }
    }

    @Test
    void deadlinesAreWrittenAsTheOptionTakesThem() {
        assertThat(Deadline.format(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(Deadline.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Deadline.format(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(Deadline.format(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
        assertThat(Deadline.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Deadline.after(Duration.ofHours(1)).remaining()).isGreaterThan(Duration.ofMinutes(59));
        assertThatThrownBy(() -> Deadline.after(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
