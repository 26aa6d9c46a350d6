package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jsii-kernel.sh, which runs jsii's kernel for the JVM as runtime-env.sh sets it up: its contract
 * with a stand-in kernel that does what lib/program.js does with its file descriptors; the real
 * kernel of the runtime folder (unpacked from the jsii-runtime jar) saying hello on fd 3, in the
 * version the Java runtime expects, with and without jsii's relay; and, for the real jsii runtime,
 * that Surefire's JVM (set up as the launchers set up theirs) talks to the kernel directly. That the
 * real kernel writes the same Terraform this way is shown by main's golden files (Surefire runs them
 * so) and by the end-to-end tests, which run without it.
 */
class JsiiKernelTest {

    private static final Path RUNTIME = Path.of(System.getProperty("aioptout.runtime"));
    private static final Path SCRIPT = RUNTIME.resolve("jsii-kernel.sh");

    /**
     * Says hello on fd 3, reads one request line from fd 3, prints on standard output and standard
     * error (more than a pipe holds, and from a worker thread too), and answers the request on fd 3
     * with its Node.js options: as program.js does through the relay's socket.
     */
    private static final String STAND_IN = """
            const fs = require("fs");
            const { Worker } = require("worker_threads");
            fs.writeSync(3, JSON.stringify({ hello: "stand-in" }) + "\\n");
            let request = Buffer.alloc(0);
            const chunk = Buffer.alloc(64);
            while (!request.includes(10)) {
              const read = fs.readSync(3, chunk, 0, chunk.length, null);
              if (read === 0) break;
              request = Buffer.concat([request, chunk.subarray(0, read)]);
            }
            console.log("printed by the kernel");
            process.stdout.write(Buffer.from("bytes by the kernel\\n"));
            console.error("warned by the kernel");
            console.log("x".repeat(300000));
            new Worker('console.log("printed by a worker")', { eval: true }).on("exit", () => setImmediate(() => {
              fs.writeSync(3, JSON.stringify({ ok: JSON.parse(request.toString()), execArgv: process.execArgv }) + "\\n");
            }));
            """;

    @TempDir
    Path dir;

    @Test
    void requestsAndAnswersGoStraightThroughAndWhatTheKernelPrintsNeverReachesThem() throws Exception {
        // A runtime folder whose name the shell must not split, unquote or expand, with the stand-in as its kernel.
        Path runtime = Files.createDirectories(dir.resolve("it's a \"runtime\" $HOME"));
        try (Stream<Path> files = Files.list(RUNTIME)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, runtime.resolve(file.getFileName()));
            }
        }
        Files.writeString(Files.createDirectories(runtime.resolve("jsii/lib")).resolve("program.js"), STAND_IN);
        // The command Surefire gives jsii, as the launchers do, run as jsii's Java runtime runs it.
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", System.getenv("JSII_RUNTIME")));
        builder.environment().put("AI_OPTOUT_RUNTIME", runtime.toString());
        // Options in JSII_NODE, which jsii allows.
        builder.environment().put("JSII_NODE", "node --max-old-space-size=123");
        // Only the stand-in: Surefire's NODE_OPTIONS preloads scripts of its own.
        builder.environment().remove("NODE_OPTIONS");
        Process kernel = builder.start();
        // Read late, as jsii's Java runtime does (every 100 ms): the kernel must wait, not drop or cut.
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(kernel, 500));
        try (OutputStream requests = kernel.getOutputStream()) {
            requests.write("{\"api\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        String answers = new String(kernel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kernel.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String stderr = new String(errors.get(1, TimeUnit.MINUTES), StandardCharsets.UTF_8);

        assertThat(kernel.exitValue()).as(stderr).isZero();
        // Standard output carries the protocol and nothing else.
        List<String> lines = answers.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"hello\":\"stand-in\"}");
        JsonNode answer = new ObjectMapper().readTree(lines.get(1));
        assertThat(answer.get("ok").toString()).isEqualTo("{\"api\":\"ping\"}");
        assertThat(answer.get("execArgv").toString()).contains("\"--max-old-space-size=123\"");
        // What it prints reaches standard error as the relay sends it, whole and in order; jsii's
        // Java runtime prints {"stdout": ...} on System.out and {"stderr": ...} on System.err.
        assertThat(stderr.lines().map(JsiiKernelTest::decoded))
                .containsExactly(
                        "stdout:printed by the kernel\n",
                        "stdout:bytes by the kernel\n",
                        "stderr:warned by the kernel\n",
                        "stdout:" + "x".repeat(300000) + "\n",
                        "stdout:printed by a worker\n");
    }

    @Test
    void aMissingNodeJsIsNamed() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", SCRIPT.toString()));
        builder.environment().put("AI_OPTOUT_RUNTIME", RUNTIME.toString());
        builder.environment().put("JSII_NODE", dir.resolve("no-node").toString());
        Process kernel = builder.redirectErrorStream(true).start();
        String output = new String(kernel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kernel.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(kernel.exitValue()).isEqualTo(127);
        assertThat(output)
                .isEqualTo("ai-optout: CDKTF runs in Node.js, and \"" + dir.resolve("no-node")
                        + "\" is not found: install Node.js 20 or newer, or name it with JSII_NODE\n");
    }

    @Test
    void thisJvmTalksToJsiisKernelWithoutARelay() {
        assertThat(System.getenv("JSII_RUNTIME"))
                .as("Surefire sets JSII_RUNTIME as the launchers do")
                .isEqualTo(launchersJsiiRuntime());
        assertThat(System.getenv("AI_OPTOUT_RUNTIME")).isEqualTo(RUNTIME.toString());
        // Starts jsii in this JVM if no test has yet.
        CdktfThread.run(() -> {});

        List<ProcessHandle> kernels = ProcessHandle.current()
                .children()
                .filter(child -> List.of(child.info().arguments().orElse(new String[0])).stream()
                        .anyMatch(argument -> argument.endsWith("lib/program.js")))
                .toList();
        assertThat(kernels).hasSize(1);
        assertThat(kernels.get(0).info().command())
                .hasValueSatisfying(command -> assertThat(command).endsWith("node"));
        assertThat(kernels.get(0).children()).isEmpty();
    }

    /**
     * The canary for an upgrade of jsii: the kernel the build unpacked (lib/program.js, and jsii's
     * relay bin/jsii-runtime.js for the switches that turn the direct channel off) still reads its
     * requests from fd 3 and answers there, says hello in the version of the jsii-runtime jar the
     * Java runtime comes from, answers a request, and ends on the exit message the Java runtime sends.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "no-direct-channel", "plain"})
    void theRealKernelSpeaksOnFd3InTheJavaRuntimesVersion(String levers) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", launchersJsiiRuntime()));
        builder.environment().put("AI_OPTOUT_JSII", levers);
        builder.environment().remove("NODE_OPTIONS");
        Process kernel =
                builder.redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (OutputStream requests = kernel.getOutputStream()) {
            requests.write("{\"api\":\"stats\"}\n{\"exit\":0}\n".getBytes(StandardCharsets.UTF_8));
        }
        String answers = new String(kernel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kernel.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(kernel.exitValue())
                .as(Files.readString(dir.resolve("stderr.txt")))
                .isZero();
        assertThat(answers.lines())
                .containsExactly(
                        "{\"hello\":\"@jsii/runtime@" + System.getProperty("jsii-runtime.version") + "\"}",
                        "{\"ok\":{\"objectCount\":0}}");
    }

    /** What runtime-env.sh sets JSII_RUNTIME to, for a launcher that finds it unset. */
    private static String launchersJsiiRuntime() {
        try {
            ProcessBuilder builder = new ProcessBuilder(
                    "sh",
                    "-c",
                    ". \"$AI_OPTOUT_RUNTIME/runtime-env.sh\" && ai_optout_environment && printf %s \"$JSII_RUNTIME\"");
            builder.environment().remove("JSII_RUNTIME");
            builder.environment().put("AI_OPTOUT_RUNTIME", RUNTIME.toString());
            Process shell =
                    builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String written = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(written).isNotEmpty();
            return written;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(Process process, long afterMillis) {
        try {
            Thread.sleep(afterMillis);
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code stdout:text} for a line {"stdout": base64(text)}; a line that is not such JSON fails the test. */
    private static String decoded(String line) {
        try {
            JsonNode json = new ObjectMapper().readTree(line);
            String key = json.fieldNames().next();
            assertThat(json.size()).as(line).isOne();
            return key + ":"
                    + new String(Base64.getDecoder().decode(json.get(key).asText()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
