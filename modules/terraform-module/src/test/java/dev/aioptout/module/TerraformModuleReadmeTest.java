package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.plan.AgainstOrganization;
import dev.aioptout.plan.BrownfieldOrganizations;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.ServiceKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's README: it documents every input (with the layout's value as its default) and
 * every output as outputs.tf declares it, names the layout file without its folder, shows which
 * OU each id is when the layout named OUs by path, and gives the import blocks for what the layout
 * adopts, with the module's addresses and the provider's import ids.
 */
class TerraformModuleReadmeTest {

    private static String readme(PolicyPlan plan) {
        return TerraformModule.files(plan).get("README.md");
    }

    /** The rows of the Markdown table under a heading, as cells. */
    private static List<List<String>> table(String readme, String heading) {
        String section = readme.substring(readme.indexOf(heading));
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : section.lines().skip(1).toList()) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
                    cells.add(cell.strip());
                }
                rows.add(cells);
            } else if (inTable) {
                break;
            }
        }
        return rows.subList(2, rows.size()); // the header and its rule
    }

    @Test
    void everyInputIsARowWithTheLayoutsDefault() {
        PolicyPlan plan = ModuleLayouts.plan(ModuleLayouts.FULL);
        List<List<String>> rows = table(readme(plan), "## Inputs");
        List<TerraformModule.Input> inputs = TerraformModule.inputs(plan);
        assertThat(rows).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            TerraformModule.Input input = inputs.get(i);
            assertThat(rows.get(i))
                    .containsExactly(
                            TerraformModule.code(input.name()),
                            TerraformModule.code(input.type()),
                            input.description(),
                            TerraformModule.code(input.defaultValue().toString())
                                    .replace("\\|", "|"));
        }
    }

    @Test
    void everyOutputIsARowWithOutputsTfsDescription() {
        PolicyPlan plan = ModuleLayouts.plan(ModuleLayouts.MINIMAL);
        Map<String, String> declared = new LinkedHashMap<>();
        Matcher m = Pattern.compile("output \"([a-z_]+)\" \\{\\n  description = \"([^\"]*)\"")
                .matcher(TerraformModule.files(plan).get("outputs.tf"));
        while (m.find()) {
            declared.put(m.group(1), m.group(2));
        }
        assertThat(declared).hasSize(5);
        Map<String, String> documented = new LinkedHashMap<>();
        for (List<String> row : table(readme(plan), "## Outputs")) {
            documented.put(row.get(0).replace("`", ""), row.get(1));
        }
        assertThat(documented).containsExactlyEntriesOf(declared);
    }

    @Test
    void namesTheLayoutFileWithoutItsFolder(@TempDir Path folder) {
        Path layout = folder.resolve("infra/corp-layout.yaml");
        String readme = readme(ModuleLayouts.plan(layout.toString(), ModuleLayouts.FULL));
        assertThat(readme)
                .contains(
                        "`ai-optout synth --module` from `corp-layout.yaml`; the defaults below are that file's values.")
                .doesNotContain(folder.toString());
    }

    @Test
    void showsWhichOuEachIdIsWhenTheLayoutNamedThemByPath() {
        var layout = BrownfieldOrganizations.layout(BrownfieldOrganizations.HEADER + """
                attach: [root, /Workloads]
                exceptions:
                  - name: lab
                    targets: [/R\\/D, "333333333333"]
                    services: {lex: optIn}
                    reason: research
                """);
        PolicyPlan plan = AgainstOrganization.prove(layout, BrownfieldOrganizations.plainOrg(), "org.json")
                .plan();
        String readme = readme(plan);
        assertThat(table(readme, "OUs the layout names by path"))
                .containsExactly(
                        List.of("`ou-ab12-11111111`", "`/Workloads`"), List.of("`ou-ab12-44444444`", "`/R\\/D`"));
        // The defaults are ids: a module cannot resolve paths.
        assertThat(readme).contains("`[\"root\",\"ou-ab12-11111111\"]`");
        assertThat(readme(ModuleLayouts.plan(ModuleLayouts.FULL))).doesNotContain("OUs the layout names by path");
    }

    @Test
    void givesTheImportBlocksForWhatTheLayoutAdopts() {
        var layout = BrownfieldOrganizations.layout(BrownfieldOrganizations.HEADER + """
                policy: {adopt: p-11111111}
                attach: [root]
                exceptions:
                  - name: prod-lex
                    adopt: p-22222222
                    targets: [/Workloads/Prod, "111111111111"]
                    services: {lex: optIn}
                    reason: imported
                """);
        PolicyPlan plan = AgainstOrganization.prove(
                        layout, BrownfieldOrganizations.org("\"p-11111111\"", "\"p-22222222\"", "", ""), "org.json")
                .plan();
        String readme = readme(plan);
        String section = readme.substring(readme.indexOf("## Adopting existing policies"));
        // The policies, and only the attachments the organization file shows already: Prod's, not the account's.
        assertThat(section)
                .contains("""
                        ```hcl
                        import {
                          to = module.ai_optout.aws_organizations_policy.baseline
                          id = "p-11111111"
                        }

                        import {
                          to = module.ai_optout.aws_organizations_policy_attachment.baseline["root"]
                          id = "r-ab12:p-11111111"
                        }

                        import {
                          to = module.ai_optout.aws_organizations_policy.exception["prod-lex"]
                          id = "p-22222222"
                        }

                        import {
                          to = module.ai_optout.aws_organizations_policy_attachment.exception["prod-lex_ou-ab12-22222222"]
                          id = "ou-ab12-22222222:p-22222222"
                        }
                        ```
                        """)
                .doesNotContain("111111111111:p-22222222")
                .endsWith("Once applied, the blocks do nothing and can stay or go.\n");
        assertThat(readme(ModuleLayouts.plan(ModuleLayouts.FULL))).doesNotContain("## Adopting existing policies");
    }

    @Test
    void listsTheKnownServiceKeysAndHowToCallTheModule() {
        String readme = readme(ModuleLayouts.plan(ModuleLayouts.MINIMAL));
        assertThat(readme)
                .startsWith("# ai-optout module\n\n")
                .contains("Known service keys: " + String.join(", ", ServiceKeys.KNOWN) + ".\n")
                .contains("module \"" + TerraformModule.CALLER_NAME + "\" {\n  source = \"./ai-optout-module\"\n")
                .contains("depends_on = [aws_organizations_organization.this]")
                .contains("providers = { aws = aws.us_east_1 }")
                .contains("## Tamper alerts");
    }

    @Test
    void aValueFromTheLayoutCannotBreakItsTableCell() {
        String layout = ModuleLayouts.FULL.replace("name: corp-ai-optout", "name: \"corp`ai``optout|x\"");
        List<List<String>> rows = table(readme(ModuleLayouts.plan(layout)), "## Inputs");
        List<String> name = rows.stream()
                .filter(r -> r.get(0).equals("`policy_name`"))
                .findFirst()
                .orElseThrow();
        // Four cells still, the default fenced with more backticks than it holds, its '|' escaped.
        assertThat(name).hasSize(4);
        assertThat(name.get(3)).isEqualTo("```\"corp`ai``optout\\|x\"```");
    }

    @Test
    void codeFencesTextWithMoreBackticksThanItHolds() {
        assertThat(TerraformModule.code("plain")).isEqualTo("`plain`");
        assertThat(TerraformModule.code("a`b")).isEqualTo("``a`b``");
        assertThat(TerraformModule.code("`edge`")).isEqualTo("`` `edge` ``");
        assertThat(TerraformModule.code("a|b")).isEqualTo("`a\\|b`");
        assertThat(TerraformModule.code("")).isEqualTo("``");
    }
}
