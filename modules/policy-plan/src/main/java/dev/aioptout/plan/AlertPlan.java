package dev.aioptout.plan;

import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tamper alerts a layout asks for: an EventBridge rule in us-east-1 (where AWS Organizations
 * delivers its CloudTrail events) matching the calls that can weaken the opt-out, the topic
 * ai-optout creates for the layout's e-mail and https subscriptions, and the topic the layout names.
 * The Terraform stack, the module and the CloudFormation template all take their names, event
 * pattern and topic policy from here.
 *
 * @param name          the rule's name, and the created topic's: {@code <stack>-tamper-alerts}
 * @param givenTopicArn the layout's {@code sns_topic_arn}, also a target; null when not given
 */
public record AlertPlan(String name, List<String> emails, List<String> httpsUrls, String givenTopicArn) {

    public static final String REGION = LayoutDefaults.ALERTS_REGION;

    /** The alias of the {@link #REGION} provider the alerts use where the stack's own is in another region. */
    public static final String PROVIDER_ALIAS = "us_east_1";

    public static final String DESCRIPTION =
            "ai-optout: AWS Organizations calls that can weaken the AI services opt-out policy";
    /** The principal that publishes a rule's matches. */
    public static final String EVENTS_PRINCIPAL = "events.amazonaws.com";
    /** The rule's targets, by EventBridge target id. */
    public static final String CREATED_TOPIC_TARGET = "created-topic";

    public static final String GIVEN_TOPIC_TARGET = "given-topic";

    /** Calls whose event names only a policy id: any type's may be the AI policy's. */
    public static final List<String> POLICY_ID_ONLY = List.of("AttachPolicy", "DeletePolicy", "DetachPolicy");
    /** Calls whose request names the policy type, in {@code requestParameters.type}. */
    public static final List<String> REQUEST_TYPE = List.of("CreatePolicy");
    /** Calls whose request names the policy type, in {@code requestParameters.policyType}. */
    public static final List<String> REQUEST_POLICY_TYPE = List.of("DisablePolicyType", "EnablePolicyType");
    /** Calls whose answer names the policy type, in {@code responseElements.policy.policySummary.type}. */
    public static final List<String> RESPONSE_TYPE = List.of("UpdatePolicy");

    /**
     * Why a topic of another account cannot be a target: EventBridge publishes across accounts only
     * with an execution role, which ai-optout does not create. {@code %s} are the topic's account and
     * the one applying the stack, as the output writes them.
     */
    public static final String GIVEN_TOPIC_ACCOUNT_MESSAGE = "ai-optout: the alert topic %s is in account %s, and this"
            + " configuration is applied in account %s. EventBridge publishes to a topic of another account only"
            + " with an execution role, which ai-optout does not create: give a topic of this account"
            + " (alerts.sns_topic_arn), and forward from it if the alerts must reach another.";

    public AlertPlan {
        emails = List.copyOf(emails);
        httpsUrls = List.copyOf(httpsUrls);
    }

    /** The layout's alerts, or empty when it has no alerts section. */
    public static Optional<AlertPlan> of(Layout layout) {
        Layout.AlertsSpec spec = layout.alerts();
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(
                new AlertPlan(name(layout.stackName()), spec.emails(), spec.httpsUrls(), spec.snsTopicArn()));
    }

    /** The rule's name, and the created topic's, for a stack: {@code <stack>-tamper-alerts}. */
    public static String name(String stackName) {
        return stackName + LayoutDefaults.ALERTS_NAME_SUFFIX;
    }

    /** Whether ai-optout creates a topic: only for subscriptions of its own. */
    public boolean createsTopic() {
        return !emails.isEmpty() || !httpsUrls.isEmpty();
    }

    /** The account that owns the given topic (its ARN's fifth field); null when no topic is given. */
    public String givenTopicAccount() {
        return givenTopicArn == null ? null : givenTopicArn.split(":")[4];
    }

    /** Every event name the rule matches, sorted. */
    public static List<String> eventNames() {
        return java.util.stream.Stream.of(POLICY_ID_ONLY, REQUEST_TYPE, REQUEST_POLICY_TYPE, RESPONSE_TYPE)
                .flatMap(List::stream)
                .sorted()
                .toList();
    }

    /**
     * The rule's event pattern, as compact JSON with sorted keys (what {@code jsonencode} writes).
     * Where an event names the policy type, the type must be the AI type or be absent: an event
     * without it (a failed call, an answer left out) still alerts; calls that name only a policy
     * id match whatever the policy's type. Refused calls match too: an attempt is worth knowing.
     */
    public static String eventPattern() {
        return CanonicalJson.write(eventPatternDocument());
    }

    /** The event pattern as maps and lists, for outputs that embed it as an object. */
    public static Map<String, Object> eventPatternDocument() {
        Map<String, Object> detail = Map.of(
                "eventSource",
                List.of("organizations.amazonaws.com"),
                "$or",
                List.of(
                        Map.of("eventName", POLICY_ID_ONLY),
                        Map.of("eventName", REQUEST_TYPE, "requestParameters", Map.of("type", aiOrAbsent())),
                        Map.of(
                                "eventName",
                                REQUEST_POLICY_TYPE,
                                "requestParameters",
                                Map.of("policyType", aiOrAbsent())),
                        Map.of(
                                "eventName",
                                RESPONSE_TYPE,
                                "responseElements",
                                Map.of("policy", Map.of("policySummary", Map.of("type", aiOrAbsent()))))));
        return Map.of(
                "source", List.of("aws.organizations"),
                "detail-type", List.of("AWS API Call via CloudTrail"),
                "detail", detail);
    }

    private static List<Object> aiOrAbsent() {
        return List.of(PolicyDocument.TYPE, Map.of("exists", false));
    }

    /**
     * The created topic's policy as compact JSON: EventBridge may publish, for this rule only. The
     * ARNs may be Terraform references.
     */
    public static String topicPolicy(String topicArn, String ruleArn) {
        return CanonicalJson.write(topicPolicyDocument(topicArn, ruleArn));
    }

    /** The topic policy as maps and lists; the ARNs may be any JSON value (CloudFormation's Ref and GetAtt). */
    public static Map<String, Object> topicPolicyDocument(Object topicArn, Object ruleArn) {
        return Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Sid",
                        "AllowTamperAlertRule",
                        "Effect",
                        "Allow",
                        "Principal",
                        Map.of("Service", EVENTS_PRINCIPAL),
                        "Action",
                        "sns:Publish",
                        "Resource",
                        topicArn,
                        "Condition",
                        Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArn)))));
    }
}
