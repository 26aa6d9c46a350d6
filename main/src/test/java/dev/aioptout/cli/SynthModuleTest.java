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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synth --module}: exactly the module's six files, nothing that would fight the caller's
 * own configuration (provider, backend, organization), a README that documents every input and
 * output, defaults that are the layout's values, and no change at all on bad input.
 */
class SynthModuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The module's six files and ai-optout's record of them, sorted. */
    private static final List<String> FILES = List.of(
            "README.md", OwnedFiles.FILE_NAME, "alerts.tf", "main.tf", "outputs.tf", "variables.tf", "versions.tf");

    /** Every value differs from the built-in defaults, so defaults can only come from here. */
    private static final String LAYOUT = """
            version: 1
            layout: multi-ou
            organization: {mode: adopt, id: o-exampleorgid}
            policy:
              name: corp-ai-optout
              description: Opt out of AI data use (security team)
              default: optOut
              lock: default
              services:
                rekognition: optOut
                lex: optOut
              tags:
                owner: platform-security
                cost-center: "cc 42"
            attach: [root, ou-ab12-34567890]
            exceptions:
              - name: sandbox-lex
                targets: [ou-ab12-11111111, "111122223333"]
                services: {lex: optIn}
                reason: Chatbot team evaluation, ticket "SEC-123"
                expires: 2099-06-30
              - name: research
                targets: ["444455556666"]
                services: {transcribe: optIn}
                reason: Speech research
            """;

    @TempDir
    Path dir;

    private Path layout(String text) throws IOException {
        Path file = dir.resolve("ai-optout.yaml");
        Files.writeString(file, text);
        return file;
    }

    private Path module(String layoutText) throws IOException {
        Path out = dir.resolve("ai-optout-module");
        Cli cli = Cli.run("synth", "--module", "--config", layout(layoutText).toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(cli.err()).contains("wrote the Terraform module").contains(out.toString());
        return out;
    }

    @Test
    void writesExactlyTheSixFilesOfAModule() throws Exception {
        Path out = module(LAYOUT);
        assertThat(CommandLineTest.tree(out)).containsExactlyElementsOf(FILES);
        assertThat(CommandLineTest.tree(dir))
                .allMatch(
                        p -> p.startsWith("ai-optout-module/") || p.equals("ai-optout.yaml"),
                        "no staging folder left behind");
    }

    @Test
    void hasNoProviderNoBackendAndNoOrganizationResource() throws Exception {
        Path out = module(LAYOUT);
        for (String file : List.of("main.tf", "outputs.tf", "variables.tf", "versions.tf")) {
            String tf = Files.readString(out.resolve(file));
            assertThat(tf)
                    .as(file)
                    .doesNotContainPattern("(?m)^\\s*provider\\s+\"")
                    .doesNotContainPattern("(?m)^\\s*backend\\s+\"")
                    .doesNotContainPattern("(?m)^\\s*cloud\\s*\\{")
                    .doesNotContainPattern("resource\\s+\"aws_organizations_organization\"")
                    .doesNotContainPattern("(?m)^\\s*import\\s*\\{")
                    .doesNotContain("o-exampleorgid");
        }
        String main = Files.readString(out.resolve("main.tf"));
        // It reads the organization instead, and checks the policy type at plan time.
        assertThat(main)
                .contains("data \"aws_organizations_organization\"")
                .contains("contains(self.enabled_policy_types, \"AISERVICES_OPT_OUT_POLICY\")")
                .contains("enabled_policy_types of your aws_organizations_organization");
        assertThat(Files.readString(out.resolve("versions.tf")))
                .contains("required_providers")
                .contains("hashicorp/aws");
    }

    @Test
    void readmeTablesListEveryVariableAndEveryOutput() throws Exception {
        Path out = module(LAYOUT);
        String readme = Files.readString(out.resolve("README.md"));
        List<String> variables = HclLiterals.blockNames(Files.readString(out.resolve("variables.tf")), "variable");
        List<String> outputs = HclLiterals.blockNames(Files.readString(out.resolve("outputs.tf")), "output");
        assertThat(variables).contains("targets", "exceptions", "policy_name", "tags");
        assertThat(outputs).contains("baseline_policy_id", "exception_policy_ids", "attachment_ids");
        assertThat(tableNames(readme, "## Inputs")).containsExactlyElementsOf(variables);
        assertThat(tableNames(readme, "## Outputs")).containsExactlyElementsOf(outputs);
        // Each input row: name, type, description and the default as JSON.
        Map<String, JsonNode> defaults = HclLiterals.defaults(Files.readString(out.resolve("variables.tf")));
        for (String row : tableRows(readme, "## Inputs")) {
            List<String> cells = cells(row);
            assertThat(cells).as(row).hasSize(4);
            String name = cells.get(0).replace("`", "");
            assertThat(cells.get(2)).as(name + " description").isNotBlank();
            String shownDefault = cells.get(3).replaceAll("^`|`$", "").replace("\\|", "|");
            assertThat(JSON.readTree(shownDefault))
                    .as(name + " default in the README")
                    .isEqualTo(defaults.get(name));
        }
        for (String row : tableRows(readme, "## Outputs")) {
            assertThat(cells(row)).as(row).hasSize(2);
            assertThat(cells(row).get(1)).isNotBlank();
        }
        assertThat(readme).contains("AISERVICES_OPT_OUT_POLICY").contains("depends_on");
    }

    @Test
    void variableDefaultsAreTheLayoutsValues() throws Exception {
        Path out = module(LAYOUT);
        Map<String, JsonNode> defaults = HclLiterals.defaults(Files.readString(out.resolve("variables.tf")));
        assertThat(defaults.get("targets")).isEqualTo(JSON.readTree("[\"root\", \"ou-ab12-34567890\"]"));
        assertThat(defaults.get("policy_name")).isEqualTo(JSON.readTree("\"corp-ai-optout\""));
        assertThat(defaults.get("policy_description"))
                .isEqualTo(JSON.readTree("\"Opt out of AI data use (security team)\""));
        assertThat(defaults.get("default_value")).isEqualTo(JSON.readTree("\"optOut\""));
        assertThat(defaults.get("lock")).isEqualTo(JSON.readTree("\"default\""));
        assertThat(defaults.get("services"))
                .isEqualTo(JSON.readTree("{\"rekognition\": \"optOut\", \"lex\": \"optOut\"}"));
        assertThat(defaults.get("tags"))
                .isEqualTo(JSON.readTree("{\"owner\": \"platform-security\", \"cost-center\": \"cc 42\"}"));
        assertThat(defaults.get("exceptions")).isEqualTo(JSON.readTree("""
                {
                  "sandbox-lex": {"targets": ["ou-ab12-11111111", "111122223333"], "services": {"lex": "optIn"},
                                  "reason": "Chatbot team evaluation, ticket \\"SEC-123\\"", "expires": "2099-06-30"},
                  "research": {"targets": ["444455556666"], "services": {"transcribe": "optIn"},
                               "reason": "Speech research", "expires": null}
                }"""));
        // Without an alerts section: no alerting resource unless the caller sets an alert input.
        assertThat(defaults.get("alert_emails")).isEqualTo(JSON.readTree("[]"));
        assertThat(defaults.get("alert_https_urls")).isEqualTo(JSON.readTree("[]"));
        assertThat(defaults.get("alert_sns_topic_arn")).isEqualTo(JSON.readTree("null"));
        assertThat(defaults.get("alert_name")).isEqualTo(JSON.readTree("\"ai-optout-tamper-alerts\""));
        assertThat(defaults)
                .containsOnlyKeys(
                        "targets",
                        "exceptions",
                        "policy_name",
                        "policy_description",
                        "default_value",
                        "lock",
                        "services",
                        "tags",
                        "alert_emails",
                        "alert_https_urls",
                        "alert_sns_topic_arn",
                        "alert_name");
    }

    @Test
    void alertDefaultsAreTheLayoutsAlerts() throws Exception {
        Path out = module(LAYOUT + """
                stack: {name: corp}
                alerts:
                  email: [security@example.com, soc@example.com]
                  https: ["https://hooks.example.com/ai-optout?a=1&b=2"]
                  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:soc
                """);
        Map<String, JsonNode> defaults = HclLiterals.defaults(Files.readString(out.resolve("variables.tf")));
        assertThat(defaults.get("alert_emails"))
                .isEqualTo(JSON.readTree("[\"security@example.com\", \"soc@example.com\"]"));
        assertThat(defaults.get("alert_https_urls"))
                .isEqualTo(JSON.readTree("[\"https://hooks.example.com/ai-optout?a=1&b=2\"]"));
        assertThat(defaults.get("alert_sns_topic_arn"))
                .isEqualTo(JSON.readTree("\"arn:aws:sns:us-east-1:111122223333:soc\""));
        assertThat(defaults.get("alert_name")).isEqualTo(JSON.readTree("\"corp-tamper-alerts\""));
        String alerts = Files.readString(out.resolve("alerts.tf"));
        assertThat(alerts)
                .contains("resource \"aws_cloudwatch_event_rule\" \"tamper_alerts\"")
                .contains("count       = local.alerts ? 1 : 0")
                .contains("condition     = data.aws_region.alerts[0].id == \"us-east-1\"");
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme).contains("## Tamper alerts").contains("providers = { aws = aws.us_east_1 }");
    }

    @Test
    void theEmbeddedDefaultLayoutGivesItsOwnDefaults() throws Exception {
        Path out = module("version: 1\n");
        Map<String, JsonNode> defaults = HclLiterals.defaults(Files.readString(out.resolve("variables.tf")));
        assertThat(defaults.get("targets")).isEqualTo(JSON.readTree("[\"root\"]"));
        assertThat(defaults.get("exceptions")).isEqualTo(JSON.readTree("{}"));
        assertThat(defaults.get("services")).isEqualTo(JSON.readTree("{}"));
        assertThat(defaults.get("lock")).isEqualTo(JSON.readTree("\"full\""));
        assertThat(defaults.get("default_value")).isEqualTo(JSON.readTree("\"optOut\""));
    }

    @Test
    void variablesHaveTypesDescriptionsAndValidations() throws Exception {
        Path out = module(LAYOUT);
        String variables = Files.readString(out.resolve("variables.tf"));
        for (String name : HclLiterals.blockNames(variables, "variable")) {
            String block = block(variables, "variable", name);
            assertThat(block)
                    .as(name)
                    .containsPattern("(?m)^  description += \"")
                    .containsPattern("(?m)^  type += [a-z]");
        }
        assertThat(block(variables, "variable", "lock"))
                .contains("contains([\"full\", \"default\", \"none\"], var.lock)");
        assertThat(block(variables, "variable", "default_value")).contains("validation {");
        assertThat(block(variables, "variable", "exceptions")).contains("optional(string)");
    }

    @Test
    void badInputLeavesTheModuleFolderUntouched() throws Exception {
        Path out = module(LAYOUT);
        Files.writeString(out.resolve("local-notes.md"), "kept");
        List<String> before = CommandLineTest.tree(out);
        List<String> contents = new ArrayList<>();
        for (String file : before) {
            contents.add(Files.readString(out.resolve(file)));
        }
        Cli cli = Cli.run("synth", "--module", "--config", layout("""
                version: 1
                policy:
                  default: optout
                """).toString(), "--out", out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("policy.default").contains("nothing was written");
        assertThat(CommandLineTest.tree(out)).isEqualTo(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(Files.readString(out.resolve(before.get(i))))
                    .as(before.get(i))
                    .isEqualTo(contents.get(i));
        }
        assertThat(CommandLineTest.tree(dir))
                .allMatch(p -> p.startsWith("ai-optout-module/") || p.equals("ai-optout.yaml"));
    }

    @Test
    void badInputCreatesNoModuleFolder() throws Exception {
        Path out = dir.resolve("new-module");
        Cli cli = Cli.run(
                "synth",
                "--module",
                "--config",
                layout("version: 1\nattach: [ou-nope]\n").toString(),
                "--out",
                out.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(Files.exists(out)).isFalse();
        assertThat(CommandLineTest.tree(dir)).containsExactly("ai-optout.yaml");
    }

    @Test
    void aSecondRunReplacesTheModuleFilesAndKeepsOthers() throws Exception {
        Path out = module(LAYOUT);
        Files.writeString(out.resolve("local-notes.md"), "kept");
        module(LAYOUT.replace("corp-ai-optout", "renamed-policy"));
        assertThat(CommandLineTest.tree(out))
                .containsExactly(
                        "README.md",
                        OwnedFiles.FILE_NAME,
                        "alerts.tf",
                        "local-notes.md",
                        "main.tf",
                        "outputs.tf",
                        "variables.tf",
                        "versions.tf");
        assertThat(HclLiterals.defaults(Files.readString(out.resolve("variables.tf")))
                        .get("policy_name")
                        .asText())
                .isEqualTo("renamed-policy");
    }

    @Test
    void layoutTextInTheReadmeStaysInsideItsCell() throws Exception {
        Path out = module(LAYOUT.replace(
                        "description: Opt out of AI data use (security team)",
                        "description: \"Opt out `x` and ``y`` | *z* [w](http://example.com) \\\\| end\"")
                .replace("reason: Speech research", "reason: \"research ``` | ` |\""));
        String readme = Files.readString(out.resolve("README.md"));
        Map<String, JsonNode> defaults = HclLiterals.defaults(Files.readString(out.resolve("variables.tf")));
        Pattern codeSpan = Pattern.compile("^(`+) ?(.*?) ?\\1$");
        for (String row : tableRows(readme, "## Inputs")) {
            List<String> cells = cells(row);
            assertThat(cells).as(row).hasSize(4);
            Matcher span = codeSpan.matcher(cells.get(3));
            assertThat(span.matches()).as(row).isTrue();
            String content = span.group(2);
            // No backtick run inside is as long as the fence, so nothing ends the code early.
            assertThat(content).as(row).doesNotContain(span.group(1));
            String name = cells.get(0).replace("`", "");
            assertThat(JSON.readTree(content.replace("\\|", "|"))).as(name).isEqualTo(defaults.get(name));
        }
        assertThat(readme).contains("| `policy_description` |");
    }

    private static String block(String tf, String type, String name) {
        int start = tf.indexOf(type + " \"" + name + "\" {");
        assertThat(start).as(type + " " + name).isGreaterThanOrEqualTo(0);
        return tf.substring(start, tf.indexOf("\n}\n", start) + 2);
    }

    private static List<String> tableRows(String readme, String heading) {
        int start = readme.indexOf(heading + "\n");
        assertThat(start).as(heading).isGreaterThanOrEqualTo(0);
        List<String> rows = new ArrayList<>();
        boolean header = true;
        for (String line :
                readme.substring(start + heading.length() + 1).lines().toList()) {
            if (line.isBlank() && rows.isEmpty() && header) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            if (line.startsWith("|---") || line.startsWith("| Name")) {
                header = false;
                continue;
            }
            rows.add(line);
        }
        return rows;
    }

    private static List<String> tableNames(String readme, String heading) {
        List<String> names = new ArrayList<>();
        for (String row : tableRows(readme, heading)) {
            Matcher m = Pattern.compile("^\\| `([^`]+)` \\|").matcher(row);
            assertThat(m.find()).as(row).isTrue();
            names.add(m.group(1));
        }
        return names;
    }

    /** The cells of a Markdown table row; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.length() - 1).split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
