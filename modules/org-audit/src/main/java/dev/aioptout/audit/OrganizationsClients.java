package dev.aioptout.audit;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;

/** Builds Organizations clients: retries with backoff for throttling and 5xx, and every call counted. */
public final class OrganizationsClients {

    private OrganizationsClients() {}

    /** Credentials resolve before the first call; without any, the client is not built (an {@link AuditFailure}). */
    public static OrganizationsClient create(AwsSettings settings, ApiCalls calls, int maxAttempts) {
        return create(credentials(settings), settings, calls, maxAttempts);
    }

    /** With credentials {@link #credentials} resolved already: several clients need them resolved once. */
    public static OrganizationsClient create(
            AwsCredentialsProvider credentials, AwsSettings settings, ApiCalls calls, int maxAttempts) {
        OrganizationsClientBuilder builder = OrganizationsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(c -> c
                        // No circuit breaker: under sustained throttling every call keeps its retries.
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .circuitBreakerEnabled(false)
                                .backoffStrategy(
                                        BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(
                                        Duration.ofMillis(200), Duration.ofSeconds(10)))
                                .build())
                        .addExecutionInterceptor(calls));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /**
     * The named profile's credentials, else the default chain's, resolved once: their absence is
     * one line naming where they were looked for, instead of the SDK's account of every provider.
     */
    public static AwsCredentialsProvider credentials(AwsSettings settings) {
        try {
            AwsCredentialsProvider provider = settings.profile() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : ProfileCredentialsProvider.builder()
                            .profileName(settings.profile())
                            .build();
            provider.resolveCredentials();
            return provider;
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
            throw new AuditFailure(
                    "Loading AWS credentials",
                    settings.profile() == null
                            ? "no credentials in the default chain (system properties, environment, web identity,"
                                    + " profile files, SSO, container and instance roles)"
                            : "profile \"" + settings.profile() + "\" has no usable credentials",
                    "name a profile with --profile NAME or AWS_PROFILE (aws configure, aws sso login), or set"
                            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                    e);
        }
    }
}
