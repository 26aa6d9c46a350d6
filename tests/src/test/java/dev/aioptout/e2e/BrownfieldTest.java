package dev.aioptout.e2e;

import static dev.aioptout.e2e.VerifyTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * An organization that already opted out the way AWS's guide shows (an unlocked policy at the
 * root), opted one OU in to one service, and has an SCP and CloudTrail's trusted access: snapshot,
 * init, synth --org and one apply take those policies over in place, and nothing else changes.
 * And an organization whose answers carry policy types newer than the 5.x provider knows.
 */
@ExtendWith(MotoExtension.class)
class BrownfieldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GUIDE = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
    private static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    private static final String SCP =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    @Test
    void snapshotInitSynthAndOneApplyTakeOverTheExistingPoliciesInPlace(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        String root = org.root().id();
        org.enablePolicyType(PolicyType.SERVICE_CONTROL_POLICY);
        org.enablePolicyType(PolicyType.AISERVICES_OPT_OUT_POLICY);
        org.enableTrustedAccess("cloudtrail.amazonaws.com");
        String workloads = org.createOu(root, "Workloads");
        String sandbox = org.createOu(workloads, "Sandbox");
        String chatbot = org.createAccount(sandbox, "chatbot");
        org.createAccount(workloads, "prod-1");
        org.createAccount(root, "shared");
        String scp = org.createPolicy(PolicyType.SERVICE_CONTROL_POLICY, "deny-bucket-delete", SCP);
        org.attach(scp, workloads);
        String guide = org.createPolicy(PolicyType.AISERVICES_OPT_OUT_POLICY, "guide-optout", GUIDE);
        org.attach(guide, root);
        String lexIn = org.createPolicy(PolicyType.AISERVICES_OPT_OUT_POLICY, "sandbox-lex-optin", LEX_IN);
        org.attach(lexIn, sandbox);
        List<String> scpsOnWorkloads = ids(org.policiesFor(workloads, PolicyType.SERVICE_CONTROL_POLICY));

        Path orgFile = dir.resolve("org.json");
        VerifyTest.Run snapshot =
                cli("snapshot", "--endpoint-url", emulator.endpoint().toString(), "--output", orgFile.toString());
        assertThat(snapshot.exit()).as(snapshot.err()).isZero();

        // What exists before anything is taken over: plan names both policies and what they decide.
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(
                layout,
                "version: 1\nlayout: multi-ou\norganization: {id: " + organizationId + "}\npolicy: {lock: default}\n");
        VerifyTest.Run before =
                cli("plan", "--config", layout.toString(), "--org", orgFile.toString(), "--format", "json");
        JsonNode unmanaged = before.json().path("unmanaged");
        assertThat(unmanaged).hasSize(2);
        assertThat(unmanaged.get(0).path("id").asText()).isEqualTo(guide);
        assertThat(unmanaged.get(0).path("message").asText())
                .contains("before the layout's policies there")
                .contains("it decides \"default\" (optOut) for every account below it");
        // Under lock: default the OU's opt-in to lex still takes effect, and this layout does not intend it.
        assertThat(unmanaged.get(1).path("id").asText()).isEqualTo(lexIn);
        assertThat(unmanaged.get(1).path("message").asText())
                .contains("it decides \"lex\" (optIn) for the account below it")
                .contains("without it 1 account would end up differently");
        assertThat(unmanaged.get(1).path("changesOutcome").asInt()).isEqualTo(1);
        assertThat(before.exit()).isEqualTo(1);

        VerifyTest.Run init = cli("init", "--org", orgFile.toString(), "--output", layout.toString(), "--force");
        assertThat(init.exit()).as(init.err()).isZero();
        String written = Files.readString(layout);
        assertThat(written)
                .contains("adopt: " + guide)
                .contains("adopt: " + lexIn)
                .contains("lock: full")
                .contains(sandbox + "  # OU /Workloads/Sandbox")
                .contains("reason: \"imported from " + lexIn + "; review\"");
        VerifyTest.Run validate = cli("validate", "--config", layout.toString(), "--org", orgFile.toString());
        assertThat(validate.exit()).as(validate.err()).isZero();
        VerifyTest.Run plan =
                cli("plan", "--config", layout.toString(), "--org", orgFile.toString(), "--format", "json");
        assertThat(plan.exit()).as(plan.out()).isZero();
        assertThat(plan.json().path("unmanaged")).isEmpty();

        Path out = dir.resolve("cdktf.out");
        VerifyTest.Run synth =
                cli("synth", "--config", layout.toString(), "--org", orgFile.toString(), "--out", out.toString());
        assertThat(synth.exit()).as(synth.err()).isZero();
        Terraform terraform = new Terraform(out.resolve("stacks/ai-optout"), emulator);
        terraform.init();
        JsonNode tfPlan = terraform.plan();
        List<String> changes = Terraform.changes(tfPlan);
        // Contents replaced in place (imported, then updated); the attachments imported as they are; nothing created or
        // destroyed.
        assertThat(changes)
                .contains(
                        "aws_organizations_policy.baseline: update",
                        "aws_organizations_policy.exception_sandbox-lex-optin: update")
                .noneMatch(c -> c.endsWith(": create") || c.contains("delete"));
        terraform
                .run("apply", "-auto-approve", "-input=false", "-no-color", "plan.tfplan")
                .ok();

        assertThat(ids(org.policies(PolicyType.AISERVICES_OPT_OUT_POLICY))).containsExactlyInAnyOrder(guide, lexIn);
        assertThat(ids(org.policiesFor(root, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly(guide);
        JsonNode rootDocument = JSON.readTree(org.content(guide));
        assertThat(rootDocument.at("/services/default/opt_out_policy/@@assign").asText())
                .isEqualTo("optOut");
        assertThat(rootDocument
                        .at("/services/@@operators_allowed_for_child_policies/0")
                        .asText())
                .isEqualTo("@@none");
        assertThat(rootDocument
                        .at("/services/default/opt_out_policy/@@operators_allowed_for_child_policies/0")
                        .asText())
                .isEqualTo("@@none");
        assertThat(ids(org.policiesFor(sandbox, PolicyType.AISERVICES_OPT_OUT_POLICY)))
                .containsExactly(lexIn);
        assertThat(JSON.readTree(org.content(lexIn))
                        .at("/services/lex/opt_out_policy/@@assign")
                        .asText())
                .isEqualTo("optIn");
        assertThat(org.policiesFor(chatbot, PolicyType.AISERVICES_OPT_OUT_POLICY))
                .isEmpty();
        assertThat(org.enabledPolicyTypes())
                .containsExactlyInAnyOrder("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY");
        assertThat(ids(org.policiesFor(workloads, PolicyType.SERVICE_CONTROL_POLICY)))
                .isEqualTo(scpsOnWorkloads)
                .contains(scp);
        assertThat(org.content(scp)).isEqualTo(SCP);
        assertThat(org.trustedServices()).containsExactly("cloudtrail.amazonaws.com");

        VerifyTest.Run verify = VerifyTest.verify(emulator.endpoint(), "--config", layout.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        // verify resolves an OU path from the organization it reads.
        Path byPath = dir.resolve("by-path.yaml");
        Files.writeString(byPath, written.replace(sandbox + "  # OU", "/Workloads/Sandbox  # OU"));
        VerifyTest.Run verifyByPath = VerifyTest.verify(emulator.endpoint(), "--config", byPath.toString());
        assertThat(verifyByPath.exit())
                .as(verifyByPath.out() + verifyByPath.err())
                .isZero();
        Files.writeString(byPath, written.replace(sandbox + "  # OU", "/Workloads/Sandbx  # OU"));
        VerifyTest.Run typo = VerifyTest.verify(emulator.endpoint(), "--config", byPath.toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err())
                .contains("OU path /Workloads/Sandbx is not in the organization (the live organization)")
                .contains("closest: /Workloads/Sandbox");
        assertThat(terraform.planDetailed().exit()).isZero();
    }

    /**
     * hashicorp/aws 5.100.0 rejects a policy type its SDK does not know, and the stack must not drop
     * one: the generated postcondition stops the plan first, naming the type and the version it
     * needs. snapshot and the organization file keep every type AWS lists, unknown ones included;
     * with that file the stack requires a provider that accepts the known newer type, and a type
     * ai-optout knows no version for needs provider.version.
     */
    @Test
    void policyTypesNewerThanThe5xProviderStopThePlanNamingTheVersionNeeded(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        org.enablePolicyType(PolicyType.AISERVICES_OPT_OUT_POLICY);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.rewriting(
                emulator.endpoint(), enabledTypes("SECURITYHUB_POLICY", "FUTURE_EXAMPLE_POLICY"))) {
            Path orgFile = dir.resolve("org.json");
            VerifyTest.Run snapshot =
                    cli("snapshot", "--endpoint-url", proxy.endpoint().toString(), "--output", orgFile.toString());
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            assertThat(JSON.readTree(orgFile.toFile())
                            .path("enabledPolicyTypes")
                            .toString())
                    .contains("SECURITYHUB_POLICY", "FUTURE_EXAMPLE_POLICY", "AISERVICES_OPT_OUT_POLICY");

            String layout = "version: 1\nlayout: multi-ou\norganization: {id: " + organizationId + "}\n";
            // Without the organization file the stack allows 5.23.1 and up: the plan stops on the newer types.
            assertThat(stoppedPlan(layout, emulator, proxy))
                    .contains("ai-optout: organization " + organizationId + " has policy types enabled")
                    .contains("FUTURE_EXAMPLE_POLICY (ai-optout knows no hashicorp/aws version that accepts it),"
                            + " SECURITYHUB_POLICY needs hashicorp/aws >= 6.22.0")
                    .doesNotContain("expected enabled_policy_types");

            // With it, a type ai-optout knows no provider version for stops synth, naming it and what to do.
            Path withOrg = dir.resolve("with-org");
            Files.createDirectories(withOrg);
            Path layoutFile = withOrg.resolve("ai-optout.yaml");
            Files.writeString(layoutFile, layout);
            String out = withOrg.resolve("cdktf.out").toString();
            VerifyTest.Run refused =
                    cli("synth", "--config", layoutFile.toString(), "--org", orgFile.toString(), "--out", out);
            assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err())
                    .contains("policy type FUTURE_EXAMPLE_POLICY is enabled in " + orgFile)
                    .contains("set provider.version in the layout")
                    .contains("nothing was written");
            assertThat(withOrg.resolve("cdktf.out")).doesNotExist();

            // The layout's provider.version vouches for it; the stack requires that version, which the 5.x mirror
            // cannot satisfy.
            Files.writeString(layoutFile, layout + "provider: {version: \">= 6.22.0, < 7.0.0\"}\n");
            VerifyTest.Run synth =
                    cli("synth", "--config", layoutFile.toString(), "--org", orgFile.toString(), "--out", out);
            assertThat(synth.exit()).as(synth.err()).isZero();
            assertThat(synth.err())
                    .contains("warning: provider.version: policy type FUTURE_EXAMPLE_POLICY is enabled")
                    .contains("relies on provider.version \">= 6.22.0, < 7.0.0\" accepting it");
            Terraform newer = new Terraform(withOrg.resolve("cdktf.out/stacks/ai-optout"), emulator);
            Terraform.Result init = newer.run("init", "-input=false", "-no-color");
            assertThat(init.exit()).isEqualTo(1);
            assertThat(init.output().replaceAll("\\s+", " ")).contains(">= 6.22.0, < 7.0.0");
        }
    }

    /**
     * GUARDDUTY_POLICY, which AWS lists and neither moto nor the AWS SDK served here knows
     * (UNKNOWN_TO_SDK_VERSION), nor any provider version this ai-optout knows: from a live answer
     * (moto's, with the type added by a proxy) and from an organization file, through snapshot,
     * plan and synth --org; and what Terraform with the 5.x mirror does with it.
     */
    @Test
    void guarddutyPolicyIsKeptAsWrittenAndNeedsProviderVersion(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        org.enablePolicyType(PolicyType.SERVICE_CONTROL_POLICY);
        org.enablePolicyType(PolicyType.AISERVICES_OPT_OUT_POLICY);
        org.createAccount(org.root().id(), "workload");
        String layout = "version: 1\nlayout: multi-ou\norganization: {id: " + organizationId + "}\n";
        Path layoutFile = dir.resolve("ai-optout.yaml");
        Files.writeString(layoutFile, layout);
        try (FaultInjectingProxy proxy =
                FaultInjectingProxy.rewriting(emulator.endpoint(), enabledTypes("GUARDDUTY_POLICY"))) {
            // Live: snapshot writes the type as AWS names it; verify reads it without failing.
            Path snapshotFile = dir.resolve("snapshot.json");
            VerifyTest.Run snapshot =
                    cli("snapshot", "--endpoint-url", proxy.endpoint().toString(), "--output", snapshotFile.toString());
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            List<String> types = new java.util.ArrayList<>();
            JSON.readTree(snapshotFile.toFile()).path("enabledPolicyTypes").forEach(t -> types.add(t.asText()));
            assertThat(types)
                    .containsExactlyInAnyOrder(
                            "SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY", "GUARDDUTY_POLICY");

            // From the snapshot, and from a file written by hand: plan judges the accounts as usual; synth --org
            // stops without provider.version and goes through with it.
            Path handWritten = dir.resolve("by-hand.json");
            ObjectNode edited = (ObjectNode) JSON.readTree(snapshotFile.toFile());
            edited.putArray("enabledPolicyTypes")
                    .add("GUARDDUTY_POLICY")
                    .add("AISERVICES_OPT_OUT_POLICY")
                    .add("SERVICE_CONTROL_POLICY");
            Files.writeString(handWritten, JSON.writeValueAsString(edited));
            for (Path orgFile : List.of(snapshotFile, handWritten)) {
                VerifyTest.Run plan = cli("plan", "--config", layoutFile.toString(), "--org", orgFile.toString());
                assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
                Path out = dir.resolve("out-" + orgFile.getFileName());
                VerifyTest.Run refused = cli(
                        "synth",
                        "--config",
                        layoutFile.toString(),
                        "--org",
                        orgFile.toString(),
                        "--out",
                        out.toString());
                assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
                assertThat(refused.err())
                        .contains(orgFile + ": error: /enabledPolicyTypes/")
                        .contains(
                                "policy type GUARDDUTY_POLICY is enabled in " + orgFile
                                        + ": AWS lists it, but no hashicorp/aws release is known to this ai-optout to accept it")
                        .contains("no 5.x accepts it (5.100.0, the last, does not)")
                        .contains("set provider.version in the layout");
                VerifyTest.Run validate =
                        cli("validate", "--config", layoutFile.toString(), "--org", orgFile.toString());
                assertThat(validate.exit())
                        .as("validate runs every check synth runs")
                        .isEqualTo(2);
            }

            Path vouched = dir.resolve("vouched.yaml");
            Files.writeString(vouched, layout + "provider:\n  version: \"~> 6.40\"\n");
            Path out = dir.resolve("vouched-out");
            VerifyTest.Run synth = cli(
                    "synth", "--config", vouched.toString(), "--org", snapshotFile.toString(), "--out", out.toString());
            assertThat(synth.exit()).as(synth.err()).isZero();
            JsonNode stack =
                    JSON.readTree(out.resolve("stacks/ai-optout/cdk.tf.json").toFile());
            assertThat(stack.at("/terraform/required_providers/aws/version").asText())
                    .isEqualTo("~> 6.40");
            assertThat(stack.at("/data/aws_organizations_organization/existing/lifecycle/postcondition/2/condition")
                            .asText())
                    .contains("\"GUARDDUTY_POLICY\"");
            // The organization's types are read at plan time and carried over, the AI type added: none dropped.
            assertThat(stack.at("/resource/aws_organizations_organization/organization/enabled_policy_types")
                            .asText())
                    .isEqualTo("${setunion(tolist(data.aws_organizations_organization.existing.enabled_policy_types),"
                            + " [\"AISERVICES_OPT_OUT_POLICY\"])}");

            // Terraform with the 5.x mirror. The stack made without --org allows 5.23.1 and up: its postcondition stops
            // the plan before the provider sees the type, naming it.
            assertThat(stoppedPlan(layout, emulator, proxy))
                    .contains("GUARDDUTY_POLICY (ai-optout knows no hashicorp/aws version that accepts it)")
                    .doesNotContain("expected enabled_policy_types");
            // The stack with provider.version asks for a version the mirror does not have: init says so.
            Terraform.Result init =
                    new Terraform(out.resolve("stacks/ai-optout"), emulator).run("init", "-input=false", "-no-color");
            assertThat(init.exit()).isEqualTo(1);
            assertThat(init.output().replaceAll("\\s+", " ")).contains("~> 6.40");
        }
        // And 5.100.0 itself, given the type directly: its own validation refuses it (the fact the messages rest on).
        Path direct = Files.createDirectories(dir.resolve("direct"));
        Files.writeString(direct.resolve("main.tf"), """
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws", version = "5.100.0" }
                  }
                }
                resource "aws_organizations_organization" "organization" {
                  feature_set          = "ALL"
                  enabled_policy_types = ["SERVICE_CONTROL_POLICY", "GUARDDUTY_POLICY"]
                }
                """);
        Terraform provider = new Terraform(direct, emulator);
        provider.init();
        Terraform.Result validate = provider.run("validate", "-no-color");
        String said = validate.output().replaceAll("\\s+", " ");
        assertThat(validate.exit()).as(said).isEqualTo(1);
        assertThat(said)
                .contains("expected enabled_policy_types to be one of [\"SERVICE_CONTROL_POLICY\"")
                .contains("\"DECLARATIVE_POLICY_EC2\"], got GUARDDUTY_POLICY");
    }

    /**
     * Synthesizes the layout without an organization file and plans it with the 5.x mirror against
     * the proxy's answers: the plan must stop. Returns what Terraform said, on one line.
     */
    private String stoppedPlan(String layout, Emulator emulator, FaultInjectingProxy proxy) throws Exception {
        Path stack = E2e.synth(dir.resolve("plain"), layout);
        Terraform terraform = new Terraform(stack, emulator)
                .env("AWS_ENDPOINT_URL_ORGANIZATIONS", proxy.endpoint().toString());
        terraform.init();
        Terraform.Result plan = terraform.run("plan", "-input=false", "-no-color");
        String said = plan.output().replaceAll("\\s+", " ");
        assertThat(plan.exit()).as(said).isEqualTo(1);
        return said;
    }

    /**
     * Adds the policy types to the root's, as ListRoots answers for an organization that has them
     * enabled, and to DescribeOrganization's deprecated AvailablePolicyTypes, as AWS still fills it.
     */
    private static BinaryOperator<String> enabledTypes(String... types) {
        return (operation, body) -> {
            try {
                JsonNode answer = JSON.readTree(body);
                List<ArrayNode> lists = new java.util.ArrayList<>();
                if (operation.equals("ListRoots")) {
                    answer.path("Roots").forEach(root -> lists.add((ArrayNode) root.path("PolicyTypes")));
                } else if (operation.equals("DescribeOrganization")
                        && answer.path("Organization")
                                .path("AvailablePolicyTypes")
                                .isArray()) {
                    lists.add((ArrayNode) answer.path("Organization").path("AvailablePolicyTypes"));
                } else {
                    return body;
                }
                for (ArrayNode list : lists) {
                    for (String type : types) {
                        ObjectNode entry = list.addObject();
                        entry.put("Type", type);
                        entry.put("Status", "ENABLED");
                    }
                }
                return JSON.writeValueAsString(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static List<String> ids(List<PolicySummary> policies) {
        return policies.stream().map(PolicySummary::id).toList();
    }
}
