package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: {@code cdktf synth} from cdktf-cli 0.19.2, driven by the project's cdktf.json, writes
 * the same stack as {@code ai-optout synth}. The CLI is installed with {@code npm ci} from
 * tests/cdktf-cli on first use.
 */
class CdktfCliTest {

    @TempDir
    Path dir;

    @Test
    void cdktfSynthWritesTheSameStackAsAiOptoutSynth() throws Exception {
        Path cdktf = cdktfCli();
        Path layout = E2e.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");

        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(E2e.root().resolve("cdktf.json"), project.resolve("cdktf.json"));
        Files.createSymbolicLink(project.resolve("ai-optout"), E2e.root().resolve("ai-optout"));
        ProcessBuilder builder = new ProcessBuilder(cdktf.toString(), "synth")
                .directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "AI_OPTOUT_CONFIG",
                        layout.toString(),
                        "CHECKPOINT_DISABLE",
                        "1",
                        "DISABLE_VERSION_CHECK",
                        "1",
                        "CI",
                        "1"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(0);

        Path ours = E2e.synthFile(dir.resolve("ours"), layout);
        assertThat(Files.readString(project.resolve("cdktf.out/stacks/ai-optout/cdk.tf.json")))
                .isEqualTo(Files.readString(ours.resolve("cdk.tf.json")));
        assertThat(Files.readString(project.resolve("cdktf.out/manifest.json")))
                .isEqualTo(Files.readString(dir.resolve("ours/cdktf.out/manifest.json")));
    }

    /** tests/cdktf-cli/node_modules/.bin/cdktf, installed with npm ci from the committed lock file when missing. */
    static Path cdktfCli() throws Exception {
        Path folder = E2e.root().resolve("tests/cdktf-cli");
        Path binary = folder.resolve("node_modules/.bin/cdktf");
        if (!Files.isExecutable(binary)) {
            TerraformTools.require(
                    TerraformTools.onPath("npm").isPresent(), "npm is not on PATH (needed to install cdktf-cli)");
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes());
            assertThat(npm.waitFor(10, TimeUnit.MINUTES)).isTrue();
            TerraformTools.require(npm.exitValue() == 0, "npm ci of cdktf-cli failed:\n" + output);
        }
        return binary;
    }
}
