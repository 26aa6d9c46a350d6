package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.output.OwnedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synth --format json|hcl|both}: which files each writes, the manifest, and switching formats in one folder. */
class SynthHclFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path example(String name) {
        return Cli.root().resolve("examples").resolve(name).resolve("ai-optout.yaml");
    }

    private static String goldenHcl(String example) throws IOException {
        return Files.readString(
                Cli.root().resolve("examples").resolve(example).resolve("expected/hcl/ai-optout/main.tf"));
    }

    private static Cli synth(Path out, String format, Path config) {
        List<String> args = new ArrayList<>(List.of("synth", "--config", config.toString(), "--out", out.toString()));
        if (format != null) {
            args.addAll(List.of("--format", format));
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        return cli;
    }

    @Test
    void hclWritesMainTfInsteadOfTheJsonAndTheManifestPointsAtIt() throws Exception {
        Path out = dir.resolve("out");
        Cli cli = synth(out, "hcl", example("multi-ou-exceptions"));
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/main.tf");
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/stacks/ai-optout/synthesizedStackPath").asText())
                .isEqualTo("stacks/ai-optout/main.tf");
        assertThat(manifest.at("/stacks/ai-optout/workingDirectory").asText()).isEqualTo("stacks/ai-optout");
        assertThat(manifest.toString()).doesNotContain("cdk.tf.json");
        // The same HCL as --format both writes beside the JSON.
        assertThat(Files.readString(out.resolve("stacks/ai-optout/main.tf")))
                .isEqualTo(goldenHcl("multi-ou-exceptions"));
        assertThat(cli.err()).contains("stacks/ai-optout/main.tf").doesNotContain("cdk.tf.json");
    }

    @Test
    void jsonIsTheDefaultAndWritesNoHcl() throws Exception {
        Path out = dir.resolve("out");
        synth(out, null, example("single-account"));
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json");
        Path explicit = dir.resolve("explicit");
        synth(explicit, "json", example("single-account"));
        assertThat(CommandLineTest.tree(explicit))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json");
        assertThat(Files.readString(explicit.resolve("stacks/ai-optout/cdk.tf.json")))
                .isEqualTo(Files.readString(out.resolve("stacks/ai-optout/cdk.tf.json")));
    }

    @Test
    void bothWritesTheJsonUnchangedAndTheHclBesideIt() throws Exception {
        Path json = dir.resolve("json");
        synth(json, "json", example("multi-ou"));
        Path both = dir.resolve("both");
        Cli cli = synth(both, "both", example("multi-ou"));
        assertThat(CommandLineTest.tree(both))
                .containsExactly(
                        OwnedFiles.FILE_NAME, "hcl/ai-optout/main.tf", "manifest.json", "stacks/ai-optout/cdk.tf.json");
        assertThat(Files.readString(both.resolve("manifest.json")))
                .isEqualTo(Files.readString(json.resolve("manifest.json")));
        assertThat(Files.readString(both.resolve("stacks/ai-optout/cdk.tf.json")))
                .isEqualTo(Files.readString(json.resolve("stacks/ai-optout/cdk.tf.json")));
        assertThat(cli.err()).contains("stacks/ai-optout/cdk.tf.json").contains("hcl/ai-optout/main.tf");
    }

    @Test
    void theHclUsesTheLayoutsStackName() throws Exception {
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, """
                version: 1
                stack:
                  name: org-policies
                """);
        Path out = dir.resolve("out");
        synth(out, "hcl", layout);
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/org-policies/main.tf");
        assertThat(JSON.readTree(out.resolve("manifest.json").toFile())
                        .at("/stacks/org-policies/synthesizedStackPath")
                        .asText())
                .isEqualTo("stacks/org-policies/main.tf");
        Path both = dir.resolve("both");
        synth(both, "both", layout);
        assertThat(CommandLineTest.tree(both))
                .containsExactly(
                        OwnedFiles.FILE_NAME,
                        "hcl/org-policies/main.tf",
                        "manifest.json",
                        "stacks/org-policies/cdk.tf.json");
    }

    @Test
    void switchingFormatsInOneFolderLeavesExactlyTheNewFormatsFilesAndKeepsTerraformState() throws Exception {
        Path out = dir.resolve("out");
        Path config = example("multi-ou");
        List<String> state =
                List.of("stacks/ai-optout/.terraform/marker", "stacks/ai-optout/terraform.ai-optout.tfstate");

        synth(out, "json", config);
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json");
        // What terraform init and apply leave in the stack folder must survive every switch.
        Files.createDirectories(out.resolve("stacks/ai-optout/.terraform"));
        Files.writeString(out.resolve(state.get(0)), "providers");
        Files.writeString(out.resolve(state.get(1)), "state");

        synth(out, "hcl", config);
        assertThat(CommandLineTest.tree(out))
                .containsExactlyElementsOf(
                        sorted(state, OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/main.tf"));
        assertManifestPointsAt(out, "stacks/ai-optout/main.tf");

        synth(out, "both", config);
        assertThat(CommandLineTest.tree(out))
                .containsExactlyElementsOf(sorted(
                        state,
                        OwnedFiles.FILE_NAME,
                        "hcl/ai-optout/main.tf",
                        "manifest.json",
                        "stacks/ai-optout/cdk.tf.json"));
        assertManifestPointsAt(out, "stacks/ai-optout/cdk.tf.json");

        synth(out, "hcl", config);
        assertThat(CommandLineTest.tree(out))
                .containsExactlyElementsOf(
                        sorted(state, OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/main.tf"));
        assertThat(Files.exists(out.resolve("hcl")))
                .as("the hcl/ folder of --format both is gone")
                .isFalse();

        synth(out, "both", config);
        synth(out, "json", config);
        assertThat(CommandLineTest.tree(out))
                .containsExactlyElementsOf(
                        sorted(state, OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json"));
        assertThat(Files.exists(out.resolve("hcl"))).isFalse();
        assertManifestPointsAt(out, "stacks/ai-optout/cdk.tf.json");

        assertThat(Files.readString(out.resolve(state.get(1)))).isEqualTo("state");
        assertThat(CommandLineTest.tree(dir)).allMatch(p -> p.startsWith("out/"), "nothing left beside the output");
    }

    @Test
    void switchingToHclWithoutStateRemovesTheJsonStackFolderContents() throws Exception {
        Path out = dir.resolve("out");
        synth(out, "both", example("single-account"));
        synth(out, "hcl", example("single-account"));
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/main.tf");
        synth(out, "json", example("single-account"));
        assertThat(CommandLineTest.tree(out))
                .containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json");
    }

    @Test
    void badInputWithHclLeavesThePreviousOutputExactlyAsItWas() throws Exception {
        Path out = dir.resolve("out");
        synth(out, "both", example("multi-ou"));
        List<String> before = CommandLineTest.tree(out);
        String hcl = Files.readString(out.resolve("hcl/ai-optout/main.tf"));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                version: 1
                policy:
                  lock: partial
                """);
        Cli cli = Cli.run("synth", "--format", "hcl", "--config", bad.toString(), "--out", out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("nothing was written");
        assertThat(CommandLineTest.tree(out)).isEqualTo(before);
        assertThat(Files.readString(out.resolve("hcl/ai-optout/main.tf"))).isEqualTo(hcl);
        assertThat(CommandLineTest.tree(dir)).allMatch(p -> p.startsWith("out/") || p.equals("bad.yaml"));
    }

    @Test
    void anUnknownFormatIsBadInputNamingTheChoices() {
        Cli cli =
                Cli.run("synth", "--format", "yaml", "--out", dir.resolve("out").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .contains("--format")
                .contains("json")
                .contains("hcl")
                .contains("both");
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }

    @Test
    void policyDocumentsReadAsJsonencodeAndReferencesAsExpressions() throws Exception {
        Path out = dir.resolve("out");
        synth(out, "hcl", example("multi-ou-exceptions"));
        String hcl = Files.readString(out.resolve("stacks/ai-optout/main.tf"));
        assertThat(hcl)
                .contains("  content = jsonencode({\n")
                .contains("  target_id = aws_organizations_organization.organization.roots[0].id\n")
                .contains("  depends_on  = [aws_organizations_organization.organization]\n")
                .contains("  tags = {\n")
                .doesNotContain("${aws_")
                .doesNotContain("\"{\\\"services")
                .doesNotContain("tags {")
                .doesNotContain("\t");
    }

    private static void assertManifestPointsAt(Path out, String stackFile) throws IOException {
        assertThat(JSON.readTree(out.resolve("manifest.json").toFile())
                        .at("/stacks/ai-optout/synthesizedStackPath")
                        .asText())
                .isEqualTo(stackFile);
    }

    private static List<String> sorted(List<String> kept, String... generated) {
        List<String> all = new ArrayList<>(kept);
        all.addAll(List.of(generated));
        all.sort(null);
        return all;
    }
}
