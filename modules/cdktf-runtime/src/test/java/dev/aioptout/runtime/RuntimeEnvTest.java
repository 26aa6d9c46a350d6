package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * runtime-env.sh's ai_optout_environment, the launchers' set-up, as another user than the files'
 * owner (nobody, when the tests run as root): jsii's package cache is left as it is where this user
 * can write it, and turned off, with a note for --verbose, where jsii 1.140 would fail; JSII_RUNTIME
 * names jsii-kernel.sh unless the user set it. And the switches read the same in the shell as in Java.
 */
class RuntimeEnvTest {

    private static final Path RUNTIME = Path.of(System.getProperty("aioptout.runtime"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path dir;

    /**
     * The runtime folder as nobody reads it: a copy where every user may read, since the build's
     * own folder may sit in a checkout only its owner can enter (a clone in a mktemp folder).
     */
    @TempDir
    static Path readableRuntime;

    @BeforeAll
    static void copyTheRuntimeFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(RUNTIME)) {
            for (Path from : walk.toList()) {
                Path to = readableRuntime.resolve(RUNTIME.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
                Files.setPosixFilePermissions(
                        to, PosixFilePermissions.fromString(Files.isDirectory(to) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** JSII_RUNTIME_PACKAGE_CACHE, JSII_RUNTIME and the notes after ai_optout_environment. */
    private record Environment(String cache, String jsiiRuntime, String notes) {}

    @Test
    void aCacheThisUserCanWriteIsLeftAsItIs() throws Exception {
        Environment fresh = environment(Map.of(
                "JSII_RUNTIME_PACKAGE_CACHE_ROOT", open().resolve("new/cache").toString()));
        Path userHome = open();
        Environment home = environment(Map.of("HOME", userHome.toString()));

        for (Environment environment : List.of(fresh, home)) {
            assertThat(environment.cache()).isEmpty();
            assertThat(environment.notes()).isEmpty();
            assertThat(environment.jsiiRuntime()).isEqualTo("exec /bin/sh \"$AI_OPTOUT_RUNTIME/jsii-kernel.sh\"");
        }
        // Not made by the check (jsii makes it on its first package): commands that never start
        // Node.js (verify, plan) leave nothing in the user's home.
        assertThat(userHome.resolve(".cache")).doesNotExist();
    }

    /** Sourcing runtime-env.sh and running its set-up leaves the caller's own variables as they were. */
    @Test
    void theCallersVariablesAreLeftAsTheyWere() throws Exception {
        List<String> names = List.of("root", "why", "uid", "tmp", "kernel", "jar", "archive", "java", "near", "home");
        StringBuilder script = new StringBuilder();
        names.forEach(name -> script.append(name).append("=mine; "));
        script.append(". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\" && ai_optout_environment && echo");
        names.forEach(name -> script.append(" \"$").append(name).append('"'));
        Path shared = Files.createDirectories(open().resolve("cache"));
        Files.createDirectories(shared.resolve("constructs/10.8.1"));

        String echoed = sh(
                script.toString(),
                Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", shared.toString(), "TMPDIR", dir.toString()),
                ROOT);

        assertThat(echoed.strip().split(" ")).containsOnly("mine").hasSize(names.size());
    }

    @Test
    void aCacheThisUserCannotWriteIsTurnedOff() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        if (!ROOT) {
            assumeThat(readOnly.toFile().setWritable(false, false)).isTrue();
        }
        Environment environment = environment(Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", readOnly.toString()));

        assertThat(environment.cache()).isEqualTo("disabled");
        assertThat(environment.notes())
                .isEqualTo("jsii's package cache " + readOnly + " is not writable: this run uses none (slower,"
                        + " same output; set JSII_RUNTIME_PACKAGE_CACHE_ROOT to a folder of your own)");
    }

    @Test
    void aCacheThatCannotBeCreatedIsTurnedOff() throws Exception {
        Path file = Files.writeString(open().resolve("a-file"), "");
        Environment environment = environment(
                Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", file.resolve("cache").toString()));

        assertThat(environment.cache()).isEqualTo("disabled");
        assertThat(environment.notes()).contains(file.resolve("cache") + " cannot be created");
    }

    @Test
    void aCacheHoldingAnotherUsersFilesIsTurnedOff() throws Exception {
        assumeThat(ROOT).as("another user's files need a second user").isTrue();
        Path shared = open();
        Files.createDirectories(shared.resolve("constructs/10.8.1"));
        Environment environment = environment(Map.of("JSII_RUNTIME_PACKAGE_CACHE_ROOT", shared.toString()));

        assertThat(environment.cache()).isEqualTo("disabled");
        assertThat(environment.notes()).contains(shared + " holds another user's files");
    }

    @Test
    void aCacheTheUserTurnedOffAndAJsiiRuntimeTheUserSetAreSaid() throws Exception {
        Environment environment = environment(Map.of("JSII_RUNTIME_PACKAGE_CACHE", "Off", "JSII_RUNTIME", "my-kernel"));

        assertThat(environment.cache()).isEqualTo("Off");
        assertThat(environment.jsiiRuntime()).isEqualTo("my-kernel");
        assertThat(environment.notes().lines())
                .containsExactly(
                        "jsii's package cache is off (JSII_RUNTIME_PACKAGE_CACHE=Off): every synth reads the AWS"
                                + " provider's 133 MB assembly in full (slower, same output)",
                        "JSII_RUNTIME is set: jsii runs that, without ai-optout's kernel set-up (direct channel,"
                                + " lazy provider index, runtime index builder, fresh cache)");
    }

    /** mvn package without Node.js: the jar is built, the warm-up says why it did nothing. */
    @Test
    void theBuildsWarmUpWithoutNodeJsRunsNothingAndSaysSo() throws Exception {
        Path ran = dir.resolve("ran");
        ProcessBuilder builder =
                new ProcessBuilder("/bin/sh", RUNTIME.resolve("warm-build.sh").toString(), "touch", ran.toString());
        builder.environment().put("JSII_NODE", dir.resolve("no-node").toString());
        Process warmUp = builder.redirectErrorStream(true).start();
        String said = new String(warmUp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(warmUp.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(warmUp.exitValue()).as(said).isZero();
        assertThat(said)
                .isEqualTo("ai-optout build: Node.js (\"" + dir.resolve("no-node") + "\") is not found: no"
                        + " class-data-sharing archive and no jsii runtime index; the jar is built, and synth needs"
                        + " Node.js 20 or newer\n");
        assertThat(ran).doesNotExist();
    }

    /**
     * The JVM's young generation by command: 32 MB for the audits, which allocate for minutes and hold
     * little (verify, snapshot), 192 MB for the rest (a synth of 2,000 OUs allocates about 120 MB).
     * The command is the first word that is not an option, wherever a later word says "verify".
     */
    @ParameterizedTest
    @CsvSource({
        "verify --config a.yaml, 32m",
        "--verbose snapshot --out org.json, 32m",
        "synth --out verify, 192m",
        "plan, 192m",
        "--version, 192m",
        "'', 192m"
    })
    void theAuditsRunWithASmallYoungGeneration(String words, String young) throws Exception {
        String[] arguments = words.isEmpty() ? new String[0] : words.split(" ");
        String script = ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\"; ai_optout_exec_java app.jar \"$@\"";

        String options = sh(script, Map.of("AI_OPTOUT_JAVA", "echo", "AI_OPTOUT_CDS_ARCHIVE", ""), false, arguments);

        assertThat(options.strip().split(" "))
                .contains("-Xmn" + young)
                .filteredOn(option -> option.startsWith("-Xmn"))
                .hasSize(1);
        assertThat(options.strip())
                .endsWith("-cp app.jar dev.aioptout.cli.Main" + (words.isEmpty() ? "" : " " + words));
    }

    /** jsii's package cache is on as jsii reads JSII_RUNTIME_PACKAGE_CACHE: unset or "enabled" in any case. */
    @Test
    void theCacheIsOnAsJsiiReadsItsVariable() throws Exception {
        String script = ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\"; for v in unset '' enabled ENABLED disabled no; do"
                + " if [ \"$v\" = unset ]; then unset JSII_RUNTIME_PACKAGE_CACHE; else JSII_RUNTIME_PACKAGE_CACHE=$v; fi;"
                + " if ai_optout_cache_enabled; then echo on; else echo off; fi; done";

        assertThat(sh(script, Map.of(), false).lines()).containsExactly("on", "off", "on", "on", "off", "off");
    }

    /** runtime-env.sh and JsiiLevers read AI_OPTOUT_JSII alike (the shell's levers; the Java ones too). */
    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "no-direct-channel", "no-lazy-index,no-index-builder", "no-batch,plain"})
    void theShellAndJavaReadTheSwitchesAlike(String value) throws Exception {
        List<String> levers = Arrays.stream(JsiiLevers.values())
                .map(lever -> lever.off().substring("no-".length()))
                .toList();
        String script = ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\"; for l in " + String.join(" ", levers)
                + "; do if ai_optout_lever $l; then echo on; else echo off; fi; done";
        List<String> shell =
                sh(script, Map.of("AI_OPTOUT_JSII", value), false).lines().toList();

        List<String> java = Arrays.stream(JsiiLevers.values())
                .map(lever -> JsiiLevers.off(value).contains(lever) ? "off" : "on")
                .toList();
        assertThat(shell).isEqualTo(java);
    }

    /**
     * ai_optout_cds_write, the release's background dump, with a stand-in for the JVM's exit: the
     * archive renamed into place; a JVM's refusal (exit 1, twice: with and without the lambda lines)
     * kept in .failed with what it said; a JVM killed by a signal (the OOM killer) tried once and
     * recorded nowhere, so the next synth tries again. Nothing else is left beside the archive,
     * and the temporary files are named by the id given.
     */
    @Test
    void theArchivesWriterKeepsOnlyTheArchiveOrAJvmsRefusal() throws Exception {
        Path list = Files.writeString(dir.resolve("classes.list"), "java/lang/Object\n@lambda-proxy x\n");
        Path calls = dir.resolve("calls");
        Map<String, String> javas = Map.of(
                "writes", "echo archive > \"$archive\"",
                "refuses", "echo \"Error: no $archive\" >&2; exit 1",
                "is-killed", ": > \"$archive\"; kill -KILL $$");
        for (Map.Entry<String, String> java : javas.entrySet()) {
            Path stand = dir.resolve(java.getKey());
            Files.writeString(
                    stand,
                    "#!/bin/sh\nfor a; do case $a in -XX:SharedArchiveFile=*) archive=${a#*=} ;; esac; done\n"
                            + "echo \"$archive\" >>'" + calls + "'\n" + java.getValue() + "\n");
            assertThat(stand.toFile().setExecutable(true)).isTrue();
            Path archive = dir.resolve("cache-" + java.getKey() + "/ai-optout.jsa");
            Files.deleteIfExists(calls);

            sh(
                    ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\" && ai_optout_cds_write \"$1\" \"$2\" \"$3\" /a.jar 0f1e-2d",
                    Map.of(),
                    false,
                    stand.toString(),
                    list.toString(),
                    archive.toString());

            assertThat(Files.readAllLines(calls)).as(java.getKey()).allMatch(a -> a.equals(archive + ".0f1e-2d.tmp"));
            try (Stream<Path> left = Files.list(archive.getParent())) {
                List<String> names = left.map(f -> f.getFileName().toString()).toList();
                switch (java.getKey()) {
                    case "writes" -> {
                        assertThat(names).containsExactly("ai-optout.jsa");
                        assertThat(calls).hasContent(archive + ".0f1e-2d.tmp");
                    }
                    case "refuses" -> {
                        assertThat(names).containsExactly("ai-optout.jsa.failed");
                        assertThat(archive.resolveSibling("ai-optout.jsa.failed"))
                                .hasContent(
                                        "Error: no " + archive + ".0f1e-2d.tmp\nError: no " + archive + ".0f1e-2d.tmp");
                        assertThat(Files.readAllLines(calls)).hasSize(2);
                    }
                    default -> {
                        assertThat(names).isEmpty();
                        assertThat(Files.readAllLines(calls)).hasSize(1);
                    }
                }
            }
        }
    }

    /** A new folder anyone may write, as a user's own would be. */
    private Path open() throws IOException {
        int n = 1;
        while (Files.exists(dir.resolve("open" + n))) {
            n++;
        }
        Path folder = Files.createDirectories(dir.resolve("open" + n));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder;
    }

    private Environment environment(Map<String, String> variables) throws Exception {
        String written = sh(
                ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\" && ai_optout_environment && printf '%s\\0%s\\0%s'"
                        + " \"${JSII_RUNTIME_PACKAGE_CACHE:-}\" \"$JSII_RUNTIME\" \"${AI_OPTOUT_JSII_NOTE:-}\"",
                variables, ROOT);
        String[] parts = written.split("\0", -1);
        assertThat(parts).hasSize(3);
        return new Environment(parts[0], parts[1], parts[2]);
    }

    /** Runs a script with the runtime folder and these variables only, as nobody if asked. */
    private String sh(String script, Map<String, String> variables, boolean asNobody, String... arguments)
            throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of("/bin/sh", "-c", script, "sh"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("AI_OPTOUT_RUNTIME", (asNobody ? readableRuntime : RUNTIME).toString());
        environment.put("PATH", System.getenv("PATH"));
        environment.putIfAbsent("HOME", dir.resolve("no-home").toString());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process shell = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(shell.exitValue()).as(out).isZero();
        return out;
    }
}
