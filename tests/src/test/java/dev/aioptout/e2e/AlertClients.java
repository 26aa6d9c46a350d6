package dev.aioptout.e2e;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** EventBridge and SNS clients on the emulator, per region. */
final class AlertClients implements AutoCloseable {
    private final Emulator emulator;
    private final Map<Region, EventBridgeClient> events = new HashMap<>();
    private final Map<Region, SnsClient> sns = new HashMap<>();

    AlertClients(Emulator emulator) {
        this.emulator = emulator;
    }

    EventBridgeClient events(Region region) {
        return events.computeIfAbsent(
                region,
                r -> EventBridgeClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(r)
                        .credentialsProvider(credentials())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    SnsClient sns(Region region) {
        return sns.computeIfAbsent(
                region,
                r -> SnsClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(r)
                        .credentialsProvider(credentials())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public void close() {
        events.values().forEach(EventBridgeClient::close);
        sns.values().forEach(SnsClient::close);
    }
}
