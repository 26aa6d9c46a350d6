package dev.aioptout.constructs;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The tamper alerts of a plan, in us-east-1: the EventBridge rule, the topic ai-optout creates with
 * its policy and one subscription per e-mail address and https URL, and a target per topic. A topic
 * the layout names is only a target: its policy and subscriptions belong to whoever owns it.
 */
public final class TamperAlertsConstruct extends Construct {

    private final CloudwatchEventRule rule;
    private final SnsTopic topic;

    /** @param provider the us-east-1 provider, or null when the stack's own provider is in us-east-1 */
    public TamperAlertsConstruct(Construct scope, String id, AlertPlan alerts, TerraformProvider provider) {
        super(scope, id);
        // A null provider is the same as none: the stack's own.
        this.rule = CloudwatchEventRule.Builder.create(this, "rule")
                .name(alerts.name())
                .description(AlertPlan.DESCRIPTION)
                .eventPattern(AlertPlan.eventPattern())
                .provider(provider)
                .build();
        this.rule.overrideLogicalId(TerraformNames.ALERTS);
        String ruleName = this.rule.getName();

        if (alerts.createsTopic()) {
            this.topic = SnsTopic.Builder.create(this, "topic")
                    .name(alerts.name())
                    .provider(provider)
                    .build();
            this.topic.overrideLogicalId(TerraformNames.ALERTS);
            String topicArn = this.topic.getArn();
            SnsTopicPolicy.Builder.create(this, "topic_policy")
                    .arn(topicArn)
                    .policy(AlertPlan.topicPolicy(topicArn, this.rule.getArn()))
                    .provider(provider)
                    .build()
                    .overrideLogicalId(TerraformNames.ALERTS);
            // Publishing waits for the policy that allows it.
            target(TerraformNames.ALERTS_CREATED_TOPIC, AlertPlan.CREATED_TOPIC_TARGET, ruleName, topicArn, provider);
            subscriptions(TerraformNames.ALERTS_EMAIL, "email", alerts.emails(), topicArn, provider);
            subscriptions(TerraformNames.ALERTS_HTTPS, "https", alerts.httpsUrls(), topicArn, provider);
        } else {
            this.topic = null;
        }
        if (alerts.givenTopicArn() != null) {
            DataAwsCallerIdentity identity = DataAwsCallerIdentity.Builder.create(this, "caller")
                    .provider(provider)
                    .build();
            identity.overrideLogicalId(TerraformNames.ALERTS);
            String account = alerts.givenTopicAccount();
            String accountId = TerraformJson.attribute(
                    TerraformNames.dataAddress(TerraformNames.CALLER_IDENTITY_TYPE, TerraformNames.ALERTS),
                    "account_id");
            String applying = TerraformJson.expression(accountId);
            CloudwatchEventTarget given = target(
                    TerraformNames.ALERTS_GIVEN_TOPIC,
                    AlertPlan.GIVEN_TOPIC_TARGET,
                    ruleName,
                    alerts.givenTopicArn(),
                    provider);
            given.addOverride(
                    "lifecycle.precondition",
                    List.of(new java.util.TreeMap<>(Map.of(
                            "condition",
                            TerraformJson.expression(accountId + " == \"" + account + "\""),
                            "error_message",
                            AlertPlan.GIVEN_TOPIC_ACCOUNT_MESSAGE.formatted(
                                    alerts.givenTopicArn(), account, applying)))));
        }
    }

    public CloudwatchEventRule rule() {
        return rule;
    }

    /** The topic ai-optout created, or null when the layout only names one. */
    public SnsTopic topic() {
        return topic;
    }

    private CloudwatchEventTarget target(
            String name, String targetId, String ruleName, String arn, TerraformProvider provider) {
        CloudwatchEventTarget built = CloudwatchEventTarget.Builder.create(this, name)
                .rule(ruleName)
                .targetId(targetId)
                .arn(arn)
                .provider(provider)
                .build();
        built.overrideLogicalId(name);
        return built;
    }

    /**
     * One resource per protocol, with an instance per endpoint keyed by the endpoint itself, so
     * that adding or removing one address leaves the others' subscriptions alone.
     */
    private void subscriptions(
            String name, String protocol, List<String> endpoints, String topicArn, TerraformProvider provider) {
        if (endpoints.isEmpty()) {
            return;
        }
        Map<String, String> byEndpoint = new LinkedHashMap<>();
        endpoints.forEach(e -> byEndpoint.put(e, e));
        SnsTopicSubscription built = SnsTopicSubscription.Builder.create(this, name)
                .topicArn(topicArn)
                .protocol(protocol)
                .endpoint("${each.value}")
                .provider(provider)
                .build();
        built.addOverride("for_each", byEndpoint);
        built.overrideLogicalId(name);
    }
}
