package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Scenarios 2, 3 and 7: adopting organizations that already exist, with SCPs, trusted services,
 * OUs three levels deep, exceptions, and one with consolidated billing only.
 */
@ExtendWith(MotoExtension.class)
class AdoptModeTest {

    private static final String SCP =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    @Test
    void adoptingKeepsScpsTrustedAccessAndTheOrganization(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        String root = org.root().id();
        org.enablePolicyType(PolicyType.SERVICE_CONTROL_POLICY);
        org.enableTrustedAccess("cloudtrail.amazonaws.com");
        String level1 = org.createOu(root, "Workloads");
        String level2 = org.createOu(level1, "Prod");
        String level3 = org.createOu(level2, "Payments");
        List<String> parents = List.of(root, level1, level2, level3);
        for (int i = 0; i < 50; i++) {
            org.createAccount(parents.get(i % parents.size()), "account-" + i);
        }
        String scpRoot = org.createPolicy(PolicyType.SERVICE_CONTROL_POLICY, "deny-bucket-delete", SCP);
        String scpOu = org.createPolicy(PolicyType.SERVICE_CONTROL_POLICY, "deny-bucket-delete-prod", SCP);
        org.attach(scpRoot, root);
        org.attach(scpOu, level2);

        java.util.Map<String, List<String>> scpsBefore = new java.util.TreeMap<>();
        for (String target : parents) {
            scpsBefore.put(target, names(org.policiesFor(target, PolicyType.SERVICE_CONTROL_POLICY)));
        }
        assertThat(scpsBefore.get(root)).contains("deny-bucket-delete");
        assertThat(scpsBefore.get(level2)).contains("deny-bucket-delete-prod");

        Path stack = E2e.synth(dir, """
                version: 1
                layout: multi-ou
                organization: {mode: adopt, id: %s}
                """.formatted(organizationId));
        Terraform terraform = new Terraform(stack, emulator);
        terraform.init();
        JsonNode plan = terraform.plan();
        List<String> changes = Terraform.changes(plan);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization.organization: update",
                        "aws_organizations_policy.baseline: create",
                        "aws_organizations_policy_attachment.baseline_root: create");
        assertThat(plan.toString()).doesNotContain("\"delete\"");
        terraform
                .run("apply", "-auto-approve", "-input=false", "-no-color", "plan.tfplan")
                .ok();

        assertThat(org.organizationId()).isEqualTo(organizationId);
        assertThat(org.enabledPolicyTypes())
                .containsExactlyInAnyOrder("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY");
        for (String target : parents) {
            assertThat(names(org.policiesFor(target, PolicyType.SERVICE_CONTROL_POLICY)))
                    .as("SCPs on " + target)
                    .isEqualTo(scpsBefore.get(target));
        }
        assertThat(org.trustedServices()).containsExactly("cloudtrail.amazonaws.com");
        assertThat(names(org.policiesFor(root, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly("ai-optout-all-services");
        assertThat(org.accounts()).hasSize(51);
        assertThat(terraform.planDetailed().exit()).isEqualTo(0);
    }

    @Test
    void exceptionsAreAttachedAndLayoutChangesPlanExactlyThoseChanges(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        String root = org.root().id();
        String sandbox = org.createOu(root, "Sandbox");
        String research = org.createOu(root, "Research");
        String chatbot = org.createAccount(sandbox, "chatbot");
        String speech = org.createAccount(research, "speech");
        String other = org.createAccount(root, "other");

        String before = """
                version: 1
                layout: multi-ou
                organization: {id: %s}
                exceptions:
                  - name: sandbox-lex
                    targets: [%s]
                    services: {lex: optIn}
                    reason: Chatbot evaluation SEC-123
                  - name: speech-transcribe
                    targets: ["%s", "%s"]
                    services: {transcribe: optIn}
                    reason: Speech research DPO-42
                """.formatted(organizationId, sandbox, speech, other);
        Path stack = E2e.synth(dir, before);
        Terraform terraform = new Terraform(stack, emulator);
        terraform.init();
        terraform.apply();
        assertThat(names(org.policiesFor(sandbox, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly("ai-optout-all-services-exception-sandbox-lex");
        assertThat(names(org.policiesFor(speech, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly("ai-optout-all-services-exception-speech-transcribe");
        assertThat(names(org.policiesFor(other, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly("ai-optout-all-services-exception-speech-transcribe");

        // Drop one exception, add one target to the other.
        String after = """
                version: 1
                layout: multi-ou
                organization: {id: %s}
                exceptions:
                  - name: sandbox-lex
                    targets: [%s, "%s"]
                    services: {lex: optIn}
                    reason: Chatbot evaluation SEC-123
                """.formatted(organizationId, sandbox, chatbot);
        E2e.synth(dir, after);
        List<String> changes = Terraform.changes(terraform.plan());
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        // The baseline closes the door it had opened for transcribe.
                        "aws_organizations_policy.baseline: update",
                        "aws_organizations_policy.exception_speech-transcribe: delete",
                        "aws_organizations_policy_attachment.exception_speech-transcribe_" + speech + ": delete",
                        "aws_organizations_policy_attachment.exception_speech-transcribe_" + other + ": delete",
                        "aws_organizations_policy_attachment.exception_sandbox-lex_" + chatbot + ": create");
        terraform
                .run("apply", "-auto-approve", "-input=false", "-no-color", "plan.tfplan")
                .ok();

        assertThat(names(org.policiesFor(chatbot, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly("ai-optout-all-services-exception-sandbox-lex");
        assertThat(org.policiesFor(speech, PolicyType.AISERVICES_OPT_OUT_POLICY))
                .isEmpty();
        assertThat(names(org.policies(PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactlyInAnyOrder("ai-optout-all-services", "ai-optout-all-services-exception-sandbox-lex");
        assertThat(org.content(org.policiesFor(root, PolicyType.AISERVICES_OPT_OUT_POLICY)
                        .get(0)
                        .id()))
                .contains("\"lex\"")
                .doesNotContain("transcribe");
        assertThat(terraform.planDetailed().exit()).isEqualTo(0);
    }

    @Test
    void consolidatedBillingOrganizationStopsThePlanWithAClearMessage(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.CONSOLIDATED_BILLING);
        assertThat(org.enabledPolicyTypes()).doesNotContain("AISERVICES_OPT_OUT_POLICY");

        Path stack = E2e.synth(dir, """
                version: 1
                layout: multi-ou
                organization: {id: %s}
                """.formatted(organizationId));
        Terraform terraform = new Terraform(stack, emulator);
        terraform.init();
        Terraform.Result plan = terraform.run("plan", "-input=false", "-no-color");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.output().replaceAll("\\s+", " "))
                .contains("ai-optout: organization " + organizationId + " has only consolidated billing features")
                .contains("enable-all-features")
                .doesNotContain("PolicyTypeNotAvailableForOrganizationException:");
    }

    @Test
    void credentialsOfAnotherOrganizationStopThePlan(Emulator emulator) throws Exception {
        new Organizations(emulator).create(OrganizationFeatureSet.ALL);
        Path stack = E2e.synth(dir, """
                version: 1
                layout: multi-ou
                organization: {id: o-someoneelse1}
                """);
        Terraform terraform = new Terraform(stack, emulator);
        terraform.init();
        Terraform.Result plan = terraform.run("plan", "-input=false", "-no-color");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.output().replaceAll("\\s+", " ")).contains("but the layout adopts o-someoneelse1");
    }

    private static List<String> names(List<PolicySummary> policies) {
        List<String> out = new ArrayList<>();
        policies.forEach(p -> out.add(p.name()));
        return out;
    }
}
