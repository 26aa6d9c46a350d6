package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.audit.testing.FaultInjectingProxy.Fault;
import dev.aioptout.audit.testing.FaultInjectingProxy.Kind;
import dev.aioptout.e2e.VerifyTest.Run;
import dev.aioptout.e2e.VerifyTest.TestOrg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify and snapshot under AWS's real load, against the emulator through a proxy: throttling in
 * every form AWS uses is retried and never taken for "unavailable"; a check that could not finish
 * is shown as such in every report and the run exits 3; a call that never answers ends the run at
 * its deadline; an id that is not one stops the run where it enters; one run writes every report.
 */
@ExtendWith(MotoExtension.class)
class VerifyUnderLoadTest {

    /** Fast enough for tests: the default pace (5 a second) would add two seconds to every run. */
    private static final String FAST = "--cross-check-rate=100";

    @TempDir
    Path dir;

    /** Three OUs, nine accounts, the full baseline at the root and a foreign Lex policy it makes harmless. */
    private Path organization(Emulator emulator) throws Exception {
        TestOrg org = AuditRecipeTest.withForeignLexPolicy(emulator, VerifyTest.FULL_BASELINE);
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, VerifyTest.exampleLayout(org));
        return layout;
    }

    /** AWS's answers to the cross-check's calls for this organization, from a run of the engine without them. */
    private static Map<String, Function<String, String>> awsAnswers(Emulator emulator, Path layout) {
        Run plain = VerifyTest.verify(emulator.endpoint(), "--config", layout.toString(), "--cross-check=none");
        assertThat(plain.exit()).as(plain.err()).isZero();
        return AwsAnswers.crossCheck(AwsAnswers.effective(plain.json()));
    }

    private static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        report.get("checks").forEach(c -> byId.put(c.get("id").asText(), c));
        return byId;
    }

    @Test
    void throttlingInEveryFormAwsUsesEndsInTheUnthrottledReportByteForByte(Emulator emulator) throws Exception {
        Path layout = organization(emulator);
        var answers = awsAnswers(emulator, layout);
        String unthrottled;
        try (FaultInjectingProxy proxy = FaultInjectingProxy.answering(emulator.endpoint(), answers)) {
            Run run = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString(), FAST);
            assertThat(run.exit()).as(run.err()).isZero();
            Map<String, JsonNode> checks = checks(run.json());
            assertThat(checks.get("effective-policy-cross-check").get("status").asText())
                    .isEqualTo("pass");
            assertThat(checks.get("no-invalid-effective-policies").get("status").asText())
                    .isEqualTo("pass");
            unthrottled = run.out();
        }
        // The first three requests of every operation throttled (as the issue saw it: the cross-check had three
        // attempts, then called itself unavailable): HTTP 400 TooManyRequestsException, HTTP 400
        // ThrottlingException, HTTP 429 ThrottlingException; the very first with Retry-After.
        for (Kind kind : FaultInjectingProxy.THROTTLES) {
            try (FaultInjectingProxy proxy = FaultInjectingProxy.answering(
                    emulator.endpoint(),
                    answers,
                    (operation, nth, r) -> nth > 3
                            ? Fault.NONE
                            : Fault.of(kind)
                                    .withRetryAfter(operation.equals("DescribeOrganization") && nth == 1 ? "1" : null),
                    1)) {
                Run run = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString(), FAST);
                assertThat(run.exit()).as(kind + "\n" + run.err()).isZero();
                assertThat(run.out()).as(kind.toString()).isEqualTo(unthrottled);
                // Nine operations, DescribeEffectivePolicy and ListAccountsWithInvalidEffectivePolicy among them.
                assertThat(proxy.faultsByOperation())
                        .as(kind.toString())
                        .hasSize(9)
                        .containsEntry("DescribeEffectivePolicy", 3)
                        .containsEntry("ListAccountsWithInvalidEffectivePolicy", 3);
                assertThat(run.err()).contains("27 retries, 27 throttled)");
            }
        }
    }

    @Test
    void aCrossCheckThrottledOnEveryAttemptCouldNotCompleteInEveryReportAndExitsThree(Emulator emulator)
            throws Exception {
        Path layout = organization(emulator);
        var answers = awsAnswers(emulator, layout);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.answering(
                emulator.endpoint(),
                answers,
                FaultInjectingProxy.always(Set.of("DescribeEffectivePolicy"), Fault.of(Kind.TOO_MANY_REQUESTS)),
                1)) {
            long t0 = System.nanoTime();
            Run run = VerifyTest.verify(
                    proxy.endpoint(),
                    "--config",
                    layout.toString(),
                    FAST,
                    "--deadline",
                    "4s",
                    "--report",
                    "text=" + dir.resolve("r.txt"),
                    "--report",
                    "junit=" + dir.resolve("r.xml"),
                    "--report",
                    "sarif=" + dir.resolve("r.sarif"),
                    "--report",
                    "html=" + dir.resolve("r.html"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            assertThat(run.exit()).as(run.err()).isEqualTo(3);
            JsonNode check = checks(run.json()).get("effective-policy-cross-check");
            assertThat(check.get("status").asText()).isEqualTo("incomplete");
            String call = check.get("call").asText();
            assertThat(call).matches("DescribeEffectivePolicy \\d{12}");
            assertThat(check.get("message").asText())
                    .startsWith("could not complete after 0 of 9 accounts: " + call + " failed: ")
                    .contains("--deadline 4s");
            assertThat(run.json().get("compliant").asBoolean()).isFalse();
            assertThat(run.err())
                    .contains("ai-optout: audit incomplete: effective-policy-cross-check could not complete");
            for (String report : List.of("r.txt", "r.xml", "r.sarif", "r.html")) {
                assertThat(Files.readString(dir.resolve(report)))
                        .as(report)
                        .contains("effective-policy-cross-check")
                        .contains("could not complete")
                        .contains(call);
            }
            assertThat(Files.readString(dir.resolve("r.txt"))).contains("  incomplete effective-policy-cross-check: ");
            assertThat(Files.readString(dir.resolve("r.html")))
                    .contains("could not complete: effective-policy-cross-check (" + call + ")");
            assertThat(proxy.requestsByOperation().get("DescribeEffectivePolicy"))
                    .as("retried until the deadline, not three times then called unavailable")
                    .isGreaterThan(3);
        }
    }

    @Test
    void aListingThrottledOnEveryAttemptEndsTheRunWithExitThreeNamingItNeverZero(Emulator emulator) throws Exception {
        Path layout = organization(emulator);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                emulator.endpoint(),
                FaultInjectingProxy.always(
                        Set.of("ListAccountsForParent"),
                        Fault.of(Kind.THROTTLING_429).withRetryAfter("1")),
                1)) {
            long t0 = System.nanoTime();
            Run run = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString(), "--deadline", "3s");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
            assertThat(run.exit()).as(run.err()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err())
                    .containsPattern("ai-optout: audit incomplete: ListAccountsForParent r-\\w+ failed: (still"
                            + " throttled: AWS asked to wait 1 s \\(Retry-After\\), past the deadline|the deadline)")
                    .contains("(--deadline 3s)");
            assertThat(proxy.requestsByOperation().get("ListAccountsForParent"))
                    .as("Retry-After honoured: about one attempt a second")
                    .isBetween(2, 4);
        }
    }

    @Test
    void aCallThatNeverAnswersEndsVerifyAndSnapshotAtTheDeadlineWritingNothing(Emulator emulator) throws Exception {
        Path layout = organization(emulator);
        for (String command : List.of("verify", "snapshot")) {
            // The root's OUs are listed; the first OU's are never answered.
            try (FaultInjectingProxy proxy = FaultInjectingProxy.start(
                    emulator.endpoint(),
                    (operation, nth, r) -> operation.equals("ListOrganizationalUnitsForParent") && nth > 1
                            ? Fault.of(Kind.STALL)
                            : Fault.NONE,
                    1)) {
                Path out = dir.resolve(command + ".out");
                long t0 = System.nanoTime();
                Run run = VerifyTest.cli(
                        command,
                        "--endpoint-url",
                        proxy.endpoint().toString(),
                        "--deadline",
                        "3s",
                        "--output",
                        out.toString());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(took).as(command).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(6));
                assertThat(run.exit()).as(run.err()).isEqualTo(3);
                assertThat(run.err())
                        .containsPattern("ListOrganizationalUnitsForParent ou-\\S+ failed: the deadline \\(--deadline"
                                + " 3s\\) passed while this call was in flight; by then 2 AI opt-out policies, 1 OU,"
                                + " \\d+ accounts read, in \\d+ API calls and 0 retries");
                assertThat(out).as("nothing written when the run is incomplete").doesNotExist();
            }
        }
        assertThat(layout).exists();
    }

    @Test
    void theEmulatorsOwnNotImplementedAnswerIsUnavailableAndAskedOnlyOnce(Emulator emulator) throws Exception {
        Path layout = organization(emulator);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), (o, n, r) -> Fault.NONE, 1)) {
            Run run = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            Map<String, JsonNode> checks = checks(run.json());
            assertThat(checks.get("effective-policy-cross-check").get("message").asText())
                    .isEqualTo("cross-check unavailable: the endpoint does not implement DescribeEffectivePolicy"
                            + " (HTTP 500, not an AWS answer)");
            assertThat(checks.get("no-invalid-effective-policies").get("status").asText())
                    .isEqualTo("skip");
            assertThat(proxy.requestsByOperation())
                    .as("moto's answer will not change: not retried")
                    .containsEntry("DescribeEffectivePolicy", 1)
                    .containsEntry("ListAccountsWithInvalidEffectivePolicy", 1);
        }
    }

    @Test
    void anIdThatIsNotOneInAnAnswerStopsVerifyAndSnapshotWhereItEnters(Emulator emulator) throws Exception {
        organization(emulator);
        Path marker = dir.resolve("pwned");
        String hostile = "p-$(touch " + marker + ")";
        try (FaultInjectingProxy proxy = FaultInjectingProxy.rewriting(
                emulator.endpoint(),
                (operation, body) -> operation.equals("ListPolicies")
                        ? body.replaceFirst(
                                "\"Id\": ?\"p-[0-9a-z]+\"", "\"Id\": \"" + hostile.replace("$", "\\$") + "\"")
                        : body)) {
            Path snapshot = dir.resolve("org.json");
            for (Run run : List.of(
                    VerifyTest.verify(proxy.endpoint()),
                    VerifyTest.cli(
                            "snapshot",
                            "--endpoint-url",
                            proxy.endpoint().toString(),
                            "--output",
                            snapshot.toString()))) {
                assertThat(run.exit()).as(run.err()).isEqualTo(3);
                assertThat(run.out()).isEmpty();
                assertThat(run.err())
                        .contains("ListPolicies AISERVICES_OPT_OUT_POLICY failed: the answer's Policies[].Id \""
                                + hostile + "\" is not a policy id (p- and 8 to 128 letters, digits or '_')");
            }
            assertThat(snapshot).doesNotExist();
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void anIdThatIsNotOneOrANameThatIsNotAStringInAnOrganizationFileIsBadInputAtItsPointer(Emulator emulator)
            throws Exception {
        Path layout = organization(emulator);
        Path snapshot = dir.resolve("org.json");
        Run taken = VerifyTest.cli(
                "snapshot", "--endpoint-url", emulator.endpoint().toString(), "--output", snapshot.toString());
        assertThat(taken.exit()).as(taken.err()).isZero();
        String text = Files.readString(snapshot);
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        String foreign = file.get("policies").get(1).get("id").asText();

        Files.writeString(snapshot, text.replace(foreign, "p-$(touch pwned)"));
        Run plan = VerifyTest.cli("plan", "--org", snapshot.toString(), "--config", layout.toString());
        assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
        assertThat(plan.err())
                .contains("/policies/1/id: \"p-$(touch pwned)\" is not a policy id")
                .doesNotContain("detach-policy");
        assertThat(plan.out()).isEmpty();

        String account = file.get("root").get("children").get(0).get("name").asText();
        Files.writeString(
                snapshot,
                text.replace("\"name\" : \"" + account + "\"", "\"name\" : [\"" + account + "\"]")
                        .replace("\"name\": \"" + account + "\"", "\"name\": {\"x\": 1}"));
        Run names = VerifyTest.cli("plan", "--org", snapshot.toString(), "--config", layout.toString());
        assertThat(names.exit()).as(names.err()).isEqualTo(2);
        assertThat(names.err()).contains("/root/children/0/name: must be a string");
    }

    @Test
    void oneRunWritesEveryReportEachByteIdenticalToTheSingleFormatRun(Emulator emulator) throws Exception {
        // Findings in every report: under a lock on "default" only, the foreign policy changes accounts.
        TestOrg org = AuditRecipeTest.withForeignLexPolicy(emulator, VerifyTest.DEFAULT_LOCK_BASELINE);
        Path layout = dir.resolve("default-lock.yaml");
        Files.writeString(layout, VerifyTest.exampleLayout(org).replace("lock: full", "lock: default"));

        List<String> formats = List.of("text", "json", "junit", "sarif", "html");
        Path all = Files.createDirectories(dir.resolve("all"));
        Map<String, Integer> oneRun;
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), (o, n, r) -> Fault.NONE, 1)) {
            List<String> args = new ArrayList<>(List.of(
                    "verify",
                    "--endpoint-url",
                    proxy.endpoint().toString(),
                    "--config",
                    layout.toString(),
                    "--output",
                    all.resolve("main.json").toString()));
            for (String f : formats) {
                args.add("--report");
                args.add(f + "=" + all.resolve("report." + f));
            }
            Run run = VerifyTest.cli(args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            oneRun = proxy.requestsByOperation();
        }
        assertThat(Files.readString(all.resolve("main.json")))
                .as("--output without --format: text")
                .isEqualTo(Files.readString(all.resolve("report.text")));
        for (String f : formats) {
            Path single = dir.resolve("single." + f);
            try (FaultInjectingProxy proxy =
                    FaultInjectingProxy.start(emulator.endpoint(), (o, n, r) -> Fault.NONE, 1)) {
                Run run = VerifyTest.cli(
                        "verify",
                        "--endpoint-url",
                        proxy.endpoint().toString(),
                        "--config",
                        layout.toString(),
                        "--format",
                        f,
                        "--output",
                        single.toString());
                assertThat(run.exit()).as(run.err()).isEqualTo(1);
                assertThat(proxy.requestsByOperation())
                        .as("one pass, whatever the reports")
                        .isEqualTo(oneRun);
            }
            assertThat(Files.readAllBytes(all.resolve("report." + f))).as(f).isEqualTo(Files.readAllBytes(single));
        }

        // plan: the same, from one proof.
        Path orgFile = dir.resolve("org.json");
        assertThat(VerifyTest.cli(
                                "snapshot",
                                "--endpoint-url",
                                emulator.endpoint().toString(),
                                "--output",
                                orgFile.toString())
                        .exit())
                .isZero();
        Run plan = VerifyTest.cli(
                "plan",
                "--org",
                orgFile.toString(),
                "--config",
                layout.toString(),
                "--report",
                "json=" + dir.resolve("plan.json"),
                "--report",
                "html=" + dir.resolve("plan.html"));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(1);
        for (String f : List.of("json", "html")) {
            Run single =
                    VerifyTest.cli("plan", "--org", orgFile.toString(), "--config", layout.toString(), "--format", f);
            assertThat(Files.readString(dir.resolve("plan." + f))).as(f).isEqualTo(single.out());
        }
        assertThat(VerifyTest.cli("plan", "--org", orgFile.toString(), "--config", layout.toString())
                        .out())
                .isEqualTo(plan.out());
    }

    @Test
    void aProgressLineOnlyWithProgressWhenNotATerminalAndNeverInTheReport(Emulator emulator) throws Exception {
        organization(emulator);
        Run quiet = VerifyTest.verify(emulator.endpoint());
        assertThat(quiet.err()).doesNotContain("progress");
        Run shown = VerifyTest.verify(emulator.endpoint(), "--progress");
        assertThat(shown.exit()).as(shown.err()).isEqualTo(quiet.exit());
        assertThat(shown.err())
                .containsPattern(
                        "ai-optout: progress: 2 AI opt-out policies, 4 OUs, 9 accounts read; cross-check 0 of 9"
                                + " accounts; \\d+ API calls, 0 retries \\(0 throttled\\)\n");
        assertThat(shown.out()).isEqualTo(quiet.out()).doesNotContain("progress");
        Run snapshot =
                VerifyTest.cli("snapshot", "--endpoint-url", emulator.endpoint().toString(), "--progress");
        assertThat(snapshot.err()).contains("ai-optout: progress: 2 AI opt-out policies, 4 OUs, 9 accounts read;");
    }
}
