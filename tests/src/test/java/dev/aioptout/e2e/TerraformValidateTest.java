package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The synthesised stack of every example is valid Terraform for the real hashicorp/aws provider:
 * {@code terraform init} (from the provider mirror) and {@code terraform validate}.
 */
class TerraformValidateTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts"})
    void exampleStackIsValidTerraform(String example) throws Exception {
        Path terraform = TerraformTools.terraform();
        Path rc = TerraformTools.cliConfig(dir);
        Path root = Path.of(System.getProperty("aioptout.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new String[] {
                    "synth",
                    "-c",
                    root.resolve("examples")
                            .resolve(example)
                            .resolve("ai-optout.yaml")
                            .toString(),
                    "-o",
                    out.toString()
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(0);

        Path stack = out.resolve("stacks/ai-optout");
        Map<String, String> env = Map.of(
                "TF_CLI_CONFIG_FILE",
                rc.toString(),
                "CHECKPOINT_DISABLE",
                "1",
                "TF_IN_AUTOMATION",
                "1",
                "TF_DATA_DIR",
                dir.resolve("tf-data").toString());
        Result init = run(stack, env, terraform.toString(), "init", "-backend=false", "-input=false", "-no-color");
        assertThat(init.exit()).as(init.output()).isEqualTo(0);
        assertThat(init.output()).contains("hashicorp/aws");
        Result validate = run(stack, env, terraform.toString(), "validate", "-no-color");
        assertThat(validate.exit()).as(validate.output()).isEqualTo(0);
        assertThat(validate.output()).contains("The configuration is valid");
    }

    record Result(int exit, String output) {}

    static Result run(Path folder, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(List.of(command)).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
