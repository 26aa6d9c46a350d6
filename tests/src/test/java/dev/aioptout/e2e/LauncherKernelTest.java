package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ai-optout synth}, the launcher, runs jsii's kernel without jsii's relay process
 * (modules/cdktf-runtime/src/main/node/jsii-kernel.sh): the JVM is the kernel's parent, what the
 * kernel prints reaches standard output without disturbing the protocol, and the stack is the one
 * this JVM writes through jsii's relay (these tests run without the launcher's set-up).
 */
class LauncherKernelTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherTalksToJsiisKernelDirectlyAndWritesTheSameStack() throws Exception {
        Path layout = E2e.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        // Preloaded into every Node.js process jsii starts: the kernel (lib/program.js) says who its parent is.
        Path probe = dir.resolve("probe.cjs");
        Files.writeString(probe, """
                if (process.argv[1] && process.argv[1].endsWith("program.js")) {
                  setImmediate(() => console.log("kernel parent " + process.ppid));
                }
                """);
        Path out = dir.resolve("launched");
        ProcessBuilder builder = new ProcessBuilder(
                        E2e.root().resolve("ai-optout").toString(),
                        "synth",
                        "--config",
                        layout.toString(),
                        "--out",
                        out.toString())
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("NODE_OPTIONS", "--require=" + probe);
        builder.environment().remove("JSII_RUNTIME");
        Process launcher = builder.start();
        launcher.getOutputStream().close();
        String stdout = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(dir.resolve("stderr.txt"));

        assertThat(launcher.exitValue()).as(stderr).isZero();
        // The launcher execs java, so its pid is the JVM's: with jsii's relay, the kernel's parent would be the relay.
        assertThat(stdout.lines()).containsExactly("kernel parent " + launcher.pid());
        Path ours = E2e.synthFile(dir.resolve("in-process"), layout);
        assertThat(Files.readString(out.resolve("stacks/ai-optout/cdk.tf.json")))
                .isEqualTo(Files.readString(ours.resolve("cdk.tf.json")));
    }
}
