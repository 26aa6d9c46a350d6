package dev.aioptout.cli;

import dev.aioptout.audit.AwsSettings;
import dev.aioptout.policy.Problem;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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

    /** The settings, or each option out of range named as the user wrote it. */
    AwsSettings settings(PrintWriter err) {
        List<Problem> problems = new ArrayList<>();
        for (AwsSettings.Invalid invalid : AwsSettings.check(pageSize, maxAttempts)) {
            String option = invalid == AwsSettings.Invalid.PAGE_SIZE ? "--page-size" : "--max-attempts";
            int value = invalid == AwsSettings.Invalid.PAGE_SIZE ? pageSize : maxAttempts;
            problems.add(Problem.error(null, option, "is " + value, invalid.allowed()));
        }
        if (!problems.isEmpty()) {
            throw LayoutSource.report(problems, err);
        }
        return new AwsSettings(profile, region, endpoint, pageSize, maxAttempts);
    }
}
