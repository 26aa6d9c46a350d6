package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * synth's early synthesis (lever {@code early-synth}, {@link EarlySynth}): CDKTF synthesises the
 * plan while the proof runs, and only the proof decides what is published. Each case in a JVM of its
 * own, with its own temporary folder, and a preload that tells from inside jsii's kernel whether
 * CDKTF wrote a stack.
 */
class EarlySynthTest {

    @TempDir
    Path dir;

    /** Preloaded into jsii's kernel: says, as it exits, whether CDKTF wrote a stack file anywhere. */
    private static final String PROBE = """
            if (process.argv[1] && process.argv[1].endsWith("program.js")) {
              const fs = require("fs");
              let wrote = false;
              const writeFileSync = fs.writeFileSync;
              fs.writeFileSync = function (file, ...rest) {
                wrote = wrote || String(file).endsWith("cdk.tf.json");
                return writeFileSync.call(this, file, ...rest);
              };
              process.once("exit", () => console.log("cdktf wrote a stack: " + wrote));
            }
            """;

    @Test
    void cdktfSynthesisesWhileTheProofRunsAndARefusedLayoutPublishesNothing() throws Exception {
        Cli cli = synth(CommandLineTest.IGNORED_EXCEPTION, "");

        assertThat(cli.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err())
                .contains("error: exceptions[0]: exception \"all-in\" would not take effect")
                .contains("nothing was written");
        // CDKTF had the plan before the proof refused it: what it wrote went nowhere.
        assertThat(cli.out().lines()).contains("cdktf wrote a stack: true");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void switchedOffCdktfRunsOnlyAfterTheProof() throws Exception {
        Cli cli = synth(CommandLineTest.IGNORED_EXCEPTION, "no-early-synth");

        assertThat(cli.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.out().lines()).contains("cdktf wrote a stack: false");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The stack CDKTF wrote early is the one published, and its temporary folder is gone. */
    @ParameterizedTest
    @ValueSource(strings = {"", "no-early-synth"})
    void aProvenLayoutIsPublishedAsCdktfWroteIt(String levers) throws Exception {
        Cli cli = synth(Files.readString(Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml")), levers);

        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out().lines()).contains("cdktf wrote a stack: true");
        Path expected = Cli.root().resolve("examples/multi-ou-exceptions/expected");
        for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
            assertThat(dir.resolve("out").resolve(file)).hasSameBinaryContentAs(expected.resolve(file));
        }
        assertThat(temporaryFiles()).isEmpty();
    }

    private Cli synth(String layout, String levers) throws Exception {
        Path file = Files.writeString(dir.resolve("ai-optout.yaml"), layout);
        Path probe = Files.writeString(dir.resolve("probe.cjs"), PROBE);
        Files.createDirectories(dir.resolve("tmp"));
        return Cli.runIn(
                dir,
                Map.of(
                        "AI_OPTOUT_JSII", levers,
                        "NODE_OPTIONS", "--require=" + probe,
                        // This JVM's temporary folder (jsii's files, once it ends, and EarlySynth's).
                        "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + dir.resolve("tmp")),
                "synth",
                "--config",
                file.toString(),
                "--out",
                dir.resolve("out").toString());
    }

    /** What the run left in its temporary folder. */
    private List<Path> temporaryFiles() throws Exception {
        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            return left.toList();
        }
    }
}
