package dev.aioptout.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** A running moto_server: its endpoint, an Organizations client, and the environment Terraform needs. */
final class Emulator {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI endpoint;
    private final OrganizationsClient organizations;

    Emulator(URI endpoint) {
        this.endpoint = endpoint;
        this.organizations = OrganizationsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    OrganizationsClient organizations() {
        return organizations;
    }

    /** Clears every emulated resource. */
    void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("moto reset answered " + response.statusCode());
        }
    }

    /** True once the emulator answers its own API. */
    static boolean ready(URI endpoint) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                                            .timeout(Duration.ofSeconds(2))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The variables that point the AWS provider (and ai-optout run as a process) at the emulator, and
     * declare it one to ai-optout ({@code AI_OPTOUT_EMULATOR}: moto lacks the cross-check's calls); set
     * only for the processes started. The synthesised configuration itself carries nothing test-specific.
     */
    Map<String, String> awsEnvironment() {
        return Map.of(
                "AI_OPTOUT_EMULATOR",
                "1",
                "AWS_ENDPOINT_URL_ORGANIZATIONS",
                endpoint.toString(),
                "AWS_ENDPOINT_URL_STS",
                endpoint.toString(),
                // The tamper alerts: EventBridge (the provider's events service) and SNS.
                "AWS_ENDPOINT_URL_EVENTBRIDGE",
                endpoint.toString(),
                "AWS_ENDPOINT_URL_SNS",
                endpoint.toString(),
                "AWS_ACCESS_KEY_ID",
                "testing",
                "AWS_SECRET_ACCESS_KEY",
                "testing",
                "AWS_REGION",
                "us-east-1",
                "AWS_DEFAULT_REGION",
                "us-east-1");
    }

    void close() {
        organizations.close();
    }
}
