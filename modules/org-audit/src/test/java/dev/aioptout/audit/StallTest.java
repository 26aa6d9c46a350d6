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

    @Test
    void aStalledAttemptIsAbandonedAfterItsTimeoutAndRetried() throws Exception {
        String expected;
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
            expected = OrganizationFile.write(
                    new OrganizationReader(session).read().organization());
        }
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.firstOf("ListAccountsForParent", Fault.of(Kind.STALL)), 1);
                Session session = Sessions.open(settings(proxy, 3, Duration.ofMillis(500)), Duration.ofSeconds(30))) {
            long t0 = System.nanoTime();
            assertThat(OrganizationFile.write(
                            new OrganizationReader(session).read().organization()))
                    .isEqualTo(expected);
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
            assertThat(proxy.stalled()).isEqualTo(1);
            assertThat(session.calls().retries()).isEqualTo(1);
        }
    }

    @Test
    void aCallThatNeverAnswersEndsTheRunAtTheDeadlineNamingItAndHowFarItGot() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(),
                        (operation, nth, r) -> operation.equals("ListAccountsForParent") && nth > 1
                                ? Fault.of(Kind.STALL)
                                : Fault.NONE,
                        1);
                // The listing's own attempt timeout (20 s) is longer than the run: the deadline ends the call.
                Session session = Sessions.open(settings(proxy, 10, null), Duration.ofSeconds(2))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new OrganizationReader(session).read())
                    .isInstanceOfSatisfying(AuditFailure.class, f -> {
                        assertThat(f.operation()).isEqualTo("ListAccountsForParent ou-fake-11111111");
                        assertThat(f.getMessage())
                                .isEqualTo("the deadline (--deadline 2s) passed while this call was in flight; by then"
                                        + " 2 AI opt-out policies, 1 OU, 1 account read, in 10 API calls and 0"
                                        + " retries (0 throttled answers)");
                        assertThat(f.hint()).contains("--deadline");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .as("within a moment of the deadline")
                    .isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
        }
    }

    @Test
    void attemptsThatAllTimeOutEndTheCallSayingSo() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                        aws.endpoint(), FaultInjectingProxy.always(Set.of("ListRoots"), Fault.of(Kind.STALL)), 1);
                Session session = Sessions.open(settings(proxy, 3, Duration.ofMillis(200)), Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> new OrganizationReader(session).read())
                    .isInstanceOfSatisfying(AuditFailure.class, f -> {
                        assertThat(f.operation()).isEqualTo("ListRoots");
                        assertThat(f.getMessage()).isEqualTo("no answer within 200ms, 3 times");
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
