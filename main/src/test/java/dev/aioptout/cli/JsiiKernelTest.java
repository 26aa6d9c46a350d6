package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * main/src/main/node/jsii-kernel.sh, which runs jsii's kernel for the JVM without jsii's relay
 * process: its contract with a stand-in kernel that does what lib/program.js does with its file
 * descriptors, and, for the real jsii runtime, that Surefire's JVM (set up as the launcher sets up
 * its own) talks to the kernel directly. That the real kernel writes the same Terraform this way is
 * shown by the golden files (Surefire runs them so) and by the end-to-end tests, which run without it.
 */
class JsiiKernelTest {

    private static final Path SCRIPT = Cli.root().resolve("main/src/main/node/jsii-kernel.sh");

    /**
     * Says hello on fd 3, reads one request line from fd 3, prints on standard output and standard
     * error, and answers the request on fd 3: as program.js does through the relay's socket.
     */
    private static final String STAND_IN = """
            const fs = require("fs");
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
            fs.writeSync(3, JSON.stringify({ ok: JSON.parse(request.toString()) }) + "\\n");
            """;

    @TempDir
    Path dir;

    @Test
    void requestsAndAnswersGoStraightThroughAndWhatTheKernelPrintsNeverReachesThem() throws Exception {
        // A folder name the shell must not split or unquote.
        Path program =
                Files.createDirectories(dir.resolve("it's a \"kernel\" $HOME")).resolve("program.js");
        Files.writeString(program, STAND_IN);
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", SCRIPT.toString(), program.toString()));
        // Only the stand-in: Surefire's NODE_OPTIONS preloads scripts of its own.
        builder.environment().remove("NODE_OPTIONS");
        Process kernel = builder.start();
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(kernel));
        try (OutputStream requests = kernel.getOutputStream()) {
            requests.write("{\"api\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        String answers = new String(kernel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kernel.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String stderr = new String(errors.get(1, TimeUnit.MINUTES), StandardCharsets.UTF_8);

        assertThat(kernel.exitValue()).as(stderr).isZero();
        // Standard output carries the protocol and nothing else.
        assertThat(answers.lines()).containsExactly("{\"hello\":\"stand-in\"}", "{\"ok\":{\"api\":\"ping\"}}");
        // What it prints reaches standard error as the relay sends it, which jsii's Java runtime
        // prints on System.out (and other lines on System.err).
        assertThat(stderr.lines())
                .containsExactly(
                        "{\"stdout\":\"" + base64("printed by the kernel\n") + "\"}",
                        "{\"stdout\":\"" + base64("bytes by the kernel\n") + "\"}",
                        "warned by the kernel");
    }

    @Test
    void aMissingNodeJsIsNamed() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                List.of("sh", SCRIPT.toString(), dir.resolve("program.js").toString()));
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
                .as("Surefire sets JSII_RUNTIME as the launcher does")
                .contains("jsii-kernel.sh");
        // Starts jsii in this JVM if no test has yet.
        assertThat(Cli.run("synth", "--out", dir.resolve("out").toString()).exit())
                .isZero();

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

    private static byte[] readAll(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
