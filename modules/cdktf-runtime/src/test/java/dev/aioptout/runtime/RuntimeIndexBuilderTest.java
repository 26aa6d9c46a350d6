package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtime-index-builder.cjs run as a program, on a cache entry of the resource batch's package
 * (small, so quick), with jsii's own index worker from the runtime folder: it writes jsii's runtime
 * index, one builder per entry (a lock holding its pid), waits for another builder only when the
 * build asks it to, and clears what a builder that died left. The preload that records the jobs
 * and starts it is run by the launcher tests (CdktfRuntimeLauncherTest) and by every synth.
 */
class RuntimeIndexBuilderTest {

    private static final Path RUNTIME = Path.of(System.getProperty("aioptout.runtime"));
    private static final String LOCK = ".ai-optout-runtime-index.lock";
    private static final String MANIFEST = ".jsii.runtime.v1.json";

    @TempDir
    Path dir;

    private Path entry;
    private Path jobs;

    @BeforeEach
    void aCacheEntry() throws Exception {
        entry = Files.createDirectories(dir.resolve("cache/ai-optout-resource-batch/1.0.0/digest"));
        ResourceBatchModule module = new ResourceBatchModule();
        try (InputStream bundle = ResourceBatchModule.class.getResourceAsStream(module.getBundleResourceName())) {
            for (Map.Entry<String, String> file :
                    Tarball.read(new GZIPInputStream(bundle), path -> true).entrySet()) {
                Path target = entry.resolve(file.getKey().substring("package/".length()));
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        }
        Files.writeString(entry.resolve(".jsii-runtime-package-cache"), "");
        String job = new ObjectMapper()
                .writeValueAsString(Map.of(
                        "file",
                                RUNTIME.resolve("jsii/lib/runtime-index-worker.js")
                                        .toString(),
                        "packageDir", entry.toString(),
                        "supportedFeatures", List.of("intersection-types", "class-covariant-overrides")));
        jobs = Files.writeString(dir.resolve("jobs"), job + "\n" + job + "\n");
    }

    @Test
    void theBuildWritesTheIndexOfEachPackageOnceAndSaysSo() throws Exception {
        String said = build("--jobs", jobs.toString());

        assertThat(said)
                .startsWith("ai-optout build: jsii's runtime index is in place for 1 of 1 packages"
                        + " (ai-optout-resource-batch@1.0.0: built), ");
        assertThat(entry.resolve(MANIFEST)).isRegularFile();
        assertThat(entry.resolve(".jsii.runtime-index.v1")).isRegularFile();
        assertThat(entry.resolve(".jsii.runtime-defs.v1.jsonl")).isRegularFile();
        assertThat(entry.resolve(LOCK)).doesNotExist();
        // Done already: left alone.
        assertThat(build("--jobs", jobs.toString())).contains("(ai-optout-resource-batch@1.0.0: present)");
    }

    @Test
    void afterACommandAnEntryAnotherLiveBuilderHoldsIsLeftToIt() throws Exception {
        Files.writeString(
                entry.resolve(LOCK), String.valueOf(ProcessHandle.current().pid()));

        build("--detached", "[" + Files.readAllLines(jobs).get(0) + "]");

        assertThat(entry.resolve(MANIFEST)).doesNotExist();
        assertThat(entry.resolve(LOCK))
                .hasContent(String.valueOf(ProcessHandle.current().pid()));
    }

    @Test
    void theBuildWaitsForAnotherLiveBuilder() throws Exception {
        Files.writeString(
                entry.resolve(LOCK), String.valueOf(ProcessHandle.current().pid()));
        Process builder = start("--jobs", jobs.toString());
        Thread.sleep(1000);
        assertThat(builder.isAlive()).isTrue();
        // The other builder is done (without an index: this one builds it).
        Files.delete(entry.resolve(LOCK));

        assertThat(builder.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(new String(builder.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("(ai-optout-resource-batch@1.0.0: built)");
        assertThat(entry.resolve(MANIFEST)).isRegularFile();
    }

    @Test
    void whatADeadBuilderLeftIsClearedAndTheIndexBuilt() throws Exception {
        long dead = deadPid();
        Files.writeString(entry.resolve(LOCK), String.valueOf(dead));
        Files.writeString(entry.resolve(".jsii.runtime-defs.v1.jsonl." + dead + ".tmp"), "half");

        build("--detached", "[" + Files.readAllLines(jobs).get(0) + "]");

        assertThat(entry.resolve(MANIFEST)).isRegularFile();
        try (var files = Files.list(entry)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.equals(LOCK));
        }
    }

    /** A pid no process has: one that just ended. */
    private static long deadPid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return ended.pid();
    }

    private String build(String... arguments) throws Exception {
        Process builder = start(arguments);
        String said = new String(builder.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(builder.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(builder.exitValue()).as(said).isZero();
        return said;
    }

    private Process start(String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                "node", RUNTIME.resolve("runtime-index-builder.cjs").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("NODE_OPTIONS");
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
