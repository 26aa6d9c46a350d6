package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Terraform in one stack folder, with the provider from the local mirror (shared through a
 * plugin cache, so each init links instead of copying) and the AWS provider pointed at the emulator
 * through the environment of Terraform's process only.
 */
final class Terraform {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String output) {
        Result ok() {
            assertThat(exit).as(output).isEqualTo(0);
            return this;
        }
    }

    private final Path binary;
    private final Path stack;
    private final Map<String, String> env = new HashMap<>();

    Terraform(Path stack, Emulator emulator) throws IOException {
        this.binary = TerraformTools.terraform();
        this.stack = stack;
        Path build = E2e.buildDir();
        Path cache = Files.createDirectories(build.resolve("tf-plugin-cache"));
        env.put(
                "TF_CLI_CONFIG_FILE",
                TerraformTools.cliConfig(Files.createDirectories(build.resolve("tf-config")))
                        .toString());
        env.put("TF_PLUGIN_CACHE_DIR", cache.toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("CHECKPOINT_DISABLE", "1");
        if (emulator != null) {
            env.putAll(emulator.awsEnvironment());
        }
    }

    /** Sets one more variable in Terraform's environment (e.g. another emulated service's endpoint). */
    Terraform env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(stack.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("terraform " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    Result init() throws IOException, InterruptedException {
        return run("init", "-input=false", "-no-color").ok();
    }

    Result apply() throws IOException, InterruptedException {
        return run("apply", "-auto-approve", "-input=false", "-no-color").ok();
    }

    /** Plans into a file and returns {@code terraform show -json} of it. */
    JsonNode plan() throws IOException, InterruptedException {
        run("plan", "-input=false", "-no-color", "-out=plan.tfplan").ok();
        return JSON.readTree(run("show", "-json", "plan.tfplan").ok().output());
    }

    /** {@code plan -detailed-exitcode}: 0 no changes, 2 changes, 1 error. */
    Result planDetailed() throws IOException, InterruptedException {
        return run("plan", "-input=false", "-no-color", "-detailed-exitcode");
    }

    /** Every resource change of a plan, as "address: action[,action]", no-ops and reads left out. */
    static List<String> changes(JsonNode plan) {
        List<String> out = new ArrayList<>();
        for (JsonNode change : plan.path("resource_changes")) {
            List<String> actions = new ArrayList<>();
            change.at("/change/actions").forEach(a -> actions.add(a.asText()));
            if (actions.equals(List.of("no-op")) || actions.equals(List.of("read"))) {
                continue;
            }
            out.add(change.path("address").asText() + ": " + String.join(",", actions));
        }
        return out;
    }
}
