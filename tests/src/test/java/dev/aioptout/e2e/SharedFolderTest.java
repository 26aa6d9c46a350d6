package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.cli.Main;
import dev.aioptout.output.FolderTree;
import dev.aioptout.output.OtherUser;
import dev.aioptout.output.ProcessLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synth} where pipelines run it: several jobs into one {@code --out} at once, a job stopped
 * (kill -STOP) while it holds the folder, a folder inside {@code --out} that the user running it
 * may not write. Real processes through the launcher (or the jar), real signals, a real user
 * without privileges.
 */
class SharedFolderTest {

    @TempDir
    Path dir;

    private static Path launcher() {
        return E2e.root().resolve("ai-optout");
    }

    private static Path jar() {
        Path jar = E2e.root().resolve("main/target/ai-optout.jar");
        TerraformTools.require(
                Files.isRegularFile(jar), "main/target/ai-optout.jar is missing: build with mvn package");
        return jar;
    }

    /**
     * Six synths of one stack into one folder, started together: each runs in turn (or, had one
     * waited longer than it may, stops with exit 2 naming the folder and the process it waited
     * for); none fails otherwise; the folder is what one synth alone writes, with nothing of
     * ai-optout's own left in it (staging folder, lock file).
     */
    @Test
    void sixSynthsIntoOneFolderAtOnceRunInTurn() throws Exception {
        jar();
        Path layout = E2e.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Path reference = dir.resolve("reference");
        run("synth", "--config", layout.toString(), "--out", reference.toString());

        Path out = dir.resolve("cdktf.out");
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProcessBuilder builder = new ProcessBuilder(
                            launcher().toString(), "synth", "--config", layout.toString(), "--out", out.toString())
                    .redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                    .redirectError(dir.resolve("err-" + i + ".txt").toFile());
            builder.environment().put("AI_OPTOUT_LOCK_WAIT", "600");
            runs.add(builder.start());
        }
        int succeeded = 0;
        for (int i = 0; i < runs.size(); i++) {
            Process run = runs.get(i);
            assertThat(run.waitFor(15, TimeUnit.MINUTES)).isTrue();
            String err = Files.readString(dir.resolve("err-" + i + ".txt"));
            if (run.exitValue() == 0) {
                succeeded++;
                assertThat(err).contains("ai-optout: synthesised stack \"ai-optout\"");
            } else {
                assertThat(run.exitValue()).as(err).isEqualTo(2);
                assertThat(err)
                        .contains("error: --out: another synth (process ")
                        .contains("is writing " + out);
            }
            assertThat(err)
                    .doesNotContain("ENOENT")
                    .doesNotContain("rolled back")
                    .doesNotContain("failed:");
        }
        assertThat(succeeded).isPositive();
        assertThat(FolderTree.of(out)).isEqualTo(FolderTree.of(reference));
    }

    /**
     * A synth stopped with kill -STOP halfway through putting its files in place still holds the
     * folder: a second synth waits its time and stops with exit 2 naming that process, and never
     * rolls back what the stopped one has done; once continued, the first one finishes.
     */
    @Test
    void aStoppedSynthIsNeverRolledBackByTheNextOne() throws Exception {
        jar();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path out = work.resolve("out");
        Path one = Files.writeString(work.resolve("one.yaml"), "version: 1\nstack: {name: one}\n");
        Path two = Files.writeString(work.resolve("two.yaml"), "version: 1\nstack: {name: two}\npolicy: {name: two}\n");
        run("synth", "--module", "--config", one.toString(), "--out", out.toString());
        Files.writeString(out.resolve("NOTES.txt"), "the user's");
        Path reference = dir.resolve("reference");
        run("synth", "--module", "--config", one.toString(), "--out", reference.toString());
        Files.writeString(reference.resolve("NOTES.txt"), "the user's");
        run("synth", "--module", "--config", two.toString(), "--out", reference.toString());

        ProcessBuilder first = synth(two, out);
        first.environment()
                .put(
                        "AI_OPTOUT_JAVA_OPTS",
                        "-Xmx512m -XX:+UseSerialGC -Dai-optout.test.pause-at=moved-1 -Dai-optout.test.pause-millis=20000");
        Process stopped = first.redirectErrorStream(true).start();
        stopped.getOutputStream().close();
        ProcessLines lines = new ProcessLines(stopped);
        try {
            lines.await("ai-optout: test pause at moved-1");
            ProcessLines.signal(stopped, "STOP");
            Map<String, String> halfway = FolderTree.of(out);
            assertThat(halfway).isNotEqualTo(FolderTree.of(reference));
            assertThat(halfway.keySet()).anyMatch(p -> p.startsWith(".ai-optout-staging-"));

            ProcessBuilder second = synth(two, out);
            second.environment().put("AI_OPTOUT_LOCK_WAIT", "3");
            Path err = dir.resolve("second.txt");
            Process waited = second.redirectErrorStream(true)
                    .redirectOutput(err.toFile())
                    .start();
            assertThat(waited.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String said = Files.readString(err);
            assertThat(waited.exitValue()).as(said).isEqualTo(2);
            assertThat(said)
                    .contains("error: --out: another synth (process " + stopped.pid() + ") is writing " + out
                            + " and still was after 3 s")
                    .doesNotContain("rolled back");
            assertThat(FolderTree.of(out)).isEqualTo(halfway);

            ProcessLines.signal(stopped, "CONT");
            assertThat(stopped.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(stopped.exitValue()).as(lines.all()).isZero();
        } finally {
            if (stopped.isAlive()) {
                ProcessLines.signal(stopped, "CONT");
                stopped.destroyForcibly();
            }
        }
        assertThat(FolderTree.of(out)).isEqualTo(FolderTree.of(reference));
    }

    /**
     * A folder inside {@code --out} that the user running synth may not write (read-only): the
     * run is rolled back and stops with exit 2, naming the path relative to the working folder and
     * the operating system's reason. Run as a user without privileges (root may write anywhere),
     * where this machine has a way to switch to one.
     */
    @Test
    void aReadOnlyFolderInsideTheOutputIsBadInputWithTheReasonAndIsRolledBack() throws Exception {
        List<String> asUser = OtherUser.prefix("the read-only folder test");
        Path jar = dir.resolve("ai-optout.jar");
        Files.copy(jar(), jar); // where the other user can read it
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        if (!asUser.isEmpty()) {
            UserPrincipalLookupService users = work.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(work, users.lookupPrincipalByName("nobody"));
        }
        Files.writeString(work.resolve("stack.yaml"), "version: 1\n");
        Files.writeString(work.resolve("module.yaml"), "version: 1\npolicy: {name: other}\n");
        Run first =
                Run.synthAs(asUser, work, jar, "--format", "cloudformation", "--config", "stack.yaml", "--out", "out");
        assertThat(first.exit()).as(first.err()).isZero();
        Path templates = work.resolve("out/cloudformation");
        Files.setPosixFilePermissions(templates, PosixFilePermissions.fromString("r-xr-xr-x"));
        Map<String, String> before = FolderTree.of(work);

        // The module's files go in first, then the template is removed from the read-only folder: that fails.
        Run refused = Run.synthAs(asUser, work, jar, "--module", "--config", "module.yaml", "--out", "out");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err())
                .isEqualTo("error: --out: out/cloudformation/ai-optout.template.json could not be removed: permission"
                        + " denied; out was left as it was (check who owns the folder and its permissions, or write"
                        + " somewhere else)\nai-optout: 1 error; nothing was written\n");
        assertThat(FolderTree.of(work)).isEqualTo(before);
        Files.setPosixFilePermissions(templates, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What a command printed, and its exit code. */
    private record Run(int exit, String err) {
        /** {@code synth} with the arguments, run from the jar as the user in the folder. */
        static Run synthAs(List<String> user, Path folder, Path jar, String... arguments) throws Exception {
            List<String> all = new ArrayList<>(user);
            all.addAll(List.of("java", "-jar", jar.toString(), "synth"));
            all.addAll(List.of(arguments));
            Path err = Files.createTempFile("ai-optout-err", ".txt");
            try {
                Process p = new ProcessBuilder(all)
                        .directory(folder.toFile())
                        .redirectError(err.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
                return new Run(p.exitValue(), Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }

    private static ProcessBuilder synth(Path layout, Path out) {
        ProcessBuilder builder = new ProcessBuilder(
                launcher().toString(), "synth", "--module", "--config", layout.toString(), "--out", out.toString());
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        return builder;
    }

    private static void run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
    }
}
