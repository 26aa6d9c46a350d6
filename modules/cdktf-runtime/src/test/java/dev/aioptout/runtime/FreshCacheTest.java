package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fresh-cache.cjs, preloaded into a Node.js that reads a cache entry's manifest as jsii's kernel does
 * (fs.readFileSync through the link in its node_modules): a fresh entry gets the index shipped under
 * its digest, whole, or nothing when the index is not this package's or names a file outside the
 * entry; the build's warm-up records every entry it read; a .tgz is read at most 1 MB at a time, and
 * nothing else is changed. The real kernel loading the real provider this way: the launcher tests
 * (CdktfRuntimeLauncherTest).
 */
class FreshCacheTest {

    private static final Path RUNTIME = Path.of(System.getProperty("aioptout.runtime"));
    private static final String MANIFEST = ".jsii.runtime.v1.json";
    private static final List<String> INDEX =
            List.of(MANIFEST, ".jsii.runtime-index.v1", ".jsii.runtime-defs.v1.jsonl");
    private static final String READ_MANIFEST = "try { require('fs').readFileSync(process.argv[1], 'utf8');"
            + " process.stdout.write('read') } catch (e) { process.stdout.write(e.code) }";

    @TempDir
    Path dir;

    private Path runtime;
    private Path shipped;
    private Path entry;
    private Path link;

    /** A runtime folder with the preload and the resource batch's index shipped; a fresh entry of it. */
    @BeforeEach
    void aShippedIndexAndAFreshEntry() throws Exception {
        runtime = Files.createDirectories(dir.resolve("runtime"));
        for (String script : List.of("fresh-cache.cjs", "runtime-index-files.cjs")) {
            Files.copy(RUNTIME.resolve(script), runtime.resolve(script));
        }
        Path built = RuntimeIndexBuilderTest.cacheEntry(dir.resolve("build-cache"));
        Path jobs = Files.writeString(dir.resolve("jobs"), RuntimeIndexBuilderTest.job(built) + "\n");
        RuntimeIndexBuilderTest.build(
                "--jobs",
                jobs.toString(),
                "--ship",
                runtime.resolve("jsii-index").toString());
        shipped = runtime.resolve("jsii-index").resolve(RuntimeIndexBuilderTest.DIGEST);
        assertThat(shipped.resolve("jsii.runtime.v1.json")).isRegularFile();

        entry = RuntimeIndexBuilderTest.cacheEntry(dir.resolve("cache"));
        link = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("kernel/node_modules")).resolve("ai-optout-resource-batch"), entry);
    }

    @Test
    void aFreshEntryGetsTheShippedIndexWholeBeforeJsiiReadsIt() throws Exception {
        assertThat(readManifest(Map.of())).isEqualTo("read");

        for (String name : INDEX) {
            assertThat(entry.resolve(name)).hasSameBinaryContentAs(shipped.resolve(name.substring(1)));
        }
        assertThat(leftBehind()).isEmpty();
    }

    /**
     * An index jsii would not use (here its definitions one byte longer than its offsets say, as a
     * copy damaged in transit) is not installed: jsii parses, and the builder then writes a good one.
     */
    @Test
    void anIndexJsiiWouldNotUseIsNotInstalled() throws Exception {
        Files.writeString(shipped.resolve("jsii.runtime-defs.v1.jsonl"), "\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(readManifest(Map.of())).isEqualTo("ENOENT");
        assertThat(indexFiles()).isEmpty();
    }

    /**
     * What a kernel killed while copying left (jsii's writer's names, a pid no process has, a while
     * ago) goes; a fresh one of such a pid stays: a writer in another pid namespace looks dead here.
     */
    @Test
    void whatAKilledKernelLeftIsRemovedWhenTheIndexIsInstalled() throws Exception {
        long dead = RuntimeIndexBuilderTest.deadPid();
        Path left = Files.writeString(entry.resolve(".jsii.runtime-defs.v1.jsonl." + dead + ".tmp"), "half");
        Files.setLastModifiedTime(left, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Path writing = Files.writeString(entry.resolve(".jsii.runtime-index.v1." + dead + ".tmp"), "half");

        assertThat(readManifest(Map.of())).isEqualTo("read");

        assertThat(left).doesNotExist();
        assertThat(writing).exists();
    }

    @Test
    void anIndexOfAnotherPackageIsNotInstalled() throws Exception {
        ObjectNode manifest = manifest();
        ((ObjectNode) manifest.get("assemblyMetadata")).put("version", "9.9.9");
        writeManifest(manifest);

        assertThat(readManifest(Map.of())).isEqualTo("ENOENT");
        assertThat(indexFiles()).isEmpty();
    }

    @Test
    void anIndexNamingAFileOutsideTheEntryIsNotInstalled() throws Exception {
        ObjectNode manifest = manifest();
        manifest.put("defs", "../../escaped");
        writeManifest(manifest);

        assertThat(readManifest(Map.of())).isEqualTo("ENOENT");
        assertThat(indexFiles()).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("escaped");
        }
    }

    @Test
    void withoutAnIndexForItsDigestJsiiFindsNoneAsStock() throws Exception {
        Path other = Files.move(shipped, shipped.resolveSibling("f".repeat(64)));
        assertThat(other).isDirectory();

        assertThat(readManifest(Map.of())).isEqualTo("ENOENT");
        assertThat(indexFiles()).isEmpty();
    }

    @Test
    void theBuildsWarmUpRecordsEveryEntryItRead() throws Exception {
        Path jobs = dir.resolve("warm-up-jobs");

        readManifest(Map.of("AI_OPTOUT_JSII_INDEX_JOBS", jobs.toString()));

        assertThat(jobs)
                .hasContent("{\"ship\":"
                        + new ObjectMapper()
                                .writeValueAsString(entry.toRealPath().toString()) + "}");
    }

    /**
     * Only node-tar's streaming form (fd, buffer, offset, length, null) on a .tgz: a read at a
     * position may be its caller's whole file, and jsii's digest reads (fd, buffer).
     */
    @Test
    void aTarballIsReadAtMostOneMegabyteAtATimeAndNothingElseIsChanged() throws Exception {
        byte[] threeMegabytes = new byte[3 << 20];
        Path tarball = Files.write(dir.resolve("package.jsii.tgz"), threeMegabytes);
        Path other = Files.write(dir.resolve("package.jsii"), threeMegabytes);
        String reads = "const fs = require('fs'); const b = Buffer.alloc(3 << 20); const said = [];"
                + " for (const f of process.argv.slice(1)) { const fd = fs.openSync(f, 'r');"
                + " said.push(fs.readSync(fd, b, 0, b.length, null), fs.readSync(fd, b, 0, b.length, 0));"
                + " fs.closeSync(fd); const again = fs.openSync(f, 'r'); said.push(fs.readSync(again, b));"
                + " fs.closeSync(again); } process.stdout.write(said.join(' '))";

        assertThat(node(reads, Map.of(), tarball.toString(), other.toString()))
                .isEqualTo("1048576 3145728 3145728 3145728 3145728 3145728");
    }

    private String readManifest(Map<String, String> environment) throws Exception {
        return node(READ_MANIFEST, environment, link.resolve(MANIFEST).toString());
    }

    private String node(String script, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "node",
                "--preserve-symlinks",
                "--require",
                runtime.resolve("fresh-cache.cjs").toString(),
                "-e",
                script));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("NODE_OPTIONS");
        builder.environment().remove("AI_OPTOUT_JSII_INDEX_JOBS");
        builder.environment().putAll(environment);
        Process node = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String said = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as(said).isZero();
        return said;
    }

    private ObjectNode manifest() throws Exception {
        return (ObjectNode) new ObjectMapper()
                .readTree(shipped.resolve("jsii.runtime.v1.json").toFile());
    }

    private void writeManifest(ObjectNode manifest) throws Exception {
        new ObjectMapper().writeValue(shipped.resolve("jsii.runtime.v1.json").toFile(), manifest);
    }

    private List<String> indexFiles() throws Exception {
        try (Stream<Path> files = Files.list(entry)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(".jsii.runtime"))
                    .toList();
        }
    }

    private List<String> leftBehind() throws Exception {
        try (Stream<Path> files = Files.list(entry)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".tmp"))
                    .toList();
        }
    }
}
