package dev.aioptout.audit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;

/**
 * Opens a {@link Session} on AWS Organizations: one client whose retries follow {@link AuditRetries},
 * every call counted, within the run's deadline.
 */
public final class OrganizationsClients {

    private OrganizationsClients() {}

    /** Credentials resolve before the first call; without any, nothing is opened (an {@link AuditFailure}). */
    public static Session open(AwsSettings settings, Deadline deadline, AuditProgress progress) {
        return open(credentials(settings), settings, deadline, progress);
    }

    /**
     * With credentials {@link #credentials} resolved already. The endpoint is an emulator only when
     * the settings say so ({@link AwsSettings#emulator()}) and there is an endpoint override: never
     * guessed from its host name, since a gateway to AWS is as much "not AWS's" as an emulator is.
     */
    public static Session open(
            AwsCredentialsProvider credentials, AwsSettings settings, Deadline deadline, AuditProgress progress) {
        AtomicBoolean emulator = new AtomicBoolean();
        OrganizationsClientBuilder builder = OrganizationsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        // Each call's attempt timeout (CallKind) ends a stalled read sooner; this is a backstop.
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(
                                new AuditRetries(settings.maxAttempts(), deadline, progress.calls(), emulator::get))
                        .addExecutionInterceptor(progress.calls()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        OrganizationsClient client = builder.build();
        // An override as the SDK resolved it: --endpoint-url, AWS_ENDPOINT_URL(_ORGANIZATIONS) or a profile's.
        emulator.set(settings.emulator()
                && client.serviceClientConfiguration().endpointOverride().isPresent());
        return new Session(client, settings, deadline, progress, emulator.get());
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
