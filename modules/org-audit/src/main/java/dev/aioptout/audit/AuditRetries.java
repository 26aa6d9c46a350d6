package dev.aioptout.audit;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The SDK's standard retry strategy (AWS's retry conditions, backoff with full jitter, a separate
 * backoff for throttling, Retry-After honoured), with the rules an audit needs on top:
 *
 * <ul>
 *   <li>A throttled answer is always retried: it says "slower", not "no". Only the deadline ends a
 *       run of them; they do not count against {@code maxAttempts}, which bounds the failures that
 *       may or may not pass (5xx, a network error, an attempt that timed out).
 *   <li>No wait goes past the deadline: a retry that would (a Retry-After of an hour, which the SDK
 *       does not cap) ends the call at once with {@link WaitPastDeadline}.
 *   <li>An emulator's answer that it does not implement the operation is not retried: it will not
 *       change.
 *   <li>No circuit breaker: the standard strategy's retry tokens run out under sustained throttling
 *       and would then fail calls without retrying them. (The adaptive mode's breaker cannot be
 *       turned off through the public API, so it is not used; DescribeEffectivePolicy, the call made
 *       per account, is paced by the cross-check instead.)
 * </ul>
 */
final class AuditRetries implements RetryStrategy {

    /** Throttled attempts one call may make at most: a guard; the deadline ends such a run long before. */
    static final int MAX_THROTTLED_ATTEMPTS = 10_000;

    static final BackoffStrategy BACKOFF =
            BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5));
    static final BackoffStrategy THROTTLING_BACKOFF =
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20));

    /** A retry refused because its wait would end past the deadline; the call ends with it. */
    static final class WaitPastDeadline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final Duration wait;
        private final boolean retryAfter;

        WaitPastDeadline(Duration wait, boolean retryAfter, Throwable last) {
            super("the next attempt would wait " + wait, last, false, false);
            this.wait = wait;
            this.retryAfter = retryAfter;
        }

        Duration waitFor() {
            return wait;
        }

        /** The wait is what the answer's Retry-After asked for. */
        boolean retryAfter() {
            return retryAfter;
        }
    }

    /** The standard strategy's token, and the failures of this call that count against maxAttempts. */
    private record Token(RetryToken standard, int failures) implements RetryToken {}

    private final RetryStrategy standard;
    private final int maxAttempts;
    private final Deadline deadline;
    private final ApiCalls calls;
    private final BooleanSupplier emulator;

    /** @param emulator whether the endpoint is not AWS's, known once the client is built */
    AuditRetries(int maxAttempts, Deadline deadline, ApiCalls calls, BooleanSupplier emulator) {
        this.standard = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_THROTTLED_ATTEMPTS)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BACKOFF)
                .throttlingBackoffStrategy(THROTTLING_BACKOFF)
                .build();
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.calls = calls;
        this.emulator = emulator;
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        AcquireInitialTokenResponse r = standard.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(r.token(), 0), r.delay());
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token token = (Token) request.token();
        Throwable failure = request.failure();
        boolean throttled = isThrottling(failure);
        if (throttled) {
            calls.throttled();
        }
        if (emulator.getAsBoolean() && AwsCall.unimplemented(failure)) {
            throw new TokenAcquisitionFailedException("the endpoint does not implement the operation", token, failure);
        }
        int failures = throttled ? token.failures() : token.failures() + 1;
        if (failures >= maxAttempts) {
            throw new TokenAcquisitionFailedException("attempts exhausted", token, failure);
        }
        Optional<Duration> retryAfter =
                request.suggestedDelay().filter(d -> !d.isZero()).or(() -> httpDateRetryAfter(failure));
        RefreshRetryTokenResponse r;
        try {
            r = standard.refreshRetryToken(request.toBuilder()
                    .token(token.standard())
                    .suggestedDelay(retryAfter.orElse(Duration.ZERO))
                    .build());
        } catch (TokenAcquisitionFailedException e) {
            throw new TokenAcquisitionFailedException(e.getMessage(), token, failure);
        }
        if (r.delay().compareTo(deadline.remaining()) >= 0) {
            throw new WaitPastDeadline(
                    r.delay(), retryAfter.isPresent() && retryAfter.get().equals(r.delay()), failure);
        }
        return RefreshRetryTokenResponse.create(new Token(r.token(), failures), r.delay());
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        Token token = (Token) request.token();
        standard.recordSuccess(RecordSuccessRequest.create(token.standard()));
        return RecordSuccessResponse.create(token);
    }

    @Override
    public int maxAttempts() {
        return MAX_THROTTLED_ATTEMPTS;
    }

    @Override
    public boolean useClientDefaults() {
        return false; // the standard strategy inside has AWS's defaults already
    }

    @Override
    public Builder<?, ?> toBuilder() {
        throw new UnsupportedOperationException("built by OrganizationsClients, not through a builder");
    }

    /** 429, or an error code AWS lists as throttling (TooManyRequestsException, ThrottlingException, ...). */
    static boolean isThrottling(Throwable failure) {
        return failure instanceof AwsServiceException aws && aws.isThrottlingException();
    }

    /**
     * A Retry-After given as an HTTP date (RFC 9110 allows it; the SDK reads only whole seconds),
     * as the wait from now.
     */
    private static Optional<Duration> httpDateRetryAfter(Throwable failure) {
        if (!(failure instanceof AwsServiceException aws)
                || aws.awsErrorDetails() == null
                || aws.awsErrorDetails().sdkHttpResponse() == null) {
            return Optional.empty();
        }
        return aws.awsErrorDetails()
                .sdkHttpResponse()
                .firstMatchingHeader("Retry-After")
                .flatMap(value -> {
                    try {
                        Duration wait = Duration.between(
                                ZonedDateTime.now(),
                                ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                    } catch (DateTimeParseException e) {
                        return Optional.empty(); // whole seconds, which the SDK read already, or nothing usable
                    }
                });
    }
}
