package dev.aioptout.names;

import java.util.Locale;

/**
 * An output the stack, the module or the CloudFormation template writes. Terraform names it in
 * snake case; the template gives the same output the same name in CloudFormation's Pascal case.
 *
 * @param description the stack's and the template's description of it
 */
public record Output(String name, String description) {

    public static final Output ORGANIZATION_ID = new Output("organization_id", "The organization's id");
    public static final Output ROOT_ID = new Output("root_id", "The root the AI opt-out policy type is enabled on");
    public static final Output BASELINE_POLICY_ID =
            new Output("baseline_policy_id", "The id of the baseline AI opt-out policy.");
    public static final Output ALERTS_RULE_ARN = new Output(
            "tamper_alerts_rule_arn", "The EventBridge rule that reports changes that can weaken the opt-out");
    public static final Output ALERTS_TOPIC_ARN =
            new Output("tamper_alerts_topic_arn", "The SNS topic the alerts are published to");

    /** {@code tamper_alerts_rule_arn} becomes {@code TamperAlertsRuleArn}. */
    public String cloudFormationName() {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return out.toString();
    }
}
