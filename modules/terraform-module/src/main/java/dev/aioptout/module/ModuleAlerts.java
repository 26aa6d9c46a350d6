package dev.aioptout.module;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.hcl.TerraformHcl;
import dev.aioptout.layout.AlertEndpoints;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.AwsIds;
import java.util.List;

/**
 * The module's tamper alerts ({@code alerts.tf} and the {@code alert_*} inputs): the same rule,
 * topic, policy, targets and subscriptions as the stack's, each created only when the inputs ask
 * for it. A module cannot pick its own region without a provider block of its own (which would
 * forbid {@code depends_on} on the module), so it checks that the caller's provider is in
 * us-east-1, where Organizations delivers its events, before the rule is created (at plan time,
 * or at apply time when the caller's {@code depends_on} defers the module's data sources).
 */
final class ModuleAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The rule and the topic, counted: one instance when the inputs ask for them. */
    private static final String RULE =
            TerraformNames.instance(TerraformNames.address(TerraformNames.EVENT_RULE_TYPE, TerraformNames.ALERTS), 0);

    private static final String TOPIC =
            TerraformNames.instance(TerraformNames.address(TerraformNames.TOPIC_TYPE, TerraformNames.ALERTS), 0);
    /** The module's own name for its alerts' data sources (the stack's are {@link TerraformNames#ALERTS}). */
    private static final String DATA = "alerts";

    private static final String REGION = TerraformJson.attribute(
            TerraformNames.instance(TerraformNames.dataAddress(TerraformNames.REGION_TYPE, DATA), 0), "id");
    private static final String APPLYING_ACCOUNT = TerraformJson.attribute(
            TerraformNames.instance(TerraformNames.dataAddress(TerraformNames.CALLER_IDENTITY_TYPE, DATA), 0),
            "account_id");

    private ModuleAlerts() {}

    /** The four alert inputs, their defaults the layout's alerts (none when it has no alerts section). */
    static List<TerraformModule.Input> inputs(PolicyPlan plan) {
        AlertPlan alerts = plan.alerts();
        ArrayNode emails = JSON.createArrayNode();
        ArrayNode urls = JSON.createArrayNode();
        String topic = null;
        if (alerts != null) {
            alerts.emails().forEach(emails::add);
            alerts.httpsUrls().forEach(urls::add);
            topic = alerts.givenTopicArn();
        }
        String arnPattern = AwsIds.anchored(AwsIds.snsTopicArn(LayoutDefaults.ALERTS_PARTITION, AlertPlan.REGION));
        return List.of(
                new TerraformModule.Input(
                        "alert_emails",
                        "list(string)",
                        "E-mail addresses subscribed to the tamper-alert topic the module creates; each confirms by e-mail.",
                        emails,
                        List.of(TerraformModule.validation(
                                "${alltrue([for e in var.alert_emails : length(e) <= " + AlertEndpoints.MAX_EMAIL
                                        + " && length(split(\"@\", e)[0]) <= " + AlertEndpoints.MAX_EMAIL_LOCAL_PART
                                        + " && can(regex(\"" + AwsIds.anchored(AlertEndpoints.EMAIL) + "\", e))])}",
                                "Each alert e-mail address is ASCII, such as security@example.com, at most "
                                        + AlertEndpoints.MAX_EMAIL + " characters."))),
                new TerraformModule.Input(
                        "alert_https_urls",
                        "list(string)",
                        "https URLs subscribed to the tamper-alert topic the module creates; each endpoint confirms the subscription.",
                        urls,
                        List.of(TerraformModule.validation(
                                "${alltrue([for u in var.alert_https_urls : length(u) <= " + AlertEndpoints.MAX_URL
                                        + " && can(regex(\"" + AwsIds.anchored(AlertEndpoints.HTTPS_URL) + "\", u))])}",
                                "Each alert URL is https, without user name or password, at most "
                                        + AlertEndpoints.MAX_URL + " characters."))),
                new TerraformModule.Input(
                        "alert_sns_topic_arn",
                        "string",
                        "An existing standard SNS topic in us-east-1 that the tamper-alert rule publishes to as well;"
                                + " its policy must let events.amazonaws.com publish. null: none.",
                        topic == null ? JSON.nullNode() : JSON.getNodeFactory().textNode(topic),
                        List.of(TerraformModule.validation(
                                "${var.alert_sns_topic_arn == null || can(regex(\"" + arnPattern
                                        + "\", var.alert_sns_topic_arn))}",
                                "alert_sns_topic_arn is the ARN of a standard SNS topic in us-east-1,"
                                        + " such as arn:aws:sns:us-east-1:111122223333:security-alerts."))),
                new TerraformModule.Input(
                        "alert_name",
                        "string",
                        "The name of the tamper-alert rule and of the topic the module creates.",
                        JSON.getNodeFactory().textNode(AlertPlan.name(plan.stackName())),
                        List.of(TerraformModule.validation(
                                "${can(regex(\"^[A-Za-z0-9_-]{1," + LayoutDefaults.MAX_RULE_NAME
                                        + "}$\", var.alert_name))}",
                                "alert_name is 1 to " + LayoutDefaults.MAX_RULE_NAME
                                        + " letters, digits, '-' or '_'."))));
    }

    /** {@code alerts.tf}: the alerting resources, each counted on the inputs. */
    static String file() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode locals = root.putObject("locals");
        locals.put("alert_topic", "${length(var.alert_emails) + length(var.alert_https_urls) > 0}");
        locals.put("alerts", "${local.alert_topic || var.alert_sns_topic_arn != null}");
        locals.put(
                "alert_topic_account",
                "${var.alert_sns_topic_arn == null ? null : split(\":\", var.alert_sns_topic_arn)[4]}");
        ObjectNode data = root.putObject("data");
        data.putObject(TerraformNames.REGION_TYPE).putObject(DATA).put("count", "${local.alerts ? 1 : 0}");
        data.putObject(TerraformNames.CALLER_IDENTITY_TYPE)
                .putObject(DATA)
                .put("count", "${var.alert_sns_topic_arn == null ? 0 : 1}");
        ObjectNode resource = root.putObject("resource");

        ObjectNode rule = resource.putObject(TerraformNames.EVENT_RULE_TYPE).putObject(TerraformNames.ALERTS);
        rule.put("count", "${local.alerts ? 1 : 0}");
        rule.put("name", "${var.alert_name}");
        rule.put("description", AlertPlan.DESCRIPTION);
        rule.put("event_pattern", AlertPlan.eventPattern());
        ObjectNode region = rule.putObject("lifecycle").putArray("precondition").addObject();
        region.put("condition", TerraformJson.expression(REGION + " == \"" + AlertPlan.REGION + "\""));
        region.put(
                "error_message",
                "ai-optout: AWS Organizations delivers its events to EventBridge in " + AlertPlan.REGION
                        + " only, and this module's provider is in " + TerraformJson.expression(REGION) + ". Pass it a "
                        + AlertPlan.REGION + " provider: providers = { aws = aws." + AlertPlan.PROVIDER_ALIAS
                        + " } (the organization's policies are global, so they can use it too).");

        ObjectNode topic = resource.putObject(TerraformNames.TOPIC_TYPE).putObject(TerraformNames.ALERTS);
        topic.put("count", "${local.alert_topic ? 1 : 0}");
        topic.put("name", "${var.alert_name}");
        ObjectNode policy = resource.putObject(TerraformNames.TOPIC_POLICY_TYPE).putObject(TerraformNames.ALERTS);
        policy.put("count", "${local.alert_topic ? 1 : 0}");
        policy.put("arn", TerraformJson.reference(TOPIC, "arn"));
        policy.put(
                "policy",
                AlertPlan.topicPolicy(TerraformJson.reference(TOPIC, "arn"), TerraformJson.reference(RULE, "arn")));

        ObjectNode targets = resource.putObject(TerraformNames.EVENT_TARGET_TYPE);
        target(
                targets,
                TerraformNames.ALERTS_CREATED_TOPIC,
                "${local.alert_topic ? 1 : 0}",
                AlertPlan.CREATED_TOPIC_TARGET,
                TerraformJson.reference(TOPIC, "arn"));
        ObjectNode given = target(
                targets,
                TerraformNames.ALERTS_GIVEN_TOPIC,
                "${var.alert_sns_topic_arn == null ? 0 : 1}",
                AlertPlan.GIVEN_TOPIC_TARGET,
                "${var.alert_sns_topic_arn}");
        String account = "local.alert_topic_account";
        ObjectNode sameAccount =
                given.putObject("lifecycle").putArray("precondition").addObject();
        sameAccount.put("condition", TerraformJson.expression(account + " == " + APPLYING_ACCOUNT));
        sameAccount.put(
                "error_message",
                AlertPlan.GIVEN_TOPIC_ACCOUNT_MESSAGE.formatted(
                        "${var.alert_sns_topic_arn}",
                        TerraformJson.expression(account),
                        TerraformJson.expression(APPLYING_ACCOUNT)));

        ObjectNode subscriptions = resource.putObject(TerraformNames.SUBSCRIPTION_TYPE);
        subscription(subscriptions, TerraformNames.ALERTS_EMAIL, "email", "var.alert_emails");
        subscription(subscriptions, TerraformNames.ALERTS_HTTPS, "https", "var.alert_https_urls");
        return "# Tamper alerts, made when an alert_* input is set: see README.md.\n\n" + TerraformHcl.render(root);
    }

    private static ObjectNode target(ObjectNode targets, String name, String count, String id, String arn) {
        ObjectNode target = targets.putObject(name);
        target.put("count", count);
        target.put("rule", TerraformJson.reference(RULE, "name"));
        target.put("target_id", id);
        target.put("arn", arn);
        return target;
    }

    /** Keyed by endpoint, so adding or removing one leaves the others alone. */
    private static void subscription(ObjectNode subscriptions, String name, String protocol, String endpoints) {
        ObjectNode subscription = subscriptions.putObject(name);
        subscription.put("for_each", "${toset(" + endpoints + ")}");
        subscription.put("topic_arn", TerraformJson.reference(TOPIC, "arn"));
        subscription.put("protocol", protocol);
        subscription.put("endpoint", "${each.value}");
    }
}
