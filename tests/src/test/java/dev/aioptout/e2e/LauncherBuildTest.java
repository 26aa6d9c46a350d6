package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aioptout.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's first runs side by side (parallel jobs on a fresh checkout): two
 * {@code ./ai-optout} started together on a stale jar build it once, and a third started while
 * that build runs waits for it; all three run. While the build runs, the jar's path names the old
 * file until the new one is renamed into place: never a part of the new jar, never nothing, so a
 * launcher that starts then, or a JVM that runs the old jar, never reads a jar being written. In a
 * copy of this checkout (the files git tracks or would, as they are now), so that the build is a
 * real one and this checkout's jar is left alone; the copy builds without tests and without the
 * class-data-sharing archive (its {@code .mvn/maven.config}), so it takes a minute or so: tagged
 * {@value ExternalTools#SLOW}.
 */
@Tag(ExternalTools.SLOW)
class LauncherBuildTest {

    @TempDir
    Path dir;

    @Test
    void launchersOnAStaleJarBuildItOnceAndOneStartedDuringTheBuildWaitsForIt() throws Exception {
        Path root = E2e.root();
        Path jar = root.resolve("main/target/ai-optout.jar");
        TerraformTools.require(
                Files.isRegularFile(jar), "main/target/ai-optout.jar is missing: build with mvn package");
        List<String> files = checkedOut(root);
        Path copy = dir.resolve("checkout");
        for (String file : files) {
            Path from = root.resolve(file);
            if (Files.isRegularFile(from)) {
                Files.createDirectories(copy.resolve(file).getParent());
                Files.copy(from, copy.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path mavenConfig = copy.resolve(".mvn/maven.config");
        Files.createDirectories(mavenConfig.getParent());
        Files.writeString(
                mavenConfig,
                (Files.exists(mavenConfig) ? Files.readString(mavenConfig).strip() + " " : "") + "-Dcds.skip=true\n");
        // A jar older than every source: stale, as after a pull.
        Path stale = copy.resolve("main/target/ai-optout.jar");
        Files.createDirectories(stale.getParent());
        Files.copy(jar, stale);
        FileTime old = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        Files.setLastModifiedTime(stale, old);
        Object oldFile = fileKey(stale);

        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            launchers.add(launcher(copy, i));
        }
        // Every file the jar's path names while the build runs, in order ("none" when it names nothing).
        List<Object> seen = new ArrayList<>(List.of(oldFile));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (!building(launchers.size()) && launchers.stream().anyMatch(Process::isAlive)) {
            observe(stale, seen);
            assertThat(System.nanoTime()).as("a launcher says it builds").isLessThan(deadline);
            Thread.sleep(20);
        }
        launchers.add(launcher(copy, 2)); // during the build
        while (launchers.stream().anyMatch(Process::isAlive)) {
            observe(stale, seen);
            assertThat(System.nanoTime()).as("the launchers end").isLessThan(deadline);
            Thread.sleep(20);
        }
        int builds = 0;
        for (int i = 0; i < launchers.size(); i++) {
            String err = Files.readString(dir.resolve("err-" + i + ".txt"));
            assertThat(launchers.get(i).exitValue()).as(err).isZero();
            assertThat(Files.readString(dir.resolve("out-" + i + ".txt"))).startsWith("ai-optout ");
            builds += (int) err.lines()
                    .filter(l -> l.startsWith("ai-optout: building "))
                    .count();
        }
        assertThat(builds).as("builds of the stale jar").isEqualTo(1);
        assertThat(Files.readString(dir.resolve("err-2.txt")))
                .as("the launcher started during the build")
                .contains("ai-optout: waiting for another launcher's build...")
                .doesNotContain("ai-optout: building ");
        assertThat(Files.getLastModifiedTime(stale)).isGreaterThan(old);
        assertThat(seen)
                .as("the files the jar's path named during the build: the old jar, then the new one")
                .containsExactly(oldFile, fileKey(stale));
    }

    private Process launcher(Path copy, int i) throws IOException {
        return new ProcessBuilder(copy.resolve("ai-optout").toString(), "--version")
                .directory(copy.toFile())
                .redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                .redirectError(dir.resolve("err-" + i + ".txt").toFile())
                .start();
    }

    /** Whether one of the first {@code count} launchers said it builds. */
    private boolean building(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path err = dir.resolve("err-" + i + ".txt");
            if (Files.exists(err) && Files.readString(err).contains("ai-optout: building ")) {
                return true;
            }
        }
        return false;
    }

    /** Adds the file the path names now, when it is another than the last one seen. */
    private static void observe(Path path, List<Object> seen) {
        Object now;
        try {
            now = fileKey(path);
        } catch (IOException e) {
            now = "none";
        }
        if (!now.equals(seen.get(seen.size() - 1))) {
            seen.add(now);
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** The files of the checkout, as git lists them; the test is skipped outside a git checkout. */
    private static List<String> checkedOut(Path root) throws Exception {
        Process git;
        try {
            git = new ProcessBuilder(
                            "git",
                            "-C",
                            root.toString(),
                            "ls-files",
                            "-z",
                            "--cached",
                            "--others",
                            "--exclude-standard")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (java.io.IOException missing) {
            git = null;
        }
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        if (git != null) {
            git.getInputStream().transferTo(listed);
        }
        assumeTrue(
                git != null && git.waitFor() == 0 && listed.size() > 0,
                "not a git checkout (or no git): the launcher build test, which copies the checkout, is skipped");
        List<String> files = new ArrayList<>();
        for (String file : listed.toString(StandardCharsets.UTF_8).split("\0")) {
            if (!file.isEmpty()) {
                files.add(file);
            }
        }
        return files;
    }
}
