package dev.aioptout.audit;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * One run's way to AWS Organizations: the client, the settings, the deadline every call is held
 * to, and how far the run has got. Opened by {@link OrganizationsClients#open}; closing it closes
 * the client.
 */
public final class Session implements AutoCloseable {

    private final OrganizationsClient client;
    private final AwsSettings settings;
    private final Deadline deadline;
    private final AuditProgress progress;
    private final boolean emulator;

    Session(
            OrganizationsClient client,
            AwsSettings settings,
            Deadline deadline,
            AuditProgress progress,
            boolean emulator) {
        this.client = client;
        this.settings = settings;
        this.deadline = deadline;
        this.progress = progress;
        this.emulator = emulator;
    }

    OrganizationsClient client() {
        return client;
    }

    public AwsSettings settings() {
        return settings;
    }

    public Deadline deadline() {
        return deadline;
    }

    public AuditProgress progress() {
        return progress;
    }

    public ApiCalls calls() {
        return progress.calls();
    }

    /** The endpoint is not AWS's (an emulator): the only place an operation may be "not implemented". */
    public boolean emulator() {
        return emulator;
    }

    /**
     * The limits of the call about to be made: the whole call within what is left of the deadline,
     * each attempt within the call's own timeout; a deadline passed already ends the run here.
     */
    AwsRequestOverrideConfiguration limits(CallKind kind, String subject) {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw deadlinePassed(subject, false, null);
        }
        Duration attempt = settings.attemptTimeout(kind);
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(left)
                .apiCallAttemptTimeout(attempt.compareTo(left) < 0 ? attempt : left)
                .build();
    }

    /** The run's deadline ended it at this call: which call, and how far the run had got. */
    AuditFailure deadlinePassed(String subject, boolean inFlight, Throwable cause) {
        return new AuditFailure(
                subject,
                "the deadline (--deadline " + deadline + ") "
                        + (inFlight ? "passed while this call was in flight" : "left no time for this call") + "; "
                        + soFar(),
                calls().throttledAnswers() > 0
                        ? THROTTLED_HINT
                        : "give the run more time with --deadline, or check the network path to AWS Organizations",
                cause);
    }

    static final String THROTTLED_HINT =
            "AWS was throttling the calls: run again off-peak, or give the run more time with --deadline";

    /** How far the run got: {@code by then 3 AI opt-out policies, ... read, in 40 API calls and 7 retries (7 throttled answers)}. */
    String soFar() {
        ApiCalls calls = calls();
        return "by then " + progress.describe() + ", in " + calls.total() + " API calls and " + calls.retries()
                + " retries (" + calls.throttledAnswers() + " throttled answers)";
    }

    @Override
    public void close() {
        client.close();
    }
}
