package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.distribution.ReleaseArchive;
import dev.aioptout.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into an empty folder, run from a folder outside
 * any clone with a fresh HOME (empty jsii cache) and a PATH that holds Java and Node.js but no
 * Maven. It writes the same stack bytes and prints the same plan as the source launcher
 * (./ai-optout), and its verify passes on an organization its own stack made in the emulator. And
 * the same inputs give the same archive bytes.
 */
@ExtendWith(MotoExtension.class)
class DistributionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Path archive() {
        return E2e.releaseArchive();
    }

    private static String name(Path archive) {
        return E2e.releaseName(archive);
    }

    private static Run run(List<String> command, Path cwd, Map<String, String> env, boolean clean)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectOutput(cwd.resolve(".out").toFile())
                .redirectError(cwd.resolve(".err").toFile());
        if (clean) {
            builder.environment().clear();
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        Run result = new Run(
                process.exitValue(), Files.readString(cwd.resolve(".out")), Files.readString(cwd.resolve(".err")));
        Files.delete(cwd.resolve(".out"));
        Files.delete(cwd.resolve(".err"));
        return result;
    }

    /** A folder of links to java (the one running these tests), node and the few tools the launchers need. */
    private Path tools() throws IOException {
        return E2e.toolsFolder(dir.resolve("tools"), true, E2e.LAUNCHER_TOOLS);
    }

    /** Every file below the folder, by relative path, with its bytes. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }

    @Test
    @Tag(ExternalTools.SLOW) // synths on an empty jsii cache
    void unpackedWithJavaAndNodeOnlyItWritesWhatTheSourceLauncherWritesAndItsVerifyPasses(Emulator emulator)
            throws Exception {
        Path archive = archive();
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Run tar = run(List.of("tar", "-xzf", archive.toString()), unpacked, Map.of(), false);
        assertThat(tar.exit()).as(tar.err()).isZero();
        Path home = unpacked.resolve(name(archive));
        assertThat(unpacked.toFile().list()).containsExactly(name(archive));
        Path launcher = home.resolve("bin/ai-optout");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(home.resolve("lib/ai-optout.jar")).isRegularFile();
        assertThat(home.resolve("lib/runtime/jsii/lib/program.js")).isRegularFile();
        assertThat(home.resolve("lib/runtime/runtime-env.sh")).isRegularFile();
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
        assertThat(home.resolve("README.md")).hasSameTextualContentAs(E2e.root().resolve("README.md"));
        assertThat(home.resolve("examples/multi-ou-exceptions/ai-optout.yaml")).isRegularFile();

        Path bin = tools();
        assertThat(bin.resolve("mvn")).doesNotExist();
        Path userHome = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new HashMap<>(emulator.awsEnvironment());
        env.put("PATH", bin.toString());
        env.put("HOME", userHome.toString());
        // A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory specification says: the
        // archive goes to ~/.cache, not into the working folder (the user's repository).
        env.put("XDG_CACHE_HOME", "relative-cache");
        Path work = Files.createDirectories(dir.resolve("work"));
        for (Path p = work; p != null; p = p.getParent()) {
            assertThat(p.resolve(".git")).as("outside any clone").doesNotExist();
            assertThat(p.resolve("pom.xml")).as("outside any source tree").doesNotExist();
        }
        List<String> archived = List.of(launcher.toString());

        Run version = run(concat(archived, "--version"), work, env, true);
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith(name(archive).replace("ai-optout-", "ai-optout ") + "\n");
        Run schema = run(concat(archived, "schema"), work, env, true);
        assertThat(schema.out()).isEqualTo(Files.readString(home.resolve("schema/ai-optout.schema.json")));
        // Commands that run no CDKTF leave nothing in the user's home: no jsii cache, no archive.
        assertThat(userHome.toFile().list()).isEmpty();

        // synth: the same files as the source launcher's, byte for byte, and as the example's golden files.
        Path layout = home.resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Run synth = run(concat(archived, "synth", "--config", layout.toString(), "--out", "out"), work, env, true);
        assertThat(synth.exit()).as(synth.err()).isZero();
        Path source = Files.createDirectories(dir.resolve("source"));
        List<String> sourceLauncher = List.of(E2e.root().resolve("ai-optout").toString());
        Run sourceSynth = run(
                concat(sourceLauncher, "synth", "--config", layout.toString(), "--out", "out"),
                source,
                Map.of(),
                false);
        assertThat(sourceSynth.exit()).as(sourceSynth.err()).isZero();
        assertThat(files(work.resolve("out"))).isEqualTo(files(source.resolve("out")));
        assertThat(work.resolve("out/stacks/ai-optout/cdk.tf.json"))
                .hasSameBinaryContentAs(
                        home.resolve("examples/multi-ou-exceptions/expected/stacks/ai-optout/cdk.tf.json"));
        // The first synth started the class-data-sharing archive's dump in the user's cache (in the
        // background: it is waited for); the next synth maps ai-optout's classes from it.
        Path cache = userHome.resolve(".cache/ai-optout").resolve(name(archive).substring("ai-optout-".length()));
        Path jsa = awaitArchive(cache);
        assertThat(Files.size(jsa)).isPositive();
        assertThat(work.resolve("relative-cache")).doesNotExist();
        try (Stream<Path> beside = Files.list(jsa.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString()))
                    .as("beside the archive, once its dump has ended: no temporary or error files")
                    .containsExactly("ai-optout.jsa");
        }
        assertThat(userHome.resolve(".cache/aws/jsii/package-cache")).isDirectory();
        Path classes = dir.resolve("class-load.log");
        Map<String, String> logged = new HashMap<>(env);
        logged.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes);
        Run again = run(concat(archived, "synth", "--config", layout.toString(), "--out", "again"), work, logged, true);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(files(work.resolve("again"))).isEqualTo(files(work.resolve("out")));
        assertThat(Files.readAllLines(classes))
                .anyMatch(line -> line.endsWith(" dev.aioptout.cli.Main source: shared objects file"))
                .anyMatch(line -> line.endsWith(" picocli.CommandLine source: shared objects file"));

        // plan: the same report, on an organization file.
        Path org = work.resolve("org.json");
        Files.writeString(org, """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": ["AISERVICES_OPT_OUT_POLICY"],
                 "policies": [],
                 "root": {"id": "r-ab12", "name": "Root", "policies": [], "children": [
                   {"type": "ACCOUNT", "id": "999999999999", "name": "management", "state": "ACTIVE", "policies": []},
                   {"type": "ACCOUNT", "id": "444455556666", "name": "speech", "state": "ACTIVE", "policies": []},
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-34567890", "name": "Sandbox", "policies": [], "children": [
                     {"type": "ACCOUNT", "id": "111122223333", "name": "chatbot", "state": "ACTIVE", "policies": []},
                     {"type": "ACCOUNT", "id": "222233334444", "name": "lab", "state": "ACTIVE", "policies": []}]}]}}
                """);
        Run plan =
                run(concat(archived, "plan", "--config", layout.toString(), "--org", org.toString()), work, env, true);
        Run sourcePlan = run(
                concat(sourceLauncher, "plan", "--config", layout.toString(), "--org", org.toString()),
                source,
                Map.of(),
                false);
        assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("111122223333").isEqualTo(sourcePlan.out());
        assertThat(plan.exit()).isEqualTo(sourcePlan.exit());

        // verify: the default layout's stack, applied by Terraform to the emulator, audited by the archive's launcher.
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Run defaultSynth = run(concat(archived, "synth"), fresh, env, true);
        assertThat(defaultSynth.exit()).as(defaultSynth.err()).isZero();
        Terraform terraform = new Terraform(fresh.resolve("cdktf.out/stacks/ai-optout"), emulator);
        terraform.init();
        terraform.apply();
        Run verify = run(
                concat(archived, "verify", "--endpoint-url", emulator.endpoint().toString(), "--format", "json"),
                fresh,
                env,
                true);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        JsonNode report = JSON.readTree(verify.out());
        assertThat(report.path("compliant").asBoolean()).as(verify.out()).isTrue();
    }

    /**
     * A java on PATH that is a wrapper script (asdf, jenv, SDKMAN's shims), not the JDK's own: the
     * launcher asks the JVM for its home, so the archive gets the same key as with the JDK's java
     * itself, instead of none.
     */
    @Test
    void aJavaBehindAWrapperScriptGetsItsArchiveKeyedAsTheJdksOwn() throws Exception {
        Path archive = archive();
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Run tar = run(List.of("tar", "-xzf", archive.toString()), unpacked, Map.of(), false);
        assertThat(tar.exit()).as(tar.err()).isZero();
        Path launcher = unpacked.resolve(name(archive)).resolve("bin/ai-optout");
        Path bin = tools();
        Path shim = Files.createDirectories(dir.resolve("shim"));
        Path seen = dir.resolve("seen.txt");
        Files.writeString(
                shim.resolve("java"),
                "#!/bin/sh\nprintf '%s\\n' \"${AI_OPTOUT_CDS_ARCHIVE-unset}\" >>'" + seen + "'\nexec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertThat(shim.resolve("java").toFile().setExecutable(true)).isTrue();
        Path userHome = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));

        Map<String, String> env = Map.of("PATH", shim + ":" + bin, "HOME", userHome.toString());
        Run version = run(List.of(launcher.toString(), "--version"), work, env, true);

        assertThat(version.exit()).as(version.err()).isZero();
        List<String> archives = Files.readAllLines(seen);
        String keyed = archives.get(archives.size() - 1);
        String version2 = name(archive).substring("ai-optout-".length());
        assertThat(keyed)
                .as("the archive the launcher names for the JVM")
                .startsWith(userHome.resolve(".cache/ai-optout").resolve(version2) + "/")
                .endsWith("/ai-optout.jsa");
        assertThat(Path.of(keyed).getNameCount()).isEqualTo(userHome.getNameCount() + 6);
    }

    /**
     * Writes the tar.gz again from the same inputs, with the build's own ReleaseArchive and spec: the
     * same bytes as the one mvn package wrote, so nothing of the moment or the machine it was built on
     * is in it (ReleaseArchiveTest shows the same for both formats across file times, modes, creation
     * order and time zones, on small inputs).
     */
    @Test
    void theSameInputsGiveTheSameArchiveBytes() throws Exception {
        Path archive = archive();
        Path spec = E2e.root().resolve("distribution/src/archive.txt");
        List<ReleaseArchive.Entry> entries = ReleaseArchive.entries(E2e.root(), Files.readString(spec));
        Path again = dir.resolve(archive.getFileName().toString());
        Instant time = entryTime(archive);
        assertThat(time).isEqualTo(Instant.parse(System.getProperty("aioptout.outputTimestamp")));
        ReleaseArchive.writeTarGz(again, name(archive), entries, time);
        assertThat(E2e.sha256(again)).isEqualTo(E2e.sha256(archive));
    }

    /** The time of the archive's first entry: every entry has the build's project.build.outputTimestamp. */
    private static Instant entryTime(Path archive) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry().getModTime().toInstant();
        }
    }

    /**
     * The one archive below the cache, once its background dump has renamed it into place (bounded:
     * the dump takes seconds on a loaded machine).
     */
    private static Path awaitArchive(Path cache) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            if (Files.isDirectory(cache)) {
                try (Stream<Path> walk = Files.walk(cache)) {
                    List<Path> found = walk.filter(
                                    p -> p.getFileName().toString().equals("ai-optout.jsa"))
                            .toList();
                    if (!found.isEmpty()) {
                        assertThat(found).hasSize(1);
                        return found.get(0);
                    }
                    try (Stream<Path> failed = Files.walk(cache)) {
                        assertThat(failed.filter(p -> p.toString().endsWith(".failed")))
                                .as("the dump failed")
                                .isEmpty();
                    }
                }
            }
            assertThat(System.nanoTime())
                    .as("no archive in " + cache + " after 3 minutes")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<String> concat(List<String> first, String... rest) {
        List<String> out = new ArrayList<>(first);
        out.addAll(List.of(rest));
        return out;
    }
}
