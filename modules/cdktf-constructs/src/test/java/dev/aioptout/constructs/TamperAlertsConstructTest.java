package dev.aioptout.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.Planner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alerting resources in the synthesised Terraform JSON, attribute by attribute. */
class TamperAlertsConstructTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "aws_cloudwatch_event_rule.tamper_alerts";
    private static final String TOPIC = "aws_sns_topic.tamper_alerts";
    private static final String GIVEN = "arn:aws:sns:us-east-1:111122223333:soc-alerts";

    private static JsonNode synth(String yaml) throws Exception {
        LayoutFile.Loaded loaded =
                LayoutFile.parse("test.yaml", yaml, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
        assertThat(loaded.problems()).filteredOn(p -> p.isError()).isEmpty();
        App app = Testing.app();
        return JSON.readTree(Testing.synth(new AiOptOutStack(app, Planner.plan(loaded.layout()))));
    }

    @Test
    void withoutAnAlertsSectionThereIsNoAlertingResource() throws Exception {
        JsonNode tf = synth("version: 1\n");
        assertThat(names(tf.path("resource")))
                .containsExactlyInAnyOrder(
                        "aws_organizations_organization",
                        "aws_organizations_policy",
                        "aws_organizations_policy_attachment");
        assertThat(tf.path("provider").path("aws")).hasSize(1);
        assertThat(names(tf.path("output"))).containsExactlyInAnyOrder("organization_id", "root_id");
    }

    @Test
    void inUsEast1TheRuleTopicPolicyTargetsAndSubscriptionsUseTheStacksProvider() throws Exception {
        JsonNode tf = synth("""
                version: 1
                stack: {name: corp}
                alerts:
                  email: [security@example.com, soc@example.com]
                  https: ["https://hooks.example.com/ai-optout?team=sec"]
                  sns_topic_arn: %s
                """.formatted(GIVEN));
        JsonNode resources = tf.path("resource");
        assertThat(tf.path("provider").path("aws")).hasSize(1);

        JsonNode rule = resources.at("/aws_cloudwatch_event_rule/tamper_alerts");
        assertThat(attributes(rule)).containsExactly("description", "event_pattern", "name");
        assertThat(rule.path("name").asText()).isEqualTo("corp-tamper-alerts");
        assertThat(rule.path("description").asText()).isEqualTo(AlertPlan.DESCRIPTION);
        // The pattern is AlertPlan's (tested field by field there), as a JSON string.
        assertThat(rule.path("event_pattern").asText()).isEqualTo(AlertPlan.eventPattern());

        JsonNode topic = resources.at("/aws_sns_topic/tamper_alerts");
        assertThat(attributes(topic)).containsExactly("name");
        assertThat(topic.path("name").asText()).isEqualTo("corp-tamper-alerts");

        JsonNode policy = resources.at("/aws_sns_topic_policy/tamper_alerts");
        assertThat(attributes(policy)).containsExactly("arn", "policy");
        assertThat(policy.path("arn").asText()).isEqualTo("${" + TOPIC + ".arn}");
        JsonNode statement = JSON.readTree(policy.path("policy").asText()).at("/Statement/0");
        assertThat(statement.path("Resource").asText()).isEqualTo("${" + TOPIC + ".arn}");
        assertThat(statement.at("/Condition/ArnEquals/aws:SourceArn").asText()).isEqualTo("${" + RULE + ".arn}");
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(statement.path("Action").asText()).isEqualTo("sns:Publish");

        JsonNode targets = resources.path("aws_cloudwatch_event_target");
        assertThat(names(targets))
                .containsExactlyInAnyOrder("tamper_alerts_created_topic", "tamper_alerts_given_topic");
        JsonNode created = targets.path("tamper_alerts_created_topic");
        assertThat(attributes(created)).containsExactly("arn", "rule", "target_id");
        assertThat(created.path("arn").asText()).isEqualTo("${" + TOPIC + ".arn}");
        assertThat(created.path("rule").asText()).isEqualTo("${" + RULE + ".name}");
        assertThat(created.path("target_id").asText()).isEqualTo("created-topic");
        JsonNode given = targets.path("tamper_alerts_given_topic");
        assertThat(given.path("arn").asText()).isEqualTo(GIVEN);
        assertThat(given.path("rule").asText()).isEqualTo("${" + RULE + ".name}");
        assertThat(given.path("target_id").asText()).isEqualTo("given-topic");

        JsonNode subscriptions = resources.path("aws_sns_topic_subscription");
        assertThat(names(subscriptions)).containsExactlyInAnyOrder("tamper_alerts_email", "tamper_alerts_https");
        JsonNode email = subscriptions.path("tamper_alerts_email");
        assertThat(attributes(email)).containsExactly("endpoint", "for_each", "protocol", "topic_arn");
        assertThat(email.path("protocol").asText()).isEqualTo("email");
        assertThat(email.path("endpoint").asText()).isEqualTo("${each.value}");
        assertThat(email.path("topic_arn").asText()).isEqualTo("${" + TOPIC + ".arn}");
        assertThat(email.path("for_each").toString())
                .isEqualTo(
                        "{\"security@example.com\":\"security@example.com\",\"soc@example.com\":\"soc@example.com\"}");
        JsonNode https = subscriptions.path("tamper_alerts_https");
        assertThat(https.path("protocol").asText()).isEqualTo("https");
        assertThat(https.path("for_each").toString())
                .isEqualTo(
                        "{\"https://hooks.example.com/ai-optout?team=sec\":\"https://hooks.example.com/ai-optout?team=sec\"}");

        assertThat(tf.at("/output/tamper_alerts_rule_arn/value").asText()).isEqualTo("${" + RULE + ".arn}");
        assertThat(tf.at("/output/tamper_alerts_topic_arn/value").asText()).isEqualTo("${" + TOPIC + ".arn}");
        for (JsonNode type : resources) {
            for (JsonNode resource : type) {
                assertThat(resource.has("provider")).isFalse();
            }
        }
    }

    @Test
    void inAnotherRegionTheAlertsUseAnAliasedUsEast1Provider() throws Exception {
        JsonNode tf = synth("""
                version: 1
                provider: {region: eu-west-1}
                alerts:
                  email: [security@example.com]
                """);
        JsonNode providers = tf.path("provider").path("aws");
        assertThat(providers).hasSize(2);
        assertThat(providers.get(0).toString()).isEqualTo("{\"region\":\"eu-west-1\"}");
        assertThat(providers.get(1).toString()).isEqualTo("{\"alias\":\"us_east_1\",\"region\":\"us-east-1\"}");
        List<String> alerting = List.of(
                "/aws_cloudwatch_event_rule/tamper_alerts",
                "/aws_sns_topic/tamper_alerts",
                "/aws_sns_topic_policy/tamper_alerts",
                "/aws_cloudwatch_event_target/tamper_alerts_created_topic",
                "/aws_sns_topic_subscription/tamper_alerts_email");
        for (String pointer : alerting) {
            assertThat(tf.path("resource").at(pointer).path("provider").asText())
                    .as(pointer)
                    .isEqualTo("aws.us_east_1");
        }
        assertThat(tf.at("/resource/aws_organizations_policy/baseline").has("provider"))
                .isFalse();
        assertThat(tf.at("/resource/aws_cloudwatch_event_rule/tamper_alerts/name")
                        .asText())
                .isEqualTo("ai-optout-tamper-alerts");
    }

    @Test
    void aGivenTopicAloneIsOnlyATarget() throws Exception {
        JsonNode tf = synth("version: 1\nalerts: {sns_topic_arn: " + GIVEN + "}\n");
        JsonNode resources = tf.path("resource");
        assertThat(resources.has("aws_sns_topic")).isFalse();
        assertThat(resources.has("aws_sns_topic_policy")).isFalse();
        assertThat(resources.has("aws_sns_topic_subscription")).isFalse();
        assertThat(names(resources.path("aws_cloudwatch_event_target"))).containsExactly("tamper_alerts_given_topic");
        assertThat(tf.path("output").has("tamper_alerts_topic_arn")).isFalse();
        assertThat(tf.path("output").has("tamper_alerts_rule_arn")).isTrue();
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A resource's attributes, CDKTF's "//" metadata left out, sorted. */
    private static List<String> attributes(JsonNode resource) {
        return names(resource).stream().filter(n -> !n.equals("//")).sorted().toList();
    }
}
