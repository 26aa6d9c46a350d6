package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.output.OwnedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path layout(String text) throws IOException {
        Path file = dir.resolve("ai-optout.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void synthWritesTheManifestAndTheStack() throws Exception {
        Path out = dir.resolve("out");
        Cli cli = Cli.run("synth", "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/stacks/ai-optout/synthesizedStackPath").asText())
                .isEqualTo("stacks/ai-optout/cdk.tf.json");
        JsonNode stack =
                JSON.readTree(out.resolve("stacks/ai-optout/cdk.tf.json").toFile());
        assertThat(stack.at("/resource/aws_organizations_organization/organization/feature_set")
                        .asText())
                .isEqualTo("ALL");
        assertThat(cli.err()).contains("synthesised stack \"ai-optout\"").doesNotContain("!!!");
    }

    /** What the build wrote into version.properties, each version from the build's own properties (main/pom.xml). */
    @Test
    void versionNamesTheCommitAndWhatRunsInside() {
        Cli cli = Cli.run("--version");
        assertThat(cli.exit()).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).matches("ai-optout \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        // A clone's commit (-modified when tracked files differ from it), or unknown in a tree without git.
        assertThat(lines.get(1)).matches("commit: +([0-9a-f]{40}(-modified)?|unknown)");
        assertThat(lines.get(2)).matches("CDK for Terraform: +cdktf \\d+\\.\\d+\\.\\d+, constructs \\d+\\.\\d+\\.\\d+");
        assertThat(lines.get(3))
                .matches("provider bindings: +@cdktf/provider-aws \\d+\\.\\d+\\.\\d+ \\(hashicorp/aws 5\\.23\\.1\\)");
        assertThat(lines.get(4)).matches("jsii runtime: +\\d+\\.\\d+\\.\\d+");
        assertThat(lines.get(5)).matches("AWS SDK for Java: +2\\.\\d+\\.\\d+");
        assertThat(lines.get(6)).startsWith("Java:").contains(System.getProperty("java.runtime.version"));
        assertThat(lines).hasSize(7);
    }

    @Test
    void badInputExitsTwoAndLeavesTheOutputFolderExactlyAsItWas() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("stacks/old"));
        Files.writeString(out.resolve("stacks/old/cdk.tf.json"), "previous run");
        Path bad = layout("""
                version: 1
                policy:
                  default: optout
                """);
        Cli cli = Cli.run("synth", "--config", bad.toString(), "--out", out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains(bad + ":3:12: error: policy.default: invalid value \"optout\"")
                .contains("case matters")
                .contains("nothing was written");
        assertThat(tree(out)).containsExactly("stacks/old/cdk.tf.json");
        assertThat(Files.readString(out.resolve("stacks/old/cdk.tf.json"))).isEqualTo("previous run");
        assertThat(tree(dir)).allMatch(p -> !p.contains("staging") && !p.contains("previous-"));
    }

    @Test
    void successReplacesGeneratedFilesButKeepsTerraformStateAndRemovesStaleStacks() throws Exception {
        Path out = dir.resolve("out");
        synthStack(out, "renamed-stack");
        synthStack(out, "old-with-state");
        // The first stack's file and folder were ai-optout's: gone.
        assertThat(tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/old-with-state/cdk.tf.json");
        assertThat(Files.exists(out.resolve("stacks/renamed-stack"))).isFalse();
        Files.writeString(out.resolve("stacks/old-with-state/terraform.old.tfstate"), "old state");
        synthStack(out, "ai-optout");
        Files.createDirectories(out.resolve("stacks/ai-optout/.terraform"));
        Files.writeString(out.resolve("stacks/ai-optout/.terraform/marker"), "providers");
        Files.writeString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");

        Cli cli = synthStack(out, "ai-optout");
        assertThat(tree(out))
                .containsExactly(
                        OwnedFiles.FILE_NAME,
                        "manifest.json",
                        "stacks/ai-optout/.terraform/marker",
                        "stacks/ai-optout/cdk.tf.json",
                        "stacks/ai-optout/terraform.ai-optout.tfstate",
                        "stacks/old-with-state/terraform.old.tfstate");
        assertThat(Files.readString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate")))
                .isEqualTo("state");
        assertThat(Files.readString(out.resolve("stacks/ai-optout/cdk.tf.json")))
                .contains("aws_organizations_policy");
        assertThat(tree(dir)).allMatch(p -> p.startsWith("out/") || p.startsWith("stack-"));
        assertThat(cli.err()).doesNotContain("kept");
    }

    @Test
    void aStackFolderThatHoldsStateIsKeptWithAWarningWhenItsStackIsGone() throws Exception {
        Path out = dir.resolve("out");
        synthStack(out, "old-with-state");
        Files.writeString(out.resolve("stacks/old-with-state/terraform.old.tfstate"), "old state");
        Cli cli = synthStack(out, "ai-optout");
        assertThat(tree(out))
                .containsExactly(
                        OwnedFiles.FILE_NAME,
                        "manifest.json",
                        "stacks/ai-optout/cdk.tf.json",
                        "stacks/old-with-state/terraform.old.tfstate");
        assertThat(cli.err()).contains("kept stacks/old-with-state: it is no longer generated but holds other files");
    }

    private Cli synthStack(Path out, String stack) throws IOException {
        Path file = dir.resolve("stack-" + stack + ".yaml");
        Files.writeString(file, "version: 1\nstack: {name: " + stack + "}\n");
        Cli cli = Cli.run("synth", "--config", file.toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        return cli;
    }

    @Test
    void validateChecksEverythingAndWritesNothing() throws Exception {
        Path file = layout(Files.readString(Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml")));
        Cli cli = Cli.run("validate", "--config", file.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(cli.out()).contains("valid").contains("3 policies").contains("4 attachment(s)");
        assertThat(tree(dir)).containsExactly("ai-optout.yaml");
    }

    /** An exception that {@code lock: default} makes AWS ignore: the proof refuses it at 6:5. */
    static final String IGNORED_EXCEPTION = """
            version: 1
            layout: multi-ou
            organization: {id: o-exampleorgid}
            policy: {lock: default}
            exceptions:
              - name: all-in
                targets: [ou-ab12-34567890]
                services: {default: optIn}
                reason: test
            """;

    @Test
    void validateRefusesAnExceptionTheLockWouldIgnoreAndNamesTheLock() throws Exception {
        Path file = layout(IGNORED_EXCEPTION);
        Cli cli = Cli.run("validate", "--config", file.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains(file + ":6:5: error: exceptions[0]: exception \"all-in\" would not take effect")
                .contains("locks the value of \"default\"")
                .contains("policy.lock: default");
    }

    @Test
    void aMissingConfigFileIsBadInput() {
        Cli cli = Cli.run("validate", "--config", dir.resolve("nope.yaml").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("layout file not found");
    }

    @Test
    void awsOptionsOutOfRangeAreBadInputNamingTheOptionGiven() {
        Cli attempts = Cli.run("verify", "--max-attempts", "0");
        assertThat(attempts.exit()).isEqualTo(2);
        assertThat(attempts.err())
                .contains("error: --max-attempts: is 0 (1 or more)")
                .doesNotContain("--page-size");
        Cli pageSize = Cli.run("snapshot", "--page-size", "21");
        assertThat(pageSize.exit()).isEqualTo(2);
        assertThat(pageSize.err())
                .contains("error: --page-size: is 21 (1 to 20)")
                .doesNotContain("--max-attempts");
    }

    @Test
    void aDeadlineOrAttemptTimeoutThatIsNotADurationIsBadInput() {
        for (String[] args : new String[][] {
            {"verify", "--deadline", "soon"}, {"snapshot", "--deadline", "0s"}, {"verify", "--deadline", "30"}
        }) {
            Cli cli = Cli.run(args);
            assertThat(cli.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err())
                    .contains("error: --deadline: is \"" + args[2] + "\" (a duration above 0 such as 30m, 1h30m, 90s or"
                            + " 500ms)");
        }
        Cli attempt = Cli.run("verify", "--attempt-timeout", "-1s");
        assertThat(attempt.exit()).isEqualTo(2);
        assertThat(attempt.err()).contains("error: --attempt-timeout: is \"-1s\"");
        Cli rate = Cli.run("verify", "--cross-check-rate", "0");
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.err()).contains("error: --cross-check-rate: is 0.0 (more than 0, at most 1000)");
    }

    @Test
    void durationsAreReadInHoursMinutesSecondsAndMilliseconds() {
        assertThat(AwsOptions.parse("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(AwsOptions.parse("1h30m")).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(AwsOptions.parse("90s")).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(AwsOptions.parse("1m500ms")).isEqualTo(java.time.Duration.ofMillis(60_500));
        assertThat(AwsOptions.parse("2H")).isEqualTo(java.time.Duration.ofHours(2));
        for (String bad : List.of("", "m", "30", "1.5h", "-1s", "30m1h", "99999999999999999999h")) {
            assertThat(AwsOptions.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void reportsAreFormatEqualsFileEachFormatTheCommandWritesEachFileOnce() {
        Cli shape = Cli.run("verify", "--report", "sarif");
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("error: --report: is \"sarif\" (FORMAT=FILE, e.g. --report html=report.html)");
        Cli unknown = Cli.run("plan", "--org", "org.json", "--report", "sarif=a.sarif", "--report", "pdf=a.pdf");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("error: --report: unknown format \"sarif\" in \"sarif=a.sarif\" (text, json, html)")
                .contains("error: --report: unknown format \"pdf\" in \"pdf=a.pdf\" (text, json, html)");
        Cli twice = Cli.run(
                "verify",
                "--output",
                "a.html",
                "--report",
                "html=./a.html",
                "--report",
                "json=b.json",
                "--report",
                "junit=b.json");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err())
                .contains("error: --report: ./a.html is named twice (also by --output a.html)")
                .contains("error: --report: b.json is named twice (also by --report json=b.json)");
        assertThat(Cli.run("verify", "--help").out()).contains("--report=FORMAT=FILE");
    }

    @Test
    void exitCodeOneMeansNonCompliantOnlyAndEveryCommandListsTheFaultCode() {
        Cli help = Cli.run("--help");
        assertThat(help.out()).containsPattern("\\n  1 +plan: some account non-compliant or unverified;");
        for (String command : List.of("synth", "validate", "plan", "verify", "snapshot")) {
            assertThat(Cli.run(command, "--help").out()).as(command).containsPattern("\\n  70 +an internal error");
        }
    }

    @Test
    void anUnknownOptionIsBadInput() {
        Cli cli = Cli.run("synth", "--frobnicate");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void policyPrintsTheCompactDocumentAndItsSize() throws Exception {
        Cli cli = Cli.run("policy");
        assertThat(cli.exit()).isEqualTo(0);
        String document = cli.out().strip();
        JsonNode parsed = JSON.readTree(document);
        assertThat(parsed.at("/services/default/opt_out_policy/@@assign").asText())
                .isEqualTo("optOut");
        assertThat(document).doesNotContain(" ");
        assertThat(cli.err()).contains(document.length() + " of 2500 characters");
    }

    @Test
    void unknownServiceKeysWarnAndFailUnderStrictServices() throws Exception {
        Path file = layout("""
                version: 1
                policy:
                  services: {rekogniton: optOut}
                """);
        Cli lenient = Cli.run("validate", "--config", file.toString());
        assertThat(lenient.exit()).isEqualTo(0);
        assertThat(lenient.err())
                .contains(file + ":3:14: warning: policy.services.rekogniton: unknown service key")
                .contains("did you mean \"rekognition\"");
        Cli strict = Cli.run("validate", "--strict-services", "--config", file.toString());
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.err()).contains("error: policy.services.rekogniton");
    }

    @Test
    void schemaPrintsAJsonSchemaForTheLayoutFile() throws Exception {
        Cli cli = Cli.run("schema");
        assertThat(cli.exit()).isEqualTo(0);
        JsonNode schema = JSON.readTree(cli.out());
        assertThat(schema.path("$schema").asText()).contains("2020-12");
        assertThat(schema.at("/properties/policy/properties/lock/enum")).hasSize(3);
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
