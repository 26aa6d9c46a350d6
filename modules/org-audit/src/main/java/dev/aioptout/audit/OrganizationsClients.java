package dev.aioptout.audit;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;

/** Builds Organizations clients: retries with backoff for throttling and 5xx, and every call counted. */
public final class OrganizationsClients {

    private OrganizationsClients() {}

    public static OrganizationsClient create(AwsSettings settings, ApiCalls calls, int maxAttempts) {
        AwsCredentialsProvider credentials = settings.profile() == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder()
                        .profileName(settings.profile())
                        .build();
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
}
