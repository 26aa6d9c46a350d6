package dev.aioptout.audit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach AWS Organizations. Credentials come from the SDK's standard chain (environment,
 * profile files, SSO, container and instance roles), or the named profile; the SDK also honours
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_ORGANIZATIONS when no endpoint is given here.
 *
 * @param profile        a named profile, or null for the default chain
 * @param endpoint       an endpoint override, or null
 * @param pageSize       MaxResults for every List call (AWS allows 1 to 20)
 * @param maxAttempts    attempts per call for failures that may pass (5xx, network, an attempt timed out);
 *                       throttled answers are retried until the deadline and do not count
 * @param attemptTimeout how long one HTTP attempt may take, for every call; null: each call's own
 *                       ({@link CallKind})
 */
public record AwsSettings(
        String profile, String region, URI endpoint, int pageSize, int maxAttempts, Duration attemptTimeout) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final int MAX_PAGE_SIZE = 20;
    public static final int DEFAULT_ATTEMPTS = 10;

    /** Which setting is out of range, and what is allowed. */
    public enum Invalid {
        PAGE_SIZE("1 to " + MAX_PAGE_SIZE),
        MAX_ATTEMPTS("1 or more"),
        ATTEMPT_TIMEOUT("more than 0");

        private final String allowed;

        Invalid(String allowed) {
            this.allowed = allowed;
        }

        public String allowed() {
            return allowed;
        }
    }

    public AwsSettings {
        List<Invalid> invalid = check(pageSize, maxAttempts, attemptTimeout);
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("out of range: " + invalid);
        }
    }

    /** With each call's own attempt timeout. */
    public AwsSettings(String profile, String region, URI endpoint, int pageSize, int maxAttempts) {
        this(profile, region, endpoint, pageSize, maxAttempts, null);
    }

    /** The settings out of range; the one home of these limits. */
    public static List<Invalid> check(int pageSize, int maxAttempts, Duration attemptTimeout) {
        List<Invalid> invalid = new ArrayList<>();
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            invalid.add(Invalid.PAGE_SIZE);
        }
        if (maxAttempts < 1) {
            invalid.add(Invalid.MAX_ATTEMPTS);
        }
        if (attemptTimeout != null && (attemptTimeout.isNegative() || attemptTimeout.isZero())) {
            invalid.add(Invalid.ATTEMPT_TIMEOUT);
        }
        return invalid;
    }

    /** How long one attempt of this kind of call may take. */
    public Duration attemptTimeout(CallKind kind) {
        return attemptTimeout != null ? attemptTimeout : kind.attemptTimeout();
    }
}
