package dev.aioptout.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.names.Output;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.policy.CanonicalJson;
import java.util.List;
import java.util.Map;

/**
 * The tamper alerts in CloudFormation: the same rule, topic, topic policy and subscriptions as the
 * Terraform stack. A template deploys in one region: a rule (Rules section) refuses to deploy
 * anywhere but us-east-1, where Organizations delivers its events, and, with a given topic, in any
 * account but the topic's.
 */
final class TemplateAlerts {

    static final String RULE = "TamperAlertsRule";
    static final String TOPIC = "TamperAlertsTopic";
    static final String TOPIC_POLICY = "TamperAlertsTopicPolicy";
    /**
     * Followed by the first 8 hex digits of the endpoint's SHA-256 (more when another endpoint's
     * begin alike: {@link LogicalIds#fromDigests}): stable while the endpoint is listed.
     */
    static final String EMAIL = "TamperAlertsEmail";

    static final String HTTPS = "TamperAlertsHttps";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateAlerts() {}

    static void add(ObjectNode template, AlertPlan alerts) {
        ObjectNode rules = template.putObject("Rules");
        assertion(
                rules.putObject("TamperAlertsInUsEast1"),
                "AWS::Region",
                AlertPlan.REGION,
                "AWS Organizations delivers its events to EventBridge in " + AlertPlan.REGION
                        + " only: deploy this stack there.");
        if (alerts.givenTopicArn() != null) {
            String account = alerts.givenTopicAccount();
            assertion(
                    rules.putObject("TamperAlertsTopicInThisAccount"),
                    "AWS::AccountId",
                    account,
                    "The alert topic " + alerts.givenTopicArn() + " is in account " + account
                            + ": EventBridge publishes to another account's topic only with an execution role, which"
                            + " this template does not create. Deploy in that account or name a topic of this one.");
        }
    }

    /** The alerting resources, in the order they are written. */
    static void resources(ObjectNode resources, AlertPlan alerts) {
        ObjectNode rule = resource(resources, RULE, "AWS::Events::Rule");
        rule.put("Name", alerts.name());
        rule.put("Description", AlertPlan.DESCRIPTION);
        rule.set("EventPattern", sorted(AlertPlan.eventPatternDocument()));
        rule.put("State", "ENABLED");
        ArrayNode targets = rule.putArray("Targets");
        if (alerts.createsTopic()) {
            ObjectNode created = targets.addObject();
            created.put("Id", AlertPlan.CREATED_TOPIC_TARGET);
            created.set("Arn", ref(TOPIC));

            resource(resources, TOPIC, "AWS::SNS::Topic").put("TopicName", alerts.name());
            ObjectNode policy = resource(resources, TOPIC_POLICY, "AWS::SNS::TopicPolicy");
            policy.putArray("Topics").add(ref(TOPIC));
            policy.set(
                    "PolicyDocument",
                    sorted(AlertPlan.topicPolicyDocument(ref(TOPIC), Map.of("Fn::GetAtt", List.of(RULE, "Arn")))));
            subscriptions(resources, EMAIL, "email", alerts.emails());
            subscriptions(resources, HTTPS, "https", alerts.httpsUrls());
        }
        if (alerts.givenTopicArn() != null) {
            ObjectNode given = targets.addObject();
            given.put("Id", AlertPlan.GIVEN_TOPIC_TARGET);
            given.put("Arn", alerts.givenTopicArn());
        }
    }

    static void outputs(ObjectNode outputs, AlertPlan alerts) {
        ObjectNode rule = outputs.putObject(Output.ALERTS_RULE_ARN.cloudFormationName());
        rule.put("Description", Output.ALERTS_RULE_ARN.description());
        rule.putObject("Value").set("Fn::GetAtt", JSON.valueToTree(List.of(RULE, "Arn")));
        if (alerts.createsTopic()) {
            ObjectNode topic = outputs.putObject(Output.ALERTS_TOPIC_ARN.cloudFormationName());
            topic.put("Description", Output.ALERTS_TOPIC_ARN.description());
            topic.set("Value", ref(TOPIC));
        }
    }

    /**
     * One resource per endpoint, its logical id from the endpoint's digest, so that adding or removing
     * one leaves the others' ids as they were but where digests begin alike ({@link LogicalIds#fromDigests}).
     */
    private static void subscriptions(ObjectNode resources, String prefix, String protocol, List<String> endpoints) {
        for (Map.Entry<String, String> endpoint :
                LogicalIds.fromDigests(prefix, endpoints).entrySet()) {
            String id = endpoint.getValue();
            if (resources.has(id)) {
                throw new IllegalStateException("two resources map to the logical id " + id);
            }
            ObjectNode subscription = resource(resources, id, "AWS::SNS::Subscription");
            subscription.set("TopicArn", ref(TOPIC));
            subscription.put("Protocol", protocol);
            subscription.put("Endpoint", endpoint.getKey());
        }
    }

    /** Adds the resource and returns its Properties. */
    private static ObjectNode resource(ObjectNode resources, String id, String type) {
        ObjectNode resource = resources.putObject(id);
        resource.put("Type", type);
        return resource.putObject("Properties");
    }

    private static void assertion(ObjectNode rule, String pseudoParameter, String value, String description) {
        ObjectNode assertion = rule.putArray("Assertions").addObject();
        assertion
                .putObject("Assert")
                .set("Fn::Equals", JSON.valueToTree(List.of(Map.of("Ref", pseudoParameter), value)));
        assertion.put("AssertDescription", description);
    }

    /** Maps as JSON with their keys sorted: a Map.of's order changes from one run to the next. */
    private static JsonNode sorted(Map<String, Object> document) {
        try {
            return JSON.readTree(CanonicalJson.write(JSON.convertValue(document, Object.class)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode ref(String id) {
        return JSON.createObjectNode().put("Ref", id);
    }
}
