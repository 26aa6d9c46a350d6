package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on an organization that has AI policies already: init, OU paths, adopt, and the
 * report of what the layout does not manage, through the command line.
 */
class BrownfieldCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A guide policy at the root, an opt-in to lex at /Workloads/Sandbox, and an account under each level. */
    static final String ORG = """
            {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY"],
             "policies": [
               {"id": "p-11111111", "name": "guide-optout", "content": "{\\"services\\":{\\"default\\":{\\"opt_out_policy\\":{\\"@@assign\\":\\"optOut\\"}}}}"},
               {"id": "p-22222222", "name": "Sandbox Lex opt-in", "content": "{\\"services\\":{\\"lex\\":{\\"opt_out_policy\\":{\\"@@assign\\":\\"optIn\\"}}}}"}],
             "root": {"id": "r-ab12", "name": "Root", "policies": ["p-11111111"], "children": [
               {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-11111111", "name": "Workloads", "policies": [], "children": [
                 {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-22222222", "name": "Sandbox", "policies": ["p-22222222"], "children": [
                   {"type": "ACCOUNT", "id": "111111111111", "name": "chatbot", "state": "ACTIVE", "policies": []}]},
                 {"type": "ACCOUNT", "id": "222222222222", "name": "prod-1", "state": "ACTIVE", "policies": []}]},
               {"type": "ACCOUNT", "id": "333333333333", "name": "mgmt", "state": "ACTIVE", "policies": []}]}}
            """;

    static final String HEADER = "version: 1\nlayout: multi-ou\norganization: {id: o-exampleorgid}\n";

    @TempDir
    Path dir;

    Path org() throws Exception {
        Path file = dir.resolve("org.json");
        Files.writeString(file, ORG);
        return file;
    }

    Path layout(String text) throws Exception {
        Path file = dir.resolve("layout.yaml");
        Files.writeString(file, text);
        return file;
    }

    /** The next step init prints is a command to paste: a path that is more than one word stays one, run as nothing. */
    @Test
    void initsNextCommandQuotesThePathsItNames() throws Exception {
        Path org = org();
        Path out = Files.createDirectories(dir.resolve("my layouts")).resolve("it's $(here).yaml");
        Cli init = Cli.run("init", "--org", org.toString(), "--output", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.err())
                .contains("review it, then: ai-optout synth --config '"
                        + out.toString().replace("'", "'\\''") + "' --org " + org);
    }

    @Test
    void initWritesALayoutThatValidatesAndPlansEveryAccountUnchanged() throws Exception {
        Path org = org();
        Path out = dir.resolve("written.yaml");
        Cli init = Cli.run("init", "--org", org.toString(), "--output", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).isEmpty();
        assertThat(init.err())
                .contains("ai-optout: wrote " + out + " (lock: full); review it, then: ai-optout synth --config " + out
                        + " --org " + org);
        String text = Files.readString(out);
        assertThat(text)
                .contains("  adopt: p-11111111  # \"guide-optout\", attached to the root\n")
                .contains("    adopt: p-22222222  # \"Sandbox Lex opt-in\"\n")
                .contains("      - ou-ab12-22222222  # OU /Workloads/Sandbox\n");

        Cli validate = Cli.run("validate", "--config", out.toString(), "--org", org.toString());
        assertThat(validate.exit()).as(validate.err()).isZero();
        assertThat(validate.err()).isEmpty();
        Cli plan = Cli.run("plan", "--config", out.toString(), "--org", org.toString(), "--format", "json");
        assertThat(plan.exit()).as(plan.out()).isZero();
        JsonNode report = JSON.readTree(plan.out());
        assertThat(report.at("/summary/compliant").asInt()).isEqualTo(3);
        assertThat(report.path("unmanaged")).isEmpty();

        // The same organization, the same bytes.
        Path again = dir.resolve("again.yaml");
        assertThat(Cli.run("init", "--org", org.toString(), "--output", again.toString())
                        .exit())
                .isZero();
        assertThat(Files.readString(again)).isEqualTo(text);
    }

    @Test
    void initNeverReplacesAFileUnlessForced() throws Exception {
        Path org = org();
        Path out = dir.resolve("ai-optout.yaml");
        Files.writeString(out, "mine\n");
        Cli refused = Cli.run("init", "--org", org.toString(), "--output", out.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .contains("error: --output: " + out + " exists (init never replaces a file unless told to: pass"
                        + " --force, or --output another file)");
        assertThat(Files.readString(out)).isEqualTo("mine\n");

        Cli forced = Cli.run("init", "--org", org.toString(), "--output", out.toString(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(out)).startsWith("# Written by ai-optout init from org.json");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("org.json", "ai-optout.yaml");
        }
    }

    @Test
    void initRefusesAnOrganizationNoLayoutCanKeepAndWritesNothing() throws Exception {
        Path org = dir.resolve("org.json");
        Files.writeString(
                org, ORG.replace("\"policies\": [\"p-11111111\"], \"children\"", "\"policies\": [], \"children\""));
        Path out = dir.resolve("ai-optout.yaml");
        Cli init = Cli.run("init", "--org", org.toString(), "--output", out.toString());
        assertThat(init.exit()).isEqualTo(2);
        assertThat(init.err())
                .contains("org.json: error: no AI opt-out policy is attached to the root, and a layout's baseline"
                        + " always is")
                .contains("ai-optout: 1 error; nothing was written");
        assertThat(out).doesNotExist();
        assertThat(Cli.run("init").exit()).isEqualTo(2);
    }

    @Test
    void aPathNeedsTheOrganizationFileAndIsResolvedFromIt() throws Exception {
        Path layout = layout(HEADER + "attach: [root, /Workloads/Sandbox]\n");
        for (String command : new String[] {"validate", "synth", "policy"}) {
            Cli cli = Cli.run(
                    command,
                    "--config",
                    layout.toString(),
                    "--out",
                    dir.resolve("out").toString());
            if (!command.equals("synth")) {
                cli = Cli.run(command, "--config", layout.toString());
            }
            assertThat(cli.exit()).as(command).isEqualTo(2);
            assertThat(cli.err())
                    .as(command)
                    .contains(layout + ":4:16: error: attach[1]: OU path /Workloads/Sandbox can only be resolved from"
                            + " an organization file (pass --org ORG.json (the organization file ai-optout snapshot"
                            + " writes), or name the OU by its ou- id)");
        }
        assertThat(dir.resolve("out")).doesNotExist();
        Cli validate = Cli.run("validate", "--config", layout.toString(), "--org", org().toString());
        assertThat(validate.exit()).as(validate.err()).isZero();

        Cli unknown = Cli.run(
                "validate",
                "--config",
                layout(HEADER + "attach: [/Workloads/Sandbx]\n").toString(),
                "--org",
                org().toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("attach[0]: OU path /Workloads/Sandbx is not in the organization (" + org()
                        + ") (closest: /Workloads/Sandbox, /Workloads;");
    }

    @Test
    void theCdktfAppTakesTheOrganizationFileFromTheEnvironment() throws Exception {
        Path layout = layout(HEADER + "attach: [root, /Workloads/Sandbox]\n");
        Path out = dir.resolve("cdktf-cli-out");
        Map<String, String> env =
                new java.util.HashMap<>(Map.of("AI_OPTOUT_CONFIG", layout.toString(), "CDKTF_OUTDIR", out.toString()));
        Cli without = Cli.runIn(dir, env, "cdktf-app");
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("OU path /Workloads/Sandbox can only be resolved from an organization file");
        env.put("AI_OPTOUT_ORG", org().toString());
        Cli with = Cli.runIn(dir, env, "cdktf-app");
        assertThat(with.exit()).as(with.err()).isZero();
        JsonNode stack =
                JSON.readTree(out.resolve("stacks/ai-optout/cdk.tf.json").toFile());
        JsonNode attachment = stack.at("/resource/aws_organizations_policy_attachment/baseline_ou-ab12-22222222");
        assertThat(attachment.path("target_id").asText()).isEqualTo("ou-ab12-22222222");
        assertThat(attachment.path("//").path("comment").asText()).isEqualTo("OU /Workloads/Sandbox");
    }

    @Test
    void planFailsWhenAPolicyTheLayoutDoesNotManageChangesAnAccount() throws Exception {
        // Under lock: default the OU's opt-in to lex takes effect, and this layout does not say so.
        Cli plan = Cli.run(
                "plan", "--config", layout(HEADER + "policy: {lock: default}\n").toString(), "--org", org().toString());
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out())
                .contains("AI opt-out policies the layout does not manage:\n"
                        + "  ! policy \"guide-optout\" (p-11111111) attached to \"Root\" (r-ab12), before the layout's"
                        + " policies there (the first attached wins): it decides \"default\" (optOut) for every account"
                        + " below it (3); every account would end up the same without it\n"
                        + "    adopt it (policy.adopt: p-11111111) so the layout manages it, or detach it (aws"
                        + " organizations detach-policy --policy-id p-11111111 --target-id r-ab12)\n"
                        + "  ! policy \"Sandbox Lex opt-in\" (p-22222222) attached to \"Sandbox\" (ou-ab12-22222222): it"
                        + " decides \"lex\" (optIn) for the account below it; without it 1 account would end up"
                        + " differently\n"
                        + "    adopt it (exceptions[].adopt: p-22222222) so the layout manages it, or detach it (aws"
                        + " organizations detach-policy --policy-id p-22222222 --target-id ou-ab12-22222222)\n"
                        + "  without them, 1 account would end up differently\n"
                        + "3 accounts: 2 compliant, 1 non-compliant, 0 unverified\n");

        // Fully locked, the opt-in is ignored: both are reported, nothing changes an account, plan passes.
        Cli locked = Cli.run("plan", "--config", layout(HEADER).toString(), "--org", org().toString());
        assertThat(locked.exit()).as(locked.out()).isZero();
        assertThat(locked.out()).contains("AI opt-out policies the layout does not manage:");
        Cli validate = Cli.run("validate", "--config", layout(HEADER).toString(), "--org", org().toString());
        assertThat(validate.exit()).isZero();
        assertThat(validate.err())
                .contains("warning: organization: a policy the layout does not manage: policy \"guide-optout\"")
                .contains("warning: organization: a policy the layout does not manage: policy \"Sandbox Lex opt-in\"");
    }

    @Test
    void adoptingNeedsTheOrganizationFileAndCloudFormationCannotAdopt() throws Exception {
        Path layout = layout(HEADER + "policy: {adopt: p-11111111}\n");
        Cli without = Cli.run("validate", "--config", layout.toString());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err())
                .contains(":4:17: error: policy.adopt: adopting policy p-11111111 needs the organization file");

        Path out = dir.resolve("cfn");
        Cli cfn = Cli.run(
                "synth",
                "--config",
                layout.toString(),
                "--org",
                org().toString(),
                "--format",
                "cloudformation",
                "--out",
                out.toString());
        assertThat(cfn.exit()).isEqualTo(2);
        assertThat(cfn.err())
                .contains(":4:17: error: policy.adopt: --format cloudformation cannot adopt policy p-11111111: a"
                        + " CloudFormation stack takes over an existing policy only through a resource import change"
                        + " set, which ai-optout does not write (use the Terraform output (--format json or hcl),"
                        + " which imports it, or remove adopt");
        assertThat(out).doesNotExist();

        Cli missing = Cli.run(
                "validate",
                "--config",
                layout(HEADER + "policy: {adopt: p-99999999}\n").toString(),
                "--org",
                org().toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("policy.adopt: policy p-99999999 is not an AI opt-out policy of organization o-exampleorgid");
    }

    @Test
    void theModuleSaysWhichImportBlocksTheRootModuleNeeds() throws Exception {
        Path layout = layout(HEADER + """
                policy: {adopt: p-11111111}
                exceptions:
                  - name: sandbox
                    adopt: p-22222222
                    targets: [/Workloads/Sandbox, "222222222222"]
                    services: {lex: optIn}
                    reason: imported
                """);
        Path out = dir.resolve("module");
        Cli synth = Cli.run(
                "synth", "--module", "--config", layout.toString(), "--org", org().toString(), "--out", out.toString());
        assertThat(synth.exit()).as(synth.err()).isZero();
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme)
                .contains("| `ou-ab12-22222222` | `/Workloads/Sandbox` |")
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
                          to = module.ai_optout.aws_organizations_policy.exception["sandbox"]
                          id = "p-22222222"
                        }

                        import {
                          to = module.ai_optout.aws_organizations_policy_attachment.exception["sandbox_ou-ab12-22222222"]
                          id = "ou-ab12-22222222:p-22222222"
                        }
                        ```""");
        assertThat(Files.readString(out.resolve("versions.tf"))).contains("\">= 5.23.1, < 7.0.0\"");
        assertThat(Files.readString(out.resolve("variables.tf")))
                .contains("ou-ab12-22222222")
                .doesNotContain("/Workloads");
    }
}
