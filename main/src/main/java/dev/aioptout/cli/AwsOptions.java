package dev.aioptout.cli;

import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.Deadline;
import dev.aioptout.policy.Problem;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** How verify and snapshot reach AWS Organizations, how long they may take, and whether they show progress. */
final class AwsOptions {

    static final String DEFAULT_DEADLINE = "30m";

    /** {@code 30m}, {@code 1h30m}, {@code 90s}, {@code 500ms}: whole numbers of hours, minutes, seconds, milliseconds. */
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

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
            names = "--deadline",
            paramLabel = "DURATION",
            defaultValue = DEFAULT_DEADLINE,
            description = "The whole run ends by then (30m, 1h30m, 90s): a call still waiting, or throttled, ends it"
                    + " with exit code 3, naming the call and how far the run got. Default: ${DEFAULT-VALUE}.")
    String deadline;

    @Option(
            names = "--progress",
            description = "Show a progress line on standard error even when it is not a terminal (on a terminal it"
                    + " is shown anyway).")
    boolean progress;

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
            description = "Attempts per call for failures that may pass (5xx, network, an attempt timed out);"
                    + " throttled answers are retried until the deadline.")
    int maxAttempts;

    @Option(
            names = "--attempt-timeout",
            hidden = true,
            paramLabel = "DURATION",
            description = "How long one HTTP attempt of any call may take. Default: 20s for listings, 10s for"
                    + " DescribeEffectivePolicy.")
    String attemptTimeout;

    /** The settings, or each option out of range named as the user wrote it. */
    AwsSettings settings(PrintWriter err) {
        List<Problem> problems = new ArrayList<>();
        Duration attempt = attemptTimeout == null ? null : duration("--attempt-timeout", attemptTimeout, problems);
        duration("--deadline", deadline, problems);
        for (AwsSettings.Invalid invalid : AwsSettings.check(pageSize, maxAttempts, attempt)) {
            switch (invalid) {
                case PAGE_SIZE -> problems.add(Problem.error(null, "--page-size", "is " + pageSize, invalid.allowed()));
                case MAX_ATTEMPTS ->
                    problems.add(Problem.error(null, "--max-attempts", "is " + maxAttempts, invalid.allowed()));
                case ATTEMPT_TIMEOUT ->
                    problems.add(Problem.error(null, "--attempt-timeout", "is " + attemptTimeout, invalid.allowed()));
            }
        }
        if (!problems.isEmpty()) {
            throw LayoutSource.report(problems, err);
        }
        return new AwsSettings(profile, region, endpoint, pageSize, maxAttempts, attempt);
    }

    /** The run's deadline, from now; call after {@link #settings}, which checks the option. */
    Deadline deadline() {
        return Deadline.after(parse(deadline));
    }

    /** The progress line on standard error: on a terminal, or with --progress. */
    ProgressLine progressLine(PrintWriter err) {
        return ProgressLine.create(progress, err);
    }

    private static Duration duration(String option, String text, List<Problem> problems) {
        Duration d = parse(text);
        if (d == null || d.isZero()) {
            problems.add(Problem.error(
                    null, option, "is \"" + text + "\"", "a duration above 0 such as 30m, 1h30m, 90s or 500ms"));
            return null;
        }
        return d;
    }

    /** A duration as the options take it, or null when it is not one. */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (text.isBlank() || !m.matches()) {
            return null;
        }
        try {
            Duration d = Duration.ZERO;
            String[] units = {"h", "m", "s", "ms"};
            for (int i = 0; i < units.length; i++) {
                if (m.group(i + 1) != null) {
                    long n = Long.parseLong(m.group(i + 1));
                    d = d.plus(
                            switch (units[i]) {
                                case "h" -> Duration.ofHours(n);
                                case "m" -> Duration.ofMinutes(n);
                                case "s" -> Duration.ofSeconds(n);
                                default -> Duration.ofMillis(n);
                            });
                }
            }
            return d;
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
