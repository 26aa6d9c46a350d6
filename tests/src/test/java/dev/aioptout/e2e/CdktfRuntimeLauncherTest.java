package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.aioptout.testing.ExternalTools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canaries of modules/cdktf-runtime on the real artefacts the build leaves (main/target:
 * ai-optout.jar, ai-optout.jsa, runtime/), run through the launcher, each with a jsii package
 * cache of its own (JSII_RUNTIME_PACKAGE_CACHE_ROOT), never the machine's warm one: the build's
 * warm-up leaves jsii's runtime index of every package it loads, and with it provider-aws is
 * loaded from the index, not parsed; a first synth on an empty cache leaves the index behind; a
 * cache this user cannot write is turned off for the run, with one line under --verbose; the JVM
 * runs from the class-data-sharing archive; the jar stores jsii's bundles uncompressed; without
 * Node.js, synth says Node.js is needed. A
 * fallback here fails a test, where it would only make synth slower.
 */
class CdktfRuntimeLauncherTest {

    private static final Path TARGET = E2e.root().resolve("main/target");
    private static final Path LAUNCHER = E2e.root().resolve("ai-optout");
    private static final String MANIFEST = ".jsii.runtime.v1.json";
    private static final List<String> PACKAGES =
            List.of("constructs", "cdktf", "@cdktf/provider-aws", "ai-optout-resource-batch");

    /**
     * Preloaded before the launcher's preloads (NODE_OPTIONS comes first): the largest read of a
     * tarball the kernel makes, as it reaches fs.readSync after them.
     */
    private static final String READ_PROBE = """
            const fs = require("fs");
            const tarballs = new Set();
            let largest = 0;
            const openSync = fs.openSync;
            fs.openSync = function (file) {
              const fd = openSync.apply(this, arguments);
              if (String(file).endsWith(".tgz")) tarballs.add(fd);
              return fd;
            };
            const closeSync = fs.closeSync;
            fs.closeSync = function (fd) {
              tarballs.delete(fd);
              return closeSync.apply(this, arguments);
            };
            const readSync = fs.readSync;
            fs.readSync = function (fd, buffer, offset, length) {
              if (arguments.length >= 4 && tarballs.has(fd)) largest = Math.max(largest, length);
              return readSync.apply(this, arguments);
            };
            process.once("exit", () => console.log("largest tarball read " + largest));
            """;

    /** The cache the build's warm-up filled, shared by the tests that read an indexed cache. */
    @TempDir
    static Path shared;

    private static Path warmed;
    private static Path buildsRuntime;
    private static Run warmUp;

    @TempDir
    Path dir;

    /** What main/pom.xml runs at package, into a cache of this class's own. */
    @BeforeAll
    static void theBuildsWarmUp() throws Exception {
        warmed = shared.resolve("warm-cache");
        buildsRuntime = runtimeAsTheBuildHasIt(shared.resolve("runtime"));
        warmUp = run(
                warmUpCommand(buildsRuntime, shared.resolve("training")),
                Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", warmed.toString()),
                shared);
    }

    /** The runtime folder as the build has it when its warm-up runs: without an index shipped. */
    private static Path runtimeAsTheBuildHasIt(Path copy) throws IOException {
        E2e.copyTree(TARGET.resolve("runtime"), copy, relative -> relative.startsWith("jsii-index"));
        return copy;
    }

    /** What main/pom.xml runs at package. */
    private static List<String> warmUpCommand(Path runtime, Path out) {
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                runtime.resolve("warm-build.sh").toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                TARGET.resolve("ai-optout.jar").toString()));
        command.addAll(synthArguments("multi-ou-exceptions", out));
        return command;
    }

    /**
     * The build ships the same index whatever this machine's jsii cache: with the cache off, the
     * training uses one of its own, removed after, and the index shipped is byte for byte the one
     * the warm-up above shipped from its cache.
     */
    @Test
    @Tag(ExternalTools.SLOW)
    void theBuildShipsTheSameIndexWithItsJsiiCacheOff() throws Exception {
        Path runtime = runtimeAsTheBuildHasIt(dir.resolve("runtime"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        Run off = run(
                warmUpCommand(runtime, dir.resolve("training")),
                Map.of("JSII_RUNTIME_PACKAGE_CACHE", "disabled", "TMPDIR", tmp.toString()),
                dir);

        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.err())
                .contains("ai-optout build: the training synth uses a jsii package cache of its own, removed after"
                        + " the build")
                .contains("ai-optout build: jsii's runtime index shipped beside the jar for 4 packages");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("tmp."));
        }
        List<Path> shipped;
        try (Stream<Path> files = Files.walk(buildsRuntime.resolve("jsii-index"))) {
            shipped = files.filter(Files::isRegularFile).toList();
        }
        assertThat(shipped).hasSize(3 * PACKAGES.size());
        for (Path file : shipped) {
            Path same = runtime.resolve("jsii-index")
                    .resolve(buildsRuntime.resolve("jsii-index").relativize(file));
            assertThat(same).hasSameBinaryContentAs(file);
        }
    }

    @Test
    void theBuildsWarmUpLeavesTheRuntimeIndexOfEveryPackageItLoads() throws Exception {
        assertThat(warmUp.exit()).as(warmUp.err()).isZero();
        assertThat(warmUp.err())
                .contains("ai-optout build: jsii's runtime index is in place for 4 of 4 packages")
                .doesNotContain("warning");
        // Right when it returns: a synth that follows the build finds it.
        for (String name : PACKAGES) {
            assertThat(entry(warmed, name).resolve(MANIFEST)).as(name).isRegularFile();
        }
        assertThat(leftBehind(warmed)).isEmpty();
        // And a copy of each for the machines the build never saw, under its entry's digest.
        assertThat(warmUp.err())
                .contains(
                        "ai-optout build: jsii's runtime index shipped beside the jar for 4 packages (constructs@10.8.1,"
                                + " cdktf@0.19.2, @cdktf/provider-aws@18.0.3, ai-optout-resource-batch@1.0.0)");
        for (String name : PACKAGES) {
            Path entry = entry(warmed, name);
            assertThat(buildsRuntime
                            .resolve("jsii-index")
                            .resolve(entry.getFileName())
                            .resolve(MANIFEST.substring(1)))
                    .as(name)
                    .hasSameBinaryContentAs(entry.resolve(MANIFEST));
        }
    }

    /**
     * A first synth on an empty cache with no build before it (a release's first run, another HOME):
     * every package's index comes from the runtime folder (the build's own, main/target/runtime/
     * jsii-index), so the kernel asks for none to be built (it would, for a package it parsed), and
     * it reads each tarball at most 1 MB at a time (a probe preloaded before the launcher's sees the
     * reads). The stack is the golden one.
     */
    @Test
    void aFirstSynthOnAnEmptyCacheParsesNoAssemblyAndReadsTarballsInSmallChunks() throws Exception {
        assumeThat(Boolean.getBoolean("cds.skip"))
                .as("built with -Dcds.skip: no warm-up, no index shipped")
                .isFalse();
        Path cache = dir.resolve("fresh-cache");
        Path jobs = dir.resolve("jobs");
        Path out = dir.resolve("out");
        Run first = launch(
                Map.of(
                        "JSII_RUNTIME_PACKAGE_CACHE_ROOT",
                        cache.toString(),
                        "AI_OPTOUT_JSII_INDEX_JOBS",
                        jobs.toString(),
                        "NODE_OPTIONS",
                        "--require=" + Files.writeString(dir.resolve("probe.cjs"), READ_PROBE)),
                synthArguments("multi-ou-exceptions", out));

        assertThat(first.exit()).as(first.err()).isZero();
        assertGolden("multi-ou-exceptions", out);
        // Only the warm-up's records of the entries read, no job: nothing was parsed.
        assertThat(Files.readAllLines(jobs)).hasSize(PACKAGES.size()).allMatch(line -> line.startsWith("{\"ship\":"));
        for (String name : PACKAGES) {
            Path entry = entry(cache, name);
            assertThat(entry.resolve(MANIFEST))
                    .as(name)
                    .hasSameBinaryContentAs(TARGET.resolve("runtime/jsii-index")
                            .resolve(entry.getFileName())
                            .resolve(MANIFEST.substring(1)));
        }
        assertThat(first.out().lines().filter(line -> line.startsWith("largest tarball read ")))
                .containsExactly("largest tarball read 1048576");
    }

    /**
     * The index path never reads the package's .jsii: with provider-aws's emptied, synth still
     * writes the golden stack, which it could not if jsii parsed it. JSII_DEBUG_TIMING shows the load.
     */
    @Test
    void withTheIndexProviderAwsIsReadFromItAndNotParsed() throws Exception {
        Path assembly = entry(warmed, "@cdktf/provider-aws").resolve(".jsii");
        Path aside = assembly.resolveSibling(".jsii.aside");
        Files.move(assembly, aside);
        try {
            Files.writeString(assembly, "");
            Path out = dir.resolve("out");
            Run synth = launch(
                    Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", warmed.toString(), "JSII_DEBUG_TIMING", "1"),
                    synthArguments("multi-ou-exceptions", out));

            assertThat(synth.exit()).as(synth.err()).isZero();
            assertGolden("multi-ou-exceptions", out);
            assertThat(synth.out().lines())
                    .anyMatch(line -> line.matches(
                            "\\[@jsii/kernel:timing] loadAssemblyFromPath\\(.*/@cdktf/provider-aws\\): [0-9.]+ms"));
        } finally {
            Files.move(aside, assembly, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * No build before and no index shipped (the lever fresh-cache off: what a build without Node.js
     * gives): the first synth parses, and leaves the index for the next.
     */
    @Test
    @Tag(ExternalTools.SLOW)
    void aFirstSynthOnAnEmptyCacheLeavesTheRuntimeIndexBehind() throws Exception {
        Path cache = dir.resolve("first-cache");
        Path out = dir.resolve("out");
        Run first = launch(
                Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", cache.toString(), "AI_OPTOUT_JSII", "no-fresh-cache"),
                synthArguments("multi-ou-exceptions", out));

        assertThat(first.exit()).as(first.err()).isZero();
        assertGolden("multi-ou-exceptions", out);
        // Built by a detached process after the command: bounded, generously for a busy machine.
        Path manifest = entry(cache, "@cdktf/provider-aws").resolve(MANIFEST);
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                !allIndexed(cache) && System.nanoTime() < deadline; ) {
            Thread.sleep(500);
        }
        assertThat(manifest).isRegularFile();
        assertThat(allIndexed(cache)).isTrue();
        // Its builder done: no lock, no temporary file.
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                !leftBehind(cache).isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
        }
        assertThat(leftBehind(cache)).isEmpty();
    }

    /**
     * jsii 1.140 fails outright on a cache it cannot write; the launcher turns it off for the run:
     * the same stack, slower, and one line with --verbose. Here a complete, indexed cache of another
     * user (jsii: EPERM on touching an entry's marker), as the user nobody when these tests run as
     * root, else a folder made read-only. (The other cases of runtime-env.sh's check: the runtime
     * module's RuntimeEnvTest; not a word without --verbose: main's CdktfRuntimeTest.)
     */
    @Test
    void aCacheThisUserCannotWriteIsTurnedOffForTheRun() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path cache = warmed;
        List<String> command = new ArrayList<>();
        if (root) {
            // Where nobody can look: this test's folder and the shared one.
            open(dir, "rwxr-xr-x");
            open(shared, "rwxr-xr-x");
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        } else {
            cache = Files.createDirectories(dir.resolve("read-only"));
            assumeThat(cache.toFile().setWritable(false, false)).isTrue();
        }
        // A folder of its own for that user, as its home would be.
        Path work = Files.createDirectories(dir.resolve("user"));
        open(work, "rwxrwxrwx");
        Path out = work.resolve("out");
        command.add((root ? launcherNobodyCanRead() : LAUNCHER).toString());
        // The layout where that user may read it too, under the same name.
        Path layout = Files.copy(layout("multi-ou-exceptions"), work.resolve("ai-optout.yaml"));
        open(layout, "rw-r--r--");
        command.addAll(append(synthArguments(layout, out), "--verbose"));
        Run verbose = run(
                command, Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", cache.toString(), "HOME", work.toString()), work);

        assertThat(verbose.exit()).as(verbose.err()).isZero();
        assertGolden("multi-ou-exceptions", out);
        assertThat(verbose.err().lines().filter(line -> line.contains("package cache")))
                .containsExactly("ai-optout: jsii's package cache " + cache + " is not writable: this run uses none"
                        + " (slower, same output; set JSII_RUNTIME_PACKAGE_CACHE_ROOT to a folder of your own)");
    }

    /**
     * The launcher with the built jar and runtime folder, where every user may read them: the
     * checkout itself may sit in a folder only its owner can enter (a clone in a mktemp folder).
     */
    private Path launcherNobodyCanRead() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("checkout"));
        Path target = Files.createDirectories(copy.resolve("main/target"));
        Files.copy(LAUNCHER, copy.resolve("ai-optout"));
        E2e.copyTree(TARGET.resolve("runtime"), target.resolve("runtime"), relative -> false);
        E2e.linkOrCopy(TARGET.resolve("ai-optout.jar"), target.resolve("ai-optout.jar"));
        try (Stream<Path> walk = Files.walk(copy)) {
            for (Path p : walk.toList()) {
                open(
                        p,
                        Files.isDirectory(p) || p.getFileName().toString().equals("ai-optout")
                                ? "rwxr-xr-x"
                                : "rw-r--r--");
            }
        }
        return copy.resolve("ai-optout");
    }

    private static void open(Path folder, String permissions) throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));
    }

    @Test
    void aCacheTurnedOffIsSaidWithVerbose() throws Exception {
        Run verbose = launch(
                Map.of("JSII_RUNTIME_PACKAGE_CACHE", "disabled"),
                append(synthArguments("single-account", dir.resolve("out")), "--verbose"));

        assertThat(verbose.exit()).as(verbose.err()).isZero();
        assertGolden("single-account", dir.resolve("out"));
        assertThat(verbose.err().lines())
                .contains("ai-optout: jsii's package cache is off (JSII_RUNTIME_PACKAGE_CACHE=disabled): every"
                        + " synth reads the AWS provider's 133 MB assembly in full (slower, same output)");
    }

    /**
     * The launcher maps the build's archive: the command line's own classes come from it, and so do
     * picocli's, which JDK 17 archives only in a static archive (their class files are Java 5's).
     */
    @Test
    void theLauncherStartsTheJvmFromTheClassDataSharingArchive() throws Exception {
        assumeThat(Boolean.getBoolean("cds.skip")).as("built with -Dcds.skip").isFalse();
        assertThat(TARGET.resolve("ai-optout.jsa")).isRegularFile();
        Path log = dir.resolve("class-load.log");
        Run version = launch(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), List.of("--version"));

        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(Files.readAllLines(log))
                .anyMatch(line -> line.endsWith(" dev.aioptout.cli.Main source: shared objects file"))
                .anyMatch(line -> line.endsWith(" picocli.CommandLine source: shared objects file"));
    }

    /**
     * jsii's Java runtime copies each module's bundle out of the jar on every run: the build stores
     * them uncompressed, so that the AWS provider's 30 MB is copied, not inflated, each time.
     */
    @Test
    void theJarStoresJsiisBundlesAndTypeListsUncompressed() throws Exception {
        try (ZipFile jar = new ZipFile(TARGET.resolve("ai-optout.jar").toFile())) {
            List<String> read = jar.stream()
                    .filter(entry -> (entry.getName().endsWith(".jsii.tgz")
                                    || entry.getName().endsWith("/$Module.txt"))
                            && entry.getSize() > 100_000)
                    .map(entry -> entry.getName() + (entry.getMethod() == ZipEntry.STORED ? "" : " (compressed)"))
                    .toList();
            assertThat(read)
                    .contains(
                            "com/hashicorp/cdktf/providers/aws/provider-aws@18.0.3.jsii.tgz",
                            "com/hashicorp/cdktf/providers/aws/$Module.txt")
                    .allMatch(name -> !name.endsWith("(compressed)"));
        }
    }

    /** The launchers start the JVM with the main class named (runtime-env.sh), which is the jar's own. */
    @Test
    void theLauncherNamesTheJarsMainClass() throws Exception {
        String script = Files.readString(TARGET.resolve("runtime").resolve("runtime-env.sh"));
        try (java.util.jar.JarFile jar =
                new java.util.jar.JarFile(TARGET.resolve("ai-optout.jar").toFile())) {
            String main = jar.getManifest().getMainAttributes().getValue("Main-Class");
            assertThat(script).contains("\nAI_OPTOUT_MAIN_CLASS=" + main + "\n");
        }
    }

    /**
     * The provider's jsii module class in the jar is ai-optout's (modules/cdktf-runtime), which looks
     * the provider's types up instead of reading all 28,636 (main/pom.xml's shading leaves the
     * generated one out); ProviderModuleTest checks it against the generated one.
     */
    @Test
    void theJarHasAiOptoutsModuleClassForTheProvider() throws Exception {
        try (ZipFile jar = new ZipFile(TARGET.resolve("ai-optout.jar").toFile())) {
            ZipEntry module = jar.getEntry("com/hashicorp/cdktf/providers/aws/$Module.class");
            String bytes = new String(jar.getInputStream(module).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(bytes).contains("dev/aioptout/runtime/TypeList");
        }
    }

    @Test
    void withoutNodeJsOnThePathSynthSaysItNeedsNodeJs() throws Exception {
        Run synth = launch(
                Map.of("PATH", pathWithout("node").toString()), synthArguments("single-account", dir.resolve("out")));

        assertThat(synth.exit()).isEqualTo(70);
        assertThat(synth.err().lines())
                .singleElement()
                .asString()
                .startsWith("ai-optout: failed: CDKTF's Node.js did not start: CDKTF runs in Node.js, and \"node\""
                        + " is not found: install Node.js 20 or newer")
                .endsWith("check that Node.js 20 or newer is installed and on the PATH (or name it with JSII_NODE)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private record Run(int exit, String out, String err) {}

    private static List<String> synthArguments(String example, Path out) {
        return synthArguments(layout(example), out);
    }

    private static List<String> synthArguments(Path layout, Path out) {
        return List.of("synth", "--config", layout.toString(), "--out", out.toString());
    }

    private static Path layout(String example) {
        return E2e.root().resolve("examples").resolve(example).resolve("ai-optout.yaml");
    }

    private static List<String> append(List<String> list, String more) {
        List<String> longer = new ArrayList<>(list);
        longer.add(more);
        return longer;
    }

    private Run launch(Map<String, String> environment, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(args);
        return run(command, environment, dir);
    }

    private static Run run(List<String> command, Map<String, String> environment, Path folder) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        // The launchers' own set-up, not Surefire's or the caller's.
        for (String name : List.of("JSII_RUNTIME", "AI_OPTOUT_RUNTIME", "NODE_OPTIONS", "AI_OPTOUT_JSII")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(environment);
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            return new Run(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The cache entry of a package: {@code <root>/<name>/<version>/<digest>}, the only one. */
    private static Path entry(Path cache, String name) throws IOException {
        try (Stream<Path> entries = Files.find(
                cache.resolve(name),
                2,
                (path, attributes) ->
                        path.resolve(".jsii-runtime-package-cache").toFile().isFile())) {
            return entries.findFirst().orElseThrow(() -> new AssertionError("no cache entry of " + name));
        }
    }

    private static boolean allIndexed(Path cache) throws IOException {
        for (String name : PACKAGES) {
            if (!Files.isDirectory(cache.resolve(name))
                    || !Files.isRegularFile(entry(cache, name).resolve(MANIFEST))) {
                return false;
            }
        }
        return true;
    }

    /** Locks of the index builder and temporary files of jsii's index writer, anywhere in the cache. */
    private static List<Path> leftBehind(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache, 5)) {
            return files.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.equals(".ai-optout-runtime-index.lock")
                                || (name.startsWith(".jsii.runtime") && name.endsWith(".tmp"));
                    })
                    .toList();
        }
    }

    private static void assertGolden(String example, Path out) {
        Path expected = E2e.root().resolve("examples").resolve(example).resolve("expected");
        for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
            assertThat(out.resolve(file)).as(example + " " + file).hasSameBinaryContentAs(expected.resolve(file));
        }
    }

    /** A folder of links to every command on this PATH but {@code name}, first one wins. */
    private Path pathWithout(String name) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Map<String, Path> found = new HashMap<>();
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            File[] commands = new File(folder).listFiles();
            for (File command : commands == null ? new File[0] : commands) {
                if (!command.getName().equals(name) && command.canExecute() && command.isFile()) {
                    found.putIfAbsent(command.getName(), command.toPath());
                }
            }
        }
        for (Map.Entry<String, Path> command : found.entrySet()) {
            Files.createSymbolicLink(bin.resolve(command.getKey()), command.getValue());
        }
        return bin;
    }
}
