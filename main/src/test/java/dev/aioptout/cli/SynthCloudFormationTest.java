package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.output.OwnedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synth --format cloudformation}: only the template is written, after the same proof as
 * the Terraform formats; a refused layout writes nothing; nothing else in the output folder changes.
 */
class SynthCloudFormationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Terraform's files from an earlier synth, with state: a CloudFormation run must leave them as they are. */
    private Path outWithATerraformStack() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("stacks/ai-optout"));
        Files.writeString(out.resolve("manifest.json"), "earlier manifest");
        Files.writeString(out.resolve("stacks/ai-optout/cdk.tf.json"), "earlier stack");
        Files.writeString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");
        return out;
    }

    private static final List<String> TERRAFORM_FILES =
            List.of("manifest.json", "stacks/ai-optout/cdk.tf.json", "stacks/ai-optout/terraform.ai-optout.tfstate");

    @Test
    void writesOnlyTheTemplateAndLeavesTheTerraformFilesAlone() throws Exception {
        Path out = outWithATerraformStack();
        Path layout = Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Cli cli =
                Cli.run("synth", "--format", "cloudformation", "--config", layout.toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(CommandLineTest.tree(out))
                .containsExactly(
                        OwnedFiles.FILE_NAME,
                        "cloudformation/ai-optout.template.json",
                        "manifest.json",
                        "stacks/ai-optout/cdk.tf.json",
                        "stacks/ai-optout/terraform.ai-optout.tfstate");
        assertThat(Files.readString(out.resolve("stacks/ai-optout/cdk.tf.json")))
                .isEqualTo("earlier stack");
        assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo("earlier manifest");
        JsonNode template = JSON.readTree(
                out.resolve("cloudformation/ai-optout.template.json").toFile());
        assertThat(template.get("Resources").size()).isEqualTo(3);
        assertThat(cli.err())
                .contains("wrote the CloudFormation template of stack \"ai-optout\"")
                .contains(out.resolve("cloudformation")
                        .resolve("ai-optout.template.json")
                        .toString());
        assertThat(CommandLineTest.tree(dir)).allMatch(p -> p.startsWith("out/"));
    }

    @Test
    void aLayoutTheProofRefusesWritesNothing() throws Exception {
        Path out = outWithATerraformStack();
        Path layout = Files.writeString(dir.resolve("ai-optout.yaml"), CommandLineTest.IGNORED_EXCEPTION);
        Cli cli =
                Cli.run("synth", "--format", "cloudformation", "--config", layout.toString(), "--out", out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains(layout + ":6:5: error: exceptions[0]: exception \"all-in\" would not take effect")
                .contains("nothing was written");
        assertThat(CommandLineTest.tree(out)).isEqualTo(TERRAFORM_FILES);
        assertThat(CommandLineTest.tree(dir)).allMatch(p -> p.startsWith("out/") || p.equals("ai-optout.yaml"));
    }

    /**
     * Two alert e-mail addresses whose SHA-256 share the first 8 hex digits once mapped to one
     * logical id (exit 70); each has a subscription of its own now, as in the Terraform stack.
     */
    @Test
    void alertAddressesWhoseDigestsBeginAlikeEachGetASubscription() throws Exception {
        Path layout = Files.writeString(
                dir.resolve("alike.yaml"), "version: 1\nalerts: {email: [a52783@example.com, a61965@example.com]}\n");
        Path out = dir.resolve("out");
        Cli cli =
                Cli.run("synth", "--format", "cloudformation", "--config", layout.toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        Map<String, String> subscriptions = new TreeMap<>();
        JSON.readTree(out.resolve("cloudformation/ai-optout.template.json").toFile())
                .path("Resources")
                .fields()
                .forEachRemaining(r -> {
                    if (r.getValue().path("Type").asText().equals("AWS::SNS::Subscription")) {
                        subscriptions.put(
                                r.getKey(),
                                r.getValue().at("/Properties/Endpoint").asText());
                    }
                });
        assertThat(subscriptions)
                .containsExactly(
                        Map.entry("TamperAlertsEmailE41683A79", "a61965@example.com"),
                        Map.entry("TamperAlertsEmailE41683A7F", "a52783@example.com"));
    }

    /** With --org the plan is proven against that organization first, as for Terraform. */
    @Test
    void aTargetTheOrganizationLacksIsRefusedAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("out");
        Path org = Files.writeString(dir.resolve("org.json"), """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": [],
                 "policies": [],
                 "root": {"id": "r-ab12", "name": "Root", "policies": [], "children": [
                   {"type": "ACCOUNT", "id": "111111111111", "name": "a", "status": "ACTIVE", "policies": []}]}}
                """);
        Path layout = Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Cli cli = Cli.run(
                "synth",
                "--format",
                "cloudformation",
                "--config",
                layout.toString(),
                "--org",
                org.toString(),
                "--out",
                out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains("OU ou-ab12-34567890 is not in the organization")
                .contains("nothing was written");
        assertThat(out).doesNotExist();
    }

    @Test
    void aModuleCannotBeCloudFormation() {
        Path out = dir.resolve("out");
        Cli cli = Cli.run("synth", "--module", "--format", "cloudformation", "--out", out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains("--module writes a Terraform module: it cannot be combined with --format cloudformation");
        assertThat(out).doesNotExist();
    }
}
