package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
    static final String DIGEST = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private Path entry;
    private Path jobs;

    @BeforeEach
    void aCacheEntry() throws Exception {
        entry = cacheEntry(dir.resolve("cache"));
        String job = job(entry);
        jobs = Files.writeString(dir.resolve("jobs"), job + "\n" + job + "\n");
    }

    /** A job as the preload records it: jsii's worker from the runtime folder, for the entry. */
    static String job(Path entry) throws Exception {
        return new ObjectMapper()
                .writeValueAsString(Map.of(
                        "file",
                                RUNTIME.resolve("jsii/lib/runtime-index-worker.js")
                                        .toString(),
                        "packageDir", entry.toString(),
                        "supportedFeatures", List.of("intersection-types", "class-covariant-overrides")));
    }

    /**
     * The resource batch's package extracted under {@code cache}, as jsii's cache holds it: in a
     * folder named by a digest (any 64 hex digits: nothing checks it against the tarball), without an
     * index.
     */
    static Path cacheEntry(Path cache) throws Exception {
        Path entry = Files.createDirectories(cache.resolve("ai-optout-resource-batch/1.0.0/" + DIGEST));
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
        return entry;
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

    /**
     * The build ships the index of every package the training loaded, those indexed before it too
     * (the preload's {"ship": entry} lines): under the entry's digest, each file without its dot.
     */
    @Test
    void theBuildShipsTheIndexOfEveryEntryUnderItsDigest() throws Exception {
        build("--jobs", jobs.toString());
        Path indexedBefore = entry;
        Path ship = dir.resolve("runtime/jsii-index");
        Files.writeString(
                jobs, "{\"ship\": " + new ObjectMapper().writeValueAsString(indexedBefore.toString()) + "}\n");

        String said = build("--jobs", jobs.toString(), "--ship", ship.toString());

        assertThat(said)
                .isEqualTo("ai-optout build: jsii's runtime index shipped beside the jar for 1 packages"
                        + " (ai-optout-resource-batch@1.0.0)\n");
        try (var files = Files.list(ship.resolve(DIGEST))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "jsii.runtime.v1.json", "jsii.runtime-index.v1", "jsii.runtime-defs.v1.jsonl");
        }
        for (String name : List.of(MANIFEST, ".jsii.runtime-index.v1", ".jsii.runtime-defs.v1.jsonl")) {
            assertThat(ship.resolve(DIGEST).resolve(name.substring(1))).hasSameBinaryContentAs(entry.resolve(name));
        }
    }

    /**
     * The kernel asks for an index only when it found none it would use: one it would not (here its
     * definitions cut short) is built again, not taken as present; and what is shipped is built from
     * the package, not copied from the cache.
     */
    @Test
    void anIndexJsiiWouldNotUseIsBuiltAgainAndNotShipped() throws Exception {
        build("--jobs", jobs.toString());
        Path defs = entry.resolve(".jsii.runtime-defs.v1.jsonl");
        byte[] good = Files.readAllBytes(defs);
        Files.write(defs, java.util.Arrays.copyOf(good, good.length - 1));
        Path ship = shipTheEntry();
        assertThat(ship.resolve(DIGEST).resolve("jsii.runtime-defs.v1.jsonl")).hasBinaryContent(good);

        assertThat(build("--jobs", jobs.toString())).contains("(ai-optout-resource-batch@1.0.0: built)");
        assertThat(defs).hasBinaryContent(good);
    }

    /**
     * A package whose .jsii is a redirect to its compressed assembly beside it (jsii's
     * jsii/file-redirect): built afresh for shipping, from the package as the worker reads it.
     */
    @Test
    void aPackageWithACompressedAssemblyIsShippedToo() throws Exception {
        Path assembly = entry.resolve(".jsii");
        try (var gzip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(entry.resolve(".jsii.gz")))) {
            gzip.write(Files.readAllBytes(assembly));
        }
        Files.writeString(
                assembly, "{\"schema\":\"jsii/file-redirect\",\"compression\":\"gzip\",\"filename\":\".jsii.gz\"}");
        Path ship = shipTheEntry();
        assertThat(ship.resolve(DIGEST).resolve("jsii.runtime.v1.json")).isRegularFile();
        try (var files = Files.list(ship.resolve(DIGEST))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "jsii.runtime.v1.json", "jsii.runtime-index.v1", "jsii.runtime-defs.v1.jsonl");
        }
    }

    /** Ships the entry alone, as the build does an entry the training read, and says it shipped it. */
    private Path shipTheEntry() throws Exception {
        Path ship = dir.resolve("runtime/jsii-index");
        Path shipOnly = Files.writeString(
                dir.resolve("ship-only"),
                "{\"ship\": " + new ObjectMapper().writeValueAsString(entry.toString()) + "}\n");
        assertThat(build("--jobs", shipOnly.toString(), "--ship", ship.toString()))
                .isEqualTo("ai-optout build: jsii's runtime index shipped beside the jar for 1 packages"
                        + " (ai-optout-resource-batch@1.0.0)\n");
        return ship;
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
        Path half = Files.writeString(entry.resolve(".jsii.runtime-defs.v1.jsonl." + dead + ".tmp"), "half");
        // Left a while ago: a fresh one may be a live writer in another pid namespace.
        Files.setLastModifiedTime(half, FileTime.fromMillis(System.currentTimeMillis() - 120_000));

        build("--detached", "[" + Files.readAllLines(jobs).get(0) + "]");

        assertThat(entry.resolve(MANIFEST)).isRegularFile();
        try (var files = Files.list(entry)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.equals(LOCK));
        }
    }

    /** A pid no process has: one that just ended. */
    static long deadPid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return ended.pid();
    }

    static String build(String... arguments) throws Exception {
        Process builder = start(arguments);
        String said = new String(builder.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(builder.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(builder.exitValue()).as(said).isZero();
        return said;
    }

    private static Process start(String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                "node", RUNTIME.resolve("runtime-index-builder.cjs").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("NODE_OPTIONS");
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
