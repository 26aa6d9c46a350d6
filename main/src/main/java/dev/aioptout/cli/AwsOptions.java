package dev.aioptout.cli;

import dev.aioptout.audit.AwsSettings;
import java.net.URI;
import picocli.CommandLine.Option;

/** How verify and snapshot reach AWS Organizations. */
final class AwsOptions {

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "A named AWS profile. Default: the standard credential chain.")
    String profile;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            defaultValue = AwsSettings.DEFAULT_REGION,
            description = "Region for the Organizations endpoint. Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description =
                    "Another endpoint (an emulator, a VPC endpoint). AWS_ENDPOINT_URL_ORGANIZATIONS and AWS_ENDPOINT_URL work too.")
    URI endpoint;

    @Option(
            names = "--page-size",
            hidden = true,
            defaultValue = "20",
            description = "MaxResults for List calls (1 to 20).")
    int pageSize;

    @Option(
            names = "--max-attempts",
            hidden = true,
            defaultValue = "10",
            description = "Attempts per call, retries included.")
    int maxAttempts;

    AwsSettings settings() {
        return new AwsSettings(profile, region, endpoint, pageSize, maxAttempts);
    }
}
