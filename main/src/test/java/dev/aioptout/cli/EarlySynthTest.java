package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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

    /**
     * What killed runs left in the temporary folder (SIGKILL: no clean-up ran) is removed by the next
     * synth: a folder whose lock file nobody holds, and one without a lock file that is older than
     * {@link EarlySynth#UNLOCKED_LEFTOVER}; a running synth's folder (its lock held, here by this
     * JVM), a young one without a lock file, a link and anything else stay (review2 finding 7).
     */
    @Test
    void theNextSynthRemovesTheFoldersOfKilledRunsOnly() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path dead = leftover(tmp.resolve(EarlySynth.PREFIX + "1-dead"), true);
        Path old = leftover(tmp.resolve(EarlySynth.PREFIX + "2-old"), false);
        Files.setLastModifiedTime(
                old,
                FileTime.from(Instant.now().minus(EarlySynth.UNLOCKED_LEFTOVER).minusSeconds(60)));
        Path young = leftover(tmp.resolve(EarlySynth.PREFIX + "3-young"), false);
        Path live = leftover(tmp.resolve(EarlySynth.PREFIX + "4-live"), true);
        Path elsewhere = leftover(dir.resolve("elsewhere"), false);
        Path link = Files.createSymbolicLink(tmp.resolve(EarlySynth.PREFIX + "5-link"), elsewhere);
        Path other = Files.createDirectories(tmp.resolve("other"));
        try (FileChannel channel = FileChannel.open(live.resolve(EarlySynth.LOCK), StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Cli cli = synth(Files.readString(Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml")), "");
            assertThat(cli.exit()).as(cli.err()).isZero();
        }
        assertThat(temporaryFiles()).containsExactlyInAnyOrder(young, live, link, other);
        assertThat(dead).doesNotExist();
        assertThat(old).doesNotExist();
        assertThat(elsewhere.resolve("stacks/ai-optout/cdk.tf.json")).isRegularFile();
        assertThat(live.resolve("stacks/ai-optout/cdk.tf.json")).isRegularFile();
    }

    /** A temporary folder as a run leaves it: a stack, and its lock file (free) when {@code locked}. */
    private static Path leftover(Path folder, boolean locked) throws Exception {
        Files.createDirectories(folder.resolve("stacks/ai-optout"));
        Files.writeString(folder.resolve("stacks/ai-optout/cdk.tf.json"), "{}\n");
        if (locked) {
            Files.writeString(folder.resolve(EarlySynth.LOCK), "");
        }
        return folder;
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
