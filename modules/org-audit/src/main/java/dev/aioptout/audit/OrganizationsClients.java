package dev.aioptout.audit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
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

    /** The DNS suffixes of AWS's endpoints in every partition: an endpoint elsewhere is an emulator or a stand-in. */
    private static final List<String> AWS_DOMAINS = List.of(
            ".amazonaws.com",
            ".amazonaws.com.cn",
            ".api.aws",
            ".c2s.ic.gov",
            ".sc2s.sgov.gov",
            ".cloud.adc-e.uk",
            ".csp.hci.ic.gov",
            ".amazonaws.eu");

    private OrganizationsClients() {}

    /** Credentials resolve before the first call; without any, nothing is opened (an {@link AuditFailure}). */
    public static Session open(AwsSettings settings, Deadline deadline, AuditProgress progress) {
        return open(credentials(settings), settings, deadline, progress);
    }

    /** With credentials {@link #credentials} resolved already. */
    public static Session open(
            AwsCredentialsProvider credentials, AwsSettings settings, Deadline deadline, AuditProgress progress) {
        return open(credentials, settings, deadline, progress, OrganizationsClients::notAws);
    }

    /** @param notAws whether an endpoint is not AWS's: tests on the loopback interface stand in for AWS with it */
    static Session open(
            AwsCredentialsProvider credentials,
            AwsSettings settings,
            Deadline deadline,
            AuditProgress progress,
            Predicate<URI> notAws) {
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
        // The endpoint as the SDK resolved it: --endpoint-url, AWS_ENDPOINT_URL(_ORGANIZATIONS) or a profile's.
        emulator.set(client.serviceClientConfiguration()
                .endpointOverride()
                .map(notAws::test)
                .orElse(false));
        return new Session(client, settings, deadline, progress, emulator.get());
    }

    static boolean notAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return AWS_DOMAINS.stream().noneMatch(host::endsWith);
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
