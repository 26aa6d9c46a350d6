package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * The module of {@code synth --module}, called by a configuration that owns the organization:
 * applied against the emulator, with and then without exceptions passed in; the live policies
 * are exactly what {@code synth} would have made of the equivalent layout. A caller whose
 * organization does not enable the policy type is stopped with the module's message.
 */
@ExtendWith(MotoExtension.class)
class ModuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The module's layout; lock full, so that an exception changes the baseline too (a door for its service). */
    private static final String LAYOUT = """
            version: 1
            layout: multi-ou
            organization: {mode: adopt, id: o-exampleorgid}
            policy:
              name: corp-ai-optout
              description: Opt out of AI services data use
              default: optOut
              lock: full
              services:
                rekognition: optOut
              tags:
                owner: platform-security
            attach: [root]
            """;

    @TempDir
    Path dir;

    /** Writes the module into {@code folder/ai-optout-module} and a caller beside it; returns the caller's folder. */
    private Path consumer(Path folder, String enabledPolicyTypes) throws Exception {
        Files.createDirectories(folder);
        Path layout = folder.resolve("ai-optout.yaml");
        Files.writeString(layout, LAYOUT);
        HclEquivalenceTest.cli(
                "synth",
                "--module",
                "--config",
                layout.toString(),
                "--out",
                folder.resolve("ai-optout-module").toString());
        Files.writeString(folder.resolve("main.tf"), """
                terraform {
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws"
                      version = ">= 5.23.1, < 7.0.0"
                    }
                  }
                }

                provider "aws" {
                  region = "us-east-1"
                }

                variable "exceptions" {
                  type    = any
                  default = {}
                }

                resource "aws_organizations_organization" "this" {
                  feature_set          = "ALL"
                  enabled_policy_types = %s
                }

                module "ai_optout" {
                  source     = "./ai-optout-module"
                  exceptions = var.exceptions

                  depends_on = [aws_organizations_organization.this]
                }

                output "baseline_policy_id" {
                  value = module.ai_optout.baseline_policy_id
                }

                output "exception_policy_ids" {
                  value = module.ai_optout.exception_policy_ids
                }

                output "attachment_ids" {
                  value = module.ai_optout.attachment_ids
                }
                """.formatted(enabledPolicyTypes));
        return folder;
    }

    @Test
    void aCallerThatOwnsTheOrganizationAppliesTheModuleWithAndWithoutExceptions(Emulator emulator) throws Exception {
        Path caller = consumer(dir.resolve("caller"), "[\"AISERVICES_OPT_OUT_POLICY\"]");
        Terraform terraform = new Terraform(caller, emulator);
        Terraform.Result fmt =
                terraform.run("fmt", "-check", "-recursive", "-list=true", "-no-color", "ai-optout-module");
        assertThat(fmt.exit()).as(fmt.output()).isEqualTo(0);
        assertThat(fmt.output()).isBlank();
        terraform.init();
        terraform.run("validate", "-no-color").ok();
        terraform.apply();

        Organizations org = new Organizations(emulator);
        String root = org.root().id();
        assertThat(org.enabledPolicyTypes()).contains("AISERVICES_OPT_OUT_POLICY");
        List<PolicySummary> onRoot = org.policiesFor(root, PolicyType.AISERVICES_OPT_OUT_POLICY);
        assertThat(onRoot).extracting(PolicySummary::name).containsExactly("corp-ai-optout");
        Path equivalent = dir.resolve("equivalent.yaml");
        Files.writeString(equivalent, LAYOUT);
        assertThat(org.content(onRoot.get(0).id()))
                .as("baseline against ai-optout policy")
                .isEqualTo(policyCommand(equivalent));

        // An OU appears; the caller passes an exception for it, in a -var-file.
        String sandbox = org.createOu(root, "Sandbox");
        Path vars = caller.resolve("exceptions.tfvars.json");
        Files.writeString(vars, """
                {"exceptions": {"sandbox-lex": {"targets": ["%s"], "services": {"lex": "optIn"},
                  "reason": "Chatbot team evaluation, ticket SEC-123", "expires": "2099-06-30"}}}
                """.formatted(sandbox));
        terraform
                .run("apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + vars)
                .ok();

        onRoot = org.policiesFor(root, PolicyType.AISERVICES_OPT_OUT_POLICY);
        assertThat(onRoot).extracting(PolicySummary::name).containsExactly("corp-ai-optout");
        List<PolicySummary> onOu = org.policiesFor(sandbox, PolicyType.AISERVICES_OPT_OUT_POLICY);
        assertThat(onOu).extracting(PolicySummary::name).containsExactly("corp-ai-optout-exception-sandbox-lex");

        // The same layout with the exception, through synth and policy: the same documents, byte for byte.
        Files.writeString(equivalent, LAYOUT + """
                exceptions:
                  - name: sandbox-lex
                    targets: [%s]
                    services: {lex: optIn}
                    reason: Chatbot team evaluation, ticket SEC-123
                    expires: 2099-06-30
                """.formatted(sandbox));
        String baseline = org.content(onRoot.get(0).id());
        assertThat(baseline)
                .as("baseline with the exception's door against ai-optout policy")
                .isEqualTo(policyCommand(equivalent))
                .contains("\"lex\"");
        Path synthOut = dir.resolve("synth.out");
        HclEquivalenceTest.cli("synth", "--config", equivalent.toString(), "--out", synthOut.toString());
        JsonNode stack =
                JSON.readTree(synthOut.resolve("stacks/ai-optout/cdk.tf.json").toFile());
        JsonNode exception = stack.at("/resource/aws_organizations_policy/exception_sandbox-lex");
        var described = emulator.organizations()
                .describePolicy(r -> r.policyId(onOu.get(0).id()))
                .policy()
                .policySummary();
        assertThat(org.content(onOu.get(0).id()))
                .as("exception against synth")
                .isEqualTo(exception.path("content").asText());
        assertThat(described.name()).isEqualTo(exception.path("name").asText());
        assertThat(described.description())
                .isEqualTo(exception.path("description").asText());
        assertThat(baseline)
                .isEqualTo(stack.at("/resource/aws_organizations_policy/baseline/content")
                        .asText());

        JsonNode outputs =
                JSON.readTree(terraform.run("output", "-json", "-no-color").ok().output());
        assertThat(outputs.at("/baseline_policy_id/value").asText())
                .isEqualTo(onRoot.get(0).id());
        assertThat(outputs.at("/exception_policy_ids/value/sandbox-lex").asText())
                .isEqualTo(onOu.get(0).id());
        assertThat(JSON.convertValue(outputs.at("/attachment_ids/value"), java.util.Map.class))
                .containsOnlyKeys("baseline_root", "sandbox-lex_" + sandbox);

        // Nothing left to do.
        Terraform.Result again =
                terraform.run("plan", "-input=false", "-no-color", "-detailed-exitcode", "-var-file=" + vars);
        assertThat(again.exit()).as(again.output()).isEqualTo(0);
    }

    @Test
    void aCallerWhoseOrganizationLacksThePolicyTypeIsToldWhatToAdd(Emulator emulator) throws Exception {
        Path caller = consumer(dir.resolve("caller"), "[\"SERVICE_CONTROL_POLICY\"]");
        Terraform terraform = new Terraform(caller, emulator);
        terraform.init();
        Terraform.Result apply = terraform.run("apply", "-auto-approve", "-input=false", "-no-color");
        assertThat(apply.exit()).as(apply.output()).isEqualTo(1);
        assertThat(apply.output().replaceAll("\\s+", " "))
                .contains("The AISERVICES_OPT_OUT_POLICY policy type is not enabled on organization")
                .contains(
                        "Add \"AISERVICES_OPT_OUT_POLICY\" to enabled_policy_types of your aws_organizations_organization resource");
        Organizations org = new Organizations(emulator);
        assertThat(org.enabledPolicyTypes()).containsExactly("SERVICE_CONTROL_POLICY");
        assertThat(org.policiesFor(org.root().id(), PolicyType.AISERVICES_OPT_OUT_POLICY))
                .isEmpty();
        // Stopped before creating anything, not half-way.
        assertThat(org.policies(PolicyType.AISERVICES_OPT_OUT_POLICY))
                .extracting(PolicySummary::name)
                .isEmpty();

        // The organization now exists unchanged: the plan itself stops, before anything is created.
        Terraform.Result plan = terraform.run("plan", "-input=false", "-no-color");
        assertThat(plan.exit()).as(plan.output()).isEqualTo(1);
        assertThat(plan.output().replaceAll("\\s+", " "))
                .contains("Add \"AISERVICES_OPT_OUT_POLICY\" to enabled_policy_types");
    }

    private static String policyCommand(Path layout) {
        return HclEquivalenceTest.cli("policy", "--config", layout.toString())
                .out()
                .strip();
    }
}
