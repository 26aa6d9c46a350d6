package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.cli.Main;
import dev.aioptout.output.FolderTree;
import dev.aioptout.output.ProcessLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ai-optout synth} stopped by SIGTERM, SIGINT or SIGKILL at each point of publishing, as a
 * real process started by the launcher ({@code ./ai-optout}, which execs java: the signal reaches
 * the JVM, and CDKTF runs in jsii's kernel without jsii's relay, as for users). After the signal
 * (and, for SIGKILL, after the next normal run) no staging folder is left, no process of the run is
 * left, and the output folder, with the user's files in and beside it, is byte for byte the old
 * version or the new one, never a mix.
 *
 * <p>The signal arrives at an exact point without guessing at timing: the run is started with
 * {@code -Dai-optout.test.pause-at=POINT}, which makes it print "test pause at POINT" and wait
 * there (holding the folder's lock, not the publisher's monitor, so the signal's clean-up runs);
 * the test sends the signal when it reads that line. The points: staged (staging folder made, nothing generated), generated (files generated; for a stack,
 * CDKTF's Node process is still alive), journaled (journal written, nothing moved), moved-1 (one
 * rename done), committed (all in place, staging not yet removed).
 *
 * <p>The old version is a synthesised stack with Terraform state in it and the user's notes in and
 * beside the output folder. The new version replaces it with a module (no CDKTF: a fast process,
 * and every file changes, appears or goes) or, where CDKTF's process matters, with another stack
 * in both formats.
 */
class SynthKillTest {

    private static final List<String> MODULE = List.of("--module");
    private static final List<String> STACK = List.of("--format", "both");

    @TempDir
    static Path shared;

    private static Path newLayout;
    private static Map<String, String> oldVersion;
    private static Map<String, String> newModule;
    private static Map<String, String> newStack;

    @TempDir
    Path dir;

    @BeforeAll
    static void theOldAndTheNewVersions() throws Exception {
        TerraformTools.require(
                Files.isRegularFile(jar()), "main/target/ai-optout.jar is missing: build with mvn package");
        newLayout = Files.writeString(shared.resolve("new.yaml"), "version: 1\nstack: {name: renamed}\n");
        oldVersion(shared.resolve("old"));
        oldVersion = FolderTree.of(shared.resolve("old"));
        for (List<String> kind : List.of(MODULE, STACK)) {
            Path reference = shared.resolve(kind.get(0).substring(2));
            oldVersion(reference);
            synthNew(reference, kind);
            assertThat(FolderTree.of(reference)).isNotEqualTo(oldVersion);
        }
        newModule = FolderTree.of(shared.resolve("module"));
        newStack = FolderTree.of(shared.resolve("format"));
    }

    private static void oldVersion(Path work) throws IOException {
        Path out = work.resolve("cdktf.out");
        run(
                "synth",
                "--config",
                E2e.root().resolve("examples/single-account/ai-optout.yaml").toString(),
                "--out",
                out.toString());
        Files.writeString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");
        Files.writeString(out.resolve("NOTES.txt"), "mine");
        Files.writeString(work.resolve("beside.txt"), "mine too");
    }

    private static void synthNew(Path work, List<String> kind) {
        List<String> args = new ArrayList<>(List.of(
                "synth",
                "--config",
                newLayout.toString(),
                "--out",
                work.resolve("cdktf.out").toString()));
        args.addAll(kind);
        run(args.toArray(String[]::new));
    }

    @Test
    void sigtermOrSigintLeaveTheOldVersionBeforeTheCommitAndTheNewOneAfter() throws Exception {
        for (String point : List.of("staged", "journaled", "moved-1")) {
            assertThat(FolderTree.of(stop(point, "TERM", MODULE)))
                    .as("SIGTERM at " + point)
                    .isEqualTo(oldVersion);
        }
        assertThat(FolderTree.of(stop("moved-1", "INT", MODULE)))
                .as("SIGINT at moved-1")
                .isEqualTo(oldVersion);
        assertThat(FolderTree.of(stop("generated", "TERM", STACK)))
                .as("SIGTERM with CDKTF's process alive")
                .isEqualTo(oldVersion);
        assertThat(FolderTree.of(stop("committed", "TERM", MODULE)))
                .as("SIGTERM at committed")
                .isEqualTo(newModule);
    }

    @Test
    void afterSigkillTheNextRunRollsBackOrFinishesAndLeavesNoStaging() throws Exception {
        for (String point : List.of("staged", "journaled", "moved-1", "committed")) {
            Path work = stop(point, "KILL", MODULE);
            if (!point.equals("committed")) {
                assertThat(FolderTree.of(work))
                        .as("a staging folder is left after SIGKILL at " + point)
                        .isNotEqualTo(oldVersion);
            }
            synthNew(work, MODULE);
            assertThat(FolderTree.of(work))
                    .as("SIGKILL at " + point + ", then a normal run")
                    .isEqualTo(newModule);
        }
        Path work = stop("generated", "KILL", STACK);
        assertThat(earlySynthFolders(stopped))
                .as("CDKTF's temporary folder (early synth) after SIGKILL")
                .isNotEmpty();
        synthNew(work, STACK);
        assertThat(FolderTree.of(work))
                .as("SIGKILL with CDKTF's process alive, then a normal run")
                .isEqualTo(newStack);
        assertThat(earlySynthFolders(stopped))
                .as("CDKTF's temporary folder of the killed run, after a normal run")
                .isEmpty();
    }

    @Test
    void aRunThatStopsOnBadInputStillRollsBackWhatAKilledRunLeft() throws Exception {
        Path work = stop("moved-1", "KILL", MODULE);
        assertThat(FolderTree.of(work))
                .as("killed halfway")
                .isNotEqualTo(oldVersion)
                .isNotEqualTo(newModule);
        // The next run into the folder rolls back the killed one, then refuses a file of the user's.
        Path clash = Files.writeString(work.resolve("cdktf.out/hcl"), "a file where --format both writes a folder");
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new String[] {
                    "synth",
                    "--config",
                    newLayout.toString(),
                    "--format",
                    "both",
                    "--out",
                    work.resolve("cdktf.out").toString()
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString())
                .contains("rolled back an interrupted synth")
                .contains("hcl is a file where ai-optout writes a folder");
        Files.delete(clash);
        assertThat(FolderTree.of(work)).isEqualTo(oldVersion);
    }

    /** The process that {@link #stop} stopped last. */
    private long stopped;

    /**
     * The temporary folders of the early synth (EarlySynth: {@code ai-optout-synth-PID-*} in the
     * temporary folder, the launched JVM's and this one's) of the process {@code pid}.
     */
    private static List<Path> earlySynthFolders(long pid) throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("ai-optout-synth-" + pid + "-"))
                    .toList();
        }
    }

    /** A fresh old version, and a run of the new one stopped by the signal at the point: the folder. */
    private Path stop(String point, String signal, List<String> kind) throws Exception {
        Path work = Files.createDirectories(
                dir.resolve(point + "-" + signal + "-" + kind.get(0).substring(2)));
        oldVersion(work);
        List<String> command = new ArrayList<>(List.of(
                E2e.root().resolve("ai-optout").toString(),
                "synth",
                "--config",
                newLayout.toString(),
                "--out",
                work.resolve("cdktf.out").toString()));
        command.addAll(kind);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment()
                .put("AI_OPTOUT_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC -Dai-optout.test.pause-at=" + point);
        Process process = builder.start();
        stopped = process.pid(); // the launcher execs the JVM
        process.getOutputStream().close();
        ProcessLines lines = new ProcessLines(process);
        lines.await("ai-optout: test pause at " + point);
        // Node.js runs CDKTF for a stack: it must not outlive the run.
        List<ProcessHandle> children = process.descendants().toList();
        switch (signal) {
            case "TERM" -> process.destroy();
            case "KILL" -> process.destroyForcibly();
            default -> ProcessLines.signal(process, signal);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("ended after SIG" + signal)
                .isTrue();
        assertThat(process.exitValue()).as(lines.all()).isNotZero();
        for (ProcessHandle child : children) {
            assertThat(child.onExit()
                            .completeOnTimeout(null, 30, TimeUnit.SECONDS)
                            .get())
                    .as("process " + child.pid() + " "
                            + child.info().commandLine().orElse("") + " left after SIG" + signal)
                    .isNotNull();
        }
        return work;
    }

    private static void run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(0);
    }

    private static Path jar() {
        return E2e.root().resolve("main/target/ai-optout.jar");
    }
}
