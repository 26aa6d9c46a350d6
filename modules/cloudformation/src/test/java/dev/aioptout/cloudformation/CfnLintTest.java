package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.testing.ExternalTools;
import dev.aioptout.testing.NeedsCfnLint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS's CloudFormation linter (cfn-lint, which knows every resource type's schema) finds no error
 * and no warning in the templates of the examples and of a layout without the root. A broken copy
 * beside them must be reported, so a linter that read nothing cannot pass. One cfn-lint run for
 * all files: it takes seconds to start. Without cfn-lint on PATH the test is skipped with a
 * message, except under CI=true, where that is a failure.
 */
class CfnLintTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN = "broken.template.json";

    @TempDir
    Path dir;

    @Test
    @NeedsCfnLint
    void cfnLintFindsNothingInTheGeneratedTemplates() throws Exception {
        Path cfnLint = ExternalTools.required(
                "cfn-lint", "linting the CloudFormation templates needs it (pip install cfn-lint)");
        Map<String, String> templates = new LinkedHashMap<>();
        for (String example : Layouts.EXAMPLES) {
            templates.put(example + ".template.json", CloudFormationTemplate.render(Layouts.plan(example)));
        }
        String noRoot = CloudFormationTemplate.render(Layouts.parse("no-root.yaml", Layouts.NO_ROOT));
        templates.put("no-root.template.json", noRoot);
        // "root" is the layout's word, not an id: AWS's schema for TargetIds refuses it.
        templates.put(BROKEN, noRoot.replace("\"ou-ab12-11111111\"", "\"root\""));
        List<String> command = new ArrayList<>(List.of(cfnLint.toString(), "--format", "json", "--"));
        for (Map.Entry<String, String> t : templates.entrySet()) {
            command.add(Files.writeString(dir.resolve(t.getKey()), t.getValue()).toString());
        }

        Path output = dir.resolve("cfn-lint.json");
        Path errors = dir.resolve("cfn-lint.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        JsonNode findings = JSON.readTree(output.toFile());
        assertThat(findings.isArray())
                .as("cfn-lint's JSON report; stderr: %s", Files.readString(errors))
                .isTrue();

        Map<String, List<String>> byFile = new LinkedHashMap<>();
        for (JsonNode f : findings) {
            byFile.computeIfAbsent(
                            Path.of(f.get("Filename").asText()).getFileName().toString(), k -> new ArrayList<>())
                    .add(f.get("Level").asText() + " " + f.at("/Rule/Id").asText() + ": "
                            + f.get("Message").asText());
        }
        assertThat(byFile.keySet()).as("findings: %s", byFile).containsExactly(BROKEN);
        assertThat(byFile.get(BROKEN)).singleElement().asString().startsWith("Error E3031: 'root' does not match");
        // Errors only (bit 2), none of the warning (4) or informational (8) kind.
        assertThat(process.exitValue()).isEqualTo(2);
    }
}
