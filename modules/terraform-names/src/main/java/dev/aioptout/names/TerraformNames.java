package dev.aioptout.names;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Terraform names ai-optout writes, in one place for every output that writes them: the CDKTF
 * stack and its HCL rendering, the module, and the CloudFormation template where it shares them.
 * They end up in users' state, import blocks and scripts (the README documents them), so a name
 * never changes once released.
 *
 * <p>Policies are {@code baseline} and {@code exception_<name>} in the stack; the module keeps its
 * exceptions in one resource, {@code exception}, keyed by name. An attachment is named or keyed
 * {@code <policy>_<target>} everywhere ({@link #attachmentKey}). Import ids are the provider's.
 */
public final class TerraformNames {

    /** Resource and data source types of hashicorp/aws whose addresses ai-optout writes. */
    public static final String ORGANIZATION_TYPE = "aws_organizations_organization";

    public static final String POLICY_TYPE = "aws_organizations_policy";
    public static final String ATTACHMENT_TYPE = "aws_organizations_policy_attachment";
    public static final String CALLER_IDENTITY_TYPE = "aws_caller_identity";
    public static final String REGION_TYPE = "aws_region";
    public static final String EVENT_RULE_TYPE = "aws_cloudwatch_event_rule";
    public static final String EVENT_TARGET_TYPE = "aws_cloudwatch_event_target";
    public static final String TOPIC_TYPE = "aws_sns_topic";
    public static final String TOPIC_POLICY_TYPE = "aws_sns_topic_policy";
    public static final String SUBSCRIPTION_TYPE = "aws_sns_topic_subscription";

    public static final String ORGANIZATION = "organization";
    /** The adopt mode's data source: the organization as it is before the stack changes it. */
    public static final String EXISTING_ORGANIZATION = "existing";

    public static final String PROVIDER = "aws";
    public static final String BASELINE = "baseline";
    /** The exception policies: {@code exception_<name>} in the stack, one resource keyed by name in the module. */
    public static final String EXCEPTION = "exception";
    /** The alert rule, the created topic and its policy, and the data sources the alerts read. */
    public static final String ALERTS = "tamper_alerts";

    public static final String ALERTS_CREATED_TOPIC = "tamper_alerts_created_topic";
    public static final String ALERTS_GIVEN_TOPIC = "tamper_alerts_given_topic";
    public static final String ALERTS_EMAIL = "tamper_alerts_email";
    public static final String ALERTS_HTTPS = "tamper_alerts_https";

    /** What joins a policy's name and a target in an attachment's name or key. */
    public static final String ATTACHMENT_KEY_SEPARATOR = "_";

    /**
     * What joins the target and the policy id in an attachment's import id, {@code ou-ab12-34567890:p-12345678}:
     * the provider's own format (terraform-provider-aws, internal/service/organizations/policy_attachment.go,
     * {@code policyAttachmentResourceIDSeparator}), which is also the attachment's id in state.
     */
    public static final String IMPORT_ID_SEPARATOR = ":";

    private TerraformNames() {}

    /** A planned policy's name in the stack: {@code baseline} or {@code exception_sandbox-lex}. */
    public static String policy(String plannedKey, boolean baseline) {
        return baseline ? BASELINE : EXCEPTION + "_" + plannedKey;
    }

    /**
     * An attachment's name (the stack: {@code baseline_root}, {@code exception_sandbox-lex_ou-ab12-34567890})
     * or key (the module: {@code sandbox-lex_ou-ab12-34567890}; its outputs: {@code baseline_root}).
     */
    public static String attachmentKey(String policy, String target) {
        return policy + ATTACHMENT_KEY_SEPARATOR + target;
    }

    /** A resource's address, {@code aws_organizations_policy.baseline}: its type and its name. */
    public static String address(String type, String name) {
        return type + "." + name;
    }

    /** A data source's address, {@code data.aws_organizations_organization.existing}. */
    public static String dataAddress(String type, String name) {
        return "data." + address(type, name);
    }

    /** One instance of a counted resource or data source, {@code aws_sns_topic.tamper_alerts[0]}. */
    public static String instance(String address, int index) {
        return address + "[" + index + "]";
    }

    /** The import id of an attachment: {@code <target id>:<policy id>}. */
    public static String attachmentImportId(String targetId, String policyId) {
        return targetId + IMPORT_ID_SEPARATOR + policyId;
    }

    /** One Terraform {@code import} block in the JSON syntax: the id to import and the address it goes to. */
    public static Map<String, String> importBlock(String to, String id) {
        Map<String, String> block = new LinkedHashMap<>();
        block.put("id", id);
        block.put("to", to);
        return block;
    }
}
