package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's first runs side by side (parallel jobs on a fresh checkout): three
 * {@code ./ai-optout} started together on a stale jar build it once, one after the other, and all
 * three run. In a copy of this checkout (the files git tracks or would, as they are now), so that
 * the build is a real one and this checkout's jar is left alone; the copy builds without tests and
 * without the class-data-sharing archive (its {@code .mvn/maven.config}), so it takes a minute or so.
 */
class LauncherBuildTest {

    @TempDir
    Path dir;

    @Test
    void threeLaunchersOnAStaleJarBuildItOnceAndAllRun() throws Exception {
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

        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            launchers.add(new ProcessBuilder(copy.resolve("ai-optout").toString(), "--version")
                    .directory(copy.toFile())
                    .redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                    .redirectError(dir.resolve("err-" + i + ".txt").toFile())
                    .start());
        }
        int builds = 0;
        for (int i = 0; i < launchers.size(); i++) {
            assertThat(launchers.get(i).waitFor(20, TimeUnit.MINUTES)).isTrue();
            String err = Files.readString(dir.resolve("err-" + i + ".txt"));
            assertThat(launchers.get(i).exitValue()).as(err).isZero();
            assertThat(Files.readString(dir.resolve("out-" + i + ".txt"))).startsWith("ai-optout ");
            builds += (int) err.lines()
                    .filter(l -> l.startsWith("ai-optout: building "))
                    .count();
        }
        assertThat(builds).as("builds of the stale jar").isEqualTo(1);
        assertThat(Files.getLastModifiedTime(stale)).isGreaterThan(old);
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
