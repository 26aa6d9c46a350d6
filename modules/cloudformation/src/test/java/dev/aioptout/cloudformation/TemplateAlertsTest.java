package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PolicyPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tamper alerts of the template are those of the Terraform stack (its golden file): the same
 * rule name, event pattern, topic, topic policy (references aside), targets and subscriptions;
 * the template refuses to deploy outside us-east-1, and outside the given topic's account.
 */
class TemplateAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode template(PolicyPlan plan) throws IOException {
        return JSON.readTree(CloudFormationTemplate.render(plan));
    }

    @Test
    void theExamplesAlertsAreTheTerraformStacksAlerts() throws IOException {
        PolicyPlan plan = Layouts.plan("tamper-alerts");
        JsonNode template = template(plan);
        JsonNode stack = JSON.readTree(Layouts.example("tamper-alerts")
                .resolve("expected/stacks/ai-optout/cdk.tf.json")
                .toFile());
        JsonNode resources = template.path("Resources");

        JsonNode rule = resources.path(TemplateAlerts.RULE);
        JsonNode tfRule = stack.at("/resource/aws_cloudwatch_event_rule/tamper_alerts");
        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Events::Rule");
        assertThat(rule.at("/Properties/Name").asText())
                .isEqualTo(tfRule.path("name").asText())
                .isEqualTo("ai-optout-tamper-alerts");
        assertThat(rule.at("/Properties/Description").asText())
                .isEqualTo(tfRule.path("description").asText());
        assertThat(rule.at("/Properties/EventPattern"))
                .isEqualTo(JSON.readTree(tfRule.path("event_pattern").asText()));
        assertThat(rule.at("/Properties/EventPattern")).isEqualTo(JSON.readTree(AlertPlan.eventPattern()));
        assertThat(rule.at("/Properties/State").asText()).isEqualTo("ENABLED");
        assertThat(rule.at("/Properties/Targets").toString())
                .isEqualTo("[{\"Id\":\"created-topic\",\"Arn\":{\"Ref\":\"TamperAlertsTopic\"}},"
                        + "{\"Id\":\"given-topic\",\"Arn\":\"arn:aws:sns:us-east-1:111122223333:security-alerts\"}]");
        Map<String, String> tfTargets = new TreeMap<>();
        stack.at("/resource/aws_cloudwatch_event_target")
                .forEach(t -> tfTargets.put(
                        t.path("target_id").asText(), t.path("arn").asText()));
        assertThat(tfTargets)
                .containsOnly(
                        Map.entry("created-topic", "${aws_sns_topic.tamper_alerts.arn}"),
                        Map.entry("given-topic", "arn:aws:sns:us-east-1:111122223333:security-alerts"));

        assertThat(resources
                        .at("/" + TemplateAlerts.TOPIC + "/Properties/TopicName")
                        .asText())
                .isEqualTo(
                        stack.at("/resource/aws_sns_topic/tamper_alerts/name").asText());
        JsonNode policy = resources.path(TemplateAlerts.TOPIC_POLICY);
        assertThat(policy.at("/Properties/Topics").toString()).isEqualTo("[{\"Ref\":\"TamperAlertsTopic\"}]");
        // The same document once each output's references are named alike.
        String cfnPolicy = policy.at("/Properties/PolicyDocument")
                .toString()
                .replace("{\"Ref\":\"TamperAlertsTopic\"}", "\"TOPIC\"")
                .replace("{\"Fn::GetAtt\":[\"TamperAlertsRule\",\"Arn\"]}", "\"RULE\"");
        String tfPolicy = stack.at("/resource/aws_sns_topic_policy/tamper_alerts/policy")
                .asText()
                .replace("${aws_sns_topic.tamper_alerts.arn}", "TOPIC")
                .replace("${aws_cloudwatch_event_rule.tamper_alerts.arn}", "RULE");
        assertThat(JSON.readTree(cfnPolicy)).isEqualTo(JSON.readTree(tfPolicy));

        assertThat(subscriptions(resources)).containsExactlyInAnyOrderElementsOf(terraformSubscriptions(stack));
        assertThat(template.at("/Outputs/TamperAlertsRuleArn/Value").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"TamperAlertsRule\",\"Arn\"]}");
        assertThat(template.at("/Outputs/TamperAlertsTopicArn/Value").toString())
                .isEqualTo("{\"Ref\":\"TamperAlertsTopic\"}");
    }

    @Test
    void theTemplateDeploysOnlyInUsEast1AndInTheGivenTopicsAccount() throws IOException {
        JsonNode rules = template(Layouts.plan("tamper-alerts")).path("Rules");
        assertThat(rules.at("/TamperAlertsInUsEast1/Assertions/0/Assert").toString())
                .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"AWS::Region\"},\"us-east-1\"]}");
        assertThat(rules.at("/TamperAlertsTopicInThisAccount/Assertions/0/Assert")
                        .toString())
                .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"AWS::AccountId\"},\"111122223333\"]}");
        assertThat(template(Layouts.plan("tamper-alerts")).path("Description").asText())
                .contains("Tamper alerts: deploy in us-east-1");
    }

    @Test
    void withoutAlertsThereIsNoRuleAndWithoutSubscriptionsNoTopic() throws IOException {
        JsonNode none = template(Layouts.plan("single-account"));
        assertThat(none.has("Rules")).isFalse();
        assertThat(none.path("Resources").has(TemplateAlerts.RULE)).isFalse();
        assertThat(none.path("Description").asText()).doesNotContain("Tamper");

        JsonNode given = template(Layouts.parse(
                "given.yaml", "version: 1\nalerts: {sns_topic_arn: arn:aws:sns:us-east-1:111122223333:soc}\n"));
        List<String> ids = new ArrayList<>();
        given.path("Resources").fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactly("Baseline", TemplateAlerts.RULE);
        assertThat(given.at("/Resources/" + TemplateAlerts.RULE + "/Properties/Targets")
                        .toString())
                .isEqualTo("[{\"Id\":\"given-topic\",\"Arn\":\"arn:aws:sns:us-east-1:111122223333:soc\"}]");
        assertThat(given.path("Outputs").has("TamperAlertsTopicArn")).isFalse();
    }

    @Test
    void aSubscriptionsLogicalIdDependsOnItsEndpointOnly() throws IOException {
        JsonNode one = template(Layouts.parse("a.yaml", "version: 1\nalerts: {email: [b@example.com]}\n"));
        JsonNode two =
                template(Layouts.parse("b.yaml", "version: 1\nalerts: {email: [a@example.com, b@example.com]}\n"));
        String id = TemplateAlerts.EMAIL + LogicalIds.digest("b@example.com").substring(0, 8);
        assertThat(id).matches("TamperAlertsEmail[0-9A-F]{8}");
        assertThat(one.path("Resources").has(id)).isTrue();
        assertThat(two.path("Resources").path(id))
                .isEqualTo(one.path("Resources").path(id));
    }

    /**
     * a52783@example.com and a61965@example.com: SHA-256 digests that share the first 8 hex digits
     * gave both subscriptions one logical id. Each gets its own now, and every other endpoint
     * keeps the id it had.
     */
    @Test
    void endpointsWhoseDigestsBeginAlikeEachGetTheirOwnSubscription() throws IOException {
        PolicyPlan plan = Layouts.parse(
                "alike.yaml", "version: 1\nalerts: {email: [a52783@example.com, b@example.com, a61965@example.com]}\n");
        assertThat(CloudFormationTemplate.check(plan)).isEmpty();
        JsonNode resources = template(plan).path("Resources");
        assertThat(resources
                        .at("/TamperAlertsEmailE41683A7F/Properties/Endpoint")
                        .asText())
                .isEqualTo("a52783@example.com");
        assertThat(resources
                        .at("/TamperAlertsEmailE41683A79/Properties/Endpoint")
                        .asText())
                .isEqualTo("a61965@example.com");
        String other = TemplateAlerts.EMAIL + LogicalIds.digest("b@example.com").substring(0, 8);
        assertThat(resources.at("/" + other + "/Properties/Endpoint").asText()).isEqualTo("b@example.com");
        assertThat(subscriptions(resources))
                .containsExactlyInAnyOrder(
                        "email a52783@example.com", "email b@example.com", "email a61965@example.com");
    }

    /** "protocol endpoint" of each AWS::SNS::Subscription. */
    private static List<String> subscriptions(JsonNode resources) {
        List<String> out = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals("AWS::SNS::Subscription")) {
                assertThat(r.at("/Properties/TopicArn").toString()).isEqualTo("{\"Ref\":\"TamperAlertsTopic\"}");
                out.add(r.at("/Properties/Protocol").asText() + " "
                        + r.at("/Properties/Endpoint").asText());
            }
        });
        return out;
    }

    private static List<String> terraformSubscriptions(JsonNode stack) {
        List<String> out = new ArrayList<>();
        stack.at("/resource/aws_sns_topic_subscription")
                .forEach(s -> s.path("for_each")
                        .fieldNames()
                        .forEachRemaining(e -> out.add(s.path("protocol").asText() + " " + e)));
        return out;
    }
}
