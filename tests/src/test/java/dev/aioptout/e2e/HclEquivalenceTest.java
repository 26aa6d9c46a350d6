package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * For each example layout, the JSON and the HCL that {@code synth --format both} writes plan the
 * same changes against the same emulator state: {@code terraform show -json} of both saved plans
 * has the same resource changes (address, actions, the values after, which of them are unknown,
 * imports) and the same output changes, and every policy's content is the same bytes, which are
 * the bytes of the JSON stack and of {@code ai-optout policy}. The examples' ids cannot exist in
 * the emulator, so each layout is the example file with its ids replaced by ones created there.
 */
@ExtendWith(MotoExtension.class)
class HclEquivalenceTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @TempDir
    Path dir;

    @Test
    void singleAccountCreatesTheSameOrganizationAndPolicy(Emulator emulator) throws Exception {
        // Create mode: nothing exists yet.
        JsonNode plan = sameChanges(emulator, "single-account", Map.of());
        assertThat(Terraform.changes(plan))
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization.organization: create",
                        "aws_organizations_policy.baseline: create",
                        "aws_organizations_policy_attachment.baseline_root: create");
    }

    @Test
    void multiOuAdoptsTheSameOrganizationAndPlansTheSamePolicy(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        org.enableTrustedAccess("cloudtrail.amazonaws.com");
        JsonNode plan = sameChanges(emulator, "multi-ou", Map.of("o-exampleorgid", organizationId));
        assertThat(Terraform.changes(plan))
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization.organization: update",
                        "aws_organizations_policy.baseline: create",
                        "aws_organizations_policy_attachment.baseline_root: create");
        assertThat(plan.toString()).contains("\"importing\"");
    }

    @Test
    void multiOuExceptionsPlansTheSameExceptionsAndAttachments(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        String root = org.root().id();
        String sandbox = org.createOu(root, "Sandbox");
        String chatbot = org.createAccount(root, "chatbot");
        String speech = org.createAccount(org.createOu(root, "Research"), "speech");
        JsonNode plan = sameChanges(
                emulator,
                "multi-ou-exceptions",
                Map.of(
                        "o-exampleorgid",
                        organizationId,
                        "ou-ab12-34567890",
                        sandbox,
                        "111122223333",
                        chatbot,
                        "444455556666",
                        speech));
        assertThat(Terraform.changes(plan))
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization.organization: update",
                        "aws_organizations_policy.baseline: create",
                        "aws_organizations_policy.exception_sandbox-lex: create",
                        "aws_organizations_policy.exception_transcribe-research: create",
                        "aws_organizations_policy_attachment.baseline_root: create",
                        "aws_organizations_policy_attachment.exception_sandbox-lex_" + sandbox + ": create",
                        "aws_organizations_policy_attachment.exception_sandbox-lex_" + chatbot + ": create",
                        "aws_organizations_policy_attachment.exception_transcribe-research_" + speech + ": create");
    }

    @Test
    void tamperAlertsPlanTheSameRuleTopicPolicyTargetsAndSubscriptions(Emulator emulator) throws Exception {
        String account;
        try (AlertClients aws = new AlertClients(emulator)) {
            account = aws.sns(Region.US_EAST_1)
                    .createTopic(r -> r.name("security-alerts"))
                    .topicArn()
                    .split(":")[4];
        }
        JsonNode plan = sameChanges(emulator, "tamper-alerts", Map.of("111122223333", account));
        assertThat(Terraform.changes(plan))
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization.organization: create",
                        "aws_organizations_policy.baseline: create",
                        "aws_organizations_policy_attachment.baseline_root: create",
                        "aws_cloudwatch_event_rule.tamper_alerts: create",
                        "aws_sns_topic.tamper_alerts: create",
                        "aws_sns_topic_policy.tamper_alerts: create",
                        "aws_cloudwatch_event_target.tamper_alerts_created_topic: create",
                        "aws_cloudwatch_event_target.tamper_alerts_given_topic: create",
                        "aws_sns_topic_subscription.tamper_alerts_email[\"cloud-platform@example.com\"]: create",
                        "aws_sns_topic_subscription.tamper_alerts_email[\"security@example.com\"]: create",
                        "aws_sns_topic_subscription.tamper_alerts_https[\"https://hooks.example.com/ai-optout?source=aws\"]: create");
    }

    @Test
    void textThatNeedsEscapingAndCommentLikeOrWideKeysPlanTheSame(Emulator emulator) throws Exception {
        Organizations org = new Organizations(emulator);
        String organizationId = org.create(OrganizationFeatureSet.ALL);
        String root = org.root().id();
        String ou = org.createOu(root, "Workloads");
        String account = org.createAccount(ou, "research");
        JsonNode plan = sameChanges(emulator, """
                version: 1
                layout: multi-ou
                organization: {mode: adopt, id: %s}
                policy:
                  name: edge-policy
                  description: "Opt out: \\"quoted\\", back\\\\slash, é 日本 😀 & 100%%\\nline two\\ttab"
                  default: optOut
                  lock: default
                  services: {rekognition: optIn, lex: optOut}
                  tags:
                    "//": a key that is a comment only in a body
                    "ai-optout:owner": security team@example.com
                    "セキュリティ": "Sécurité 日本 = 42"
                attach: [root, %s]
                exceptions:
                  - name: quoted-reason
                    targets: ["%s"]
                    services: {transcribe: optIn}
                    reason: 'Reason with "quotes", a back\\slash and é'
                """.formatted(organizationId, ou, account));
        JsonNode baseline = null;
        for (JsonNode change : plan.path("resource_changes")) {
            if (change.path("address").asText().equals("aws_organizations_policy.baseline")) {
                baseline = change.at("/change/after");
            }
        }
        assertThat(baseline).isNotNull();
        assertThat(baseline.at("/tags/~1~1").asText()).isEqualTo("a key that is a comment only in a body");
        assertThat(baseline.at("/tags/ai-optout:owner").asText()).isEqualTo("security team@example.com");
        assertThat(baseline.at("/tags/セキュリティ").asText()).isEqualTo("Sécurité 日本 = 42");
        assertThat(baseline.path("description").asText())
                .isEqualTo("Opt out: \"quoted\", back\\slash, é 日本 😀 & 100%\nline two\ttab");
    }

    /**
     * Synthesises the example (ids replaced) in both formats, plans each folder, checks that the
     * plans agree and the policy documents are byte-identical, and returns the HCL plan.
     */
    private JsonNode sameChanges(Emulator emulator, String example, Map<String, String> ids) throws Exception {
        String layout =
                Files.readString(E2e.root().resolve("examples").resolve(example).resolve("ai-optout.yaml"));
        for (Map.Entry<String, String> id : ids.entrySet()) {
            assertThat(layout).contains(id.getKey());
            layout = layout.replace(id.getKey(), id.getValue());
        }
        return sameChanges(emulator, layout);
    }

    private JsonNode sameChanges(Emulator emulator, String layout) throws Exception {
        Path config = dir.resolve("ai-optout.yaml");
        Files.writeString(config, layout);
        Path out = dir.resolve("cdktf.out");
        String err = cli("synth", "--format", "both", "--config", config.toString(), "--out", out.toString())
                .err();
        Path jsonStack = out.resolve("stacks/ai-optout");
        Path hclStack = out.resolve("hcl/ai-optout");
        assertThat(jsonStack.resolve("cdk.tf.json")).as(err).exists();
        assertThat(hclStack.resolve("main.tf")).as(err).exists();

        Terraform json = new Terraform(jsonStack, emulator);
        json.init();
        JsonNode jsonPlan = json.plan();
        Terraform hcl = new Terraform(hclStack, emulator);
        hcl.init();
        Terraform.Result fmt = hcl.run("fmt", "-check", "-list=true", "-no-color");
        assertThat(fmt.exit()).as(fmt.output()).isEqualTo(0);
        assertThat(fmt.output()).isBlank();
        JsonNode hclPlan = hcl.plan();

        assertThat(JSON.writeValueAsString(resourceChanges(hclPlan)))
                .as("resource changes, HCL against JSON")
                .isEqualTo(JSON.writeValueAsString(resourceChanges(jsonPlan)));
        assertThat(JSON.writeValueAsString(hclPlan.path("output_changes")))
                .as("output changes")
                .isEqualTo(JSON.writeValueAsString(jsonPlan.path("output_changes")));
        assertThat(resourceChanges(jsonPlan)).isNotEmpty();

        // Policy content, byte for byte: both plans, the JSON stack's string, and for the baseline `ai-optout policy`.
        JsonNode stack = JSON.readTree(jsonStack.resolve("cdk.tf.json").toFile());
        int policies = 0;
        for (JsonNode change : hclPlan.path("resource_changes")) {
            if (!change.path("type").asText().equals("aws_organizations_policy")) {
                continue;
            }
            policies++;
            String name = change.path("name").asText();
            String hclContent = change.at("/change/after/content").textValue();
            assertThat(hclContent).as(name).isNotNull();
            assertThat(hclContent).as(name + ": HCL plan against JSON plan").isEqualTo(contentOf(jsonPlan, name));
            assertThat(hclContent)
                    .as(name + ": HCL plan against cdk.tf.json")
                    .isEqualTo(stack.at("/resource/aws_organizations_policy/" + name + "/content")
                            .textValue());
        }
        assertThat(policies)
                .isEqualTo(stack.at("/resource/aws_organizations_policy").size());
        String policyCommand = cli("policy", "--config", config.toString()).out();
        assertThat(contentOf(hclPlan, "baseline"))
                .as("baseline against ai-optout policy")
                .isEqualTo(policyCommand.strip());
        return hclPlan;
    }

    /** The comparable part of each resource change, sorted by address. */
    private static List<JsonNode> resourceChanges(JsonNode plan) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode change : plan.path("resource_changes")) {
            ObjectNode c = JSON.createObjectNode();
            c.put("address", change.path("address").asText());
            c.put("mode", change.path("mode").asText());
            c.put("type", change.path("type").asText());
            c.set("actions", change.at("/change/actions"));
            c.set("after", change.at("/change/after"));
            c.set("after_unknown", change.at("/change/after_unknown"));
            c.set("importing", change.at("/change/importing"));
            out.add(c);
        }
        out.sort(Comparator.comparing(c -> c.path("address").asText()));
        return out;
    }

    private static String contentOf(JsonNode plan, String policy) {
        for (JsonNode change : plan.path("resource_changes")) {
            if (change.path("address").asText().equals("aws_organizations_policy." + policy)) {
                return change.at("/change/after/content").textValue();
            }
        }
        throw new AssertionError("no aws_organizations_policy." + policy + " in the plan");
    }

    record Cli(String out, String err) {}

    /** Runs the command line in-process, which must succeed. */
    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isEqualTo(0);
        return new Cli(out.toString(), err.toString());
    }
}
