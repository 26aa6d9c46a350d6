package dev.aioptout.constructs;

/** The Terraform addresses the stack uses: stable, readable, and documented in the README. */
public final class TerraformNames {

    public static final String ORGANIZATION = "organization";
    public static final String EXISTING_ORGANIZATION = "existing";
    public static final String PROVIDER = "aws";
    /** The alert rule, the created topic and its policy. */
    public static final String ALERTS = "tamper_alerts";

    public static final String ALERTS_CREATED_TOPIC = "tamper_alerts_created_topic";
    public static final String ALERTS_GIVEN_TOPIC = "tamper_alerts_given_topic";
    public static final String ALERTS_EMAIL = "tamper_alerts_email";
    public static final String ALERTS_HTTPS = "tamper_alerts_https";

    private TerraformNames() {}

    /** {@code baseline} or {@code exception_sandbox-lex}. */
    public static String policy(String plannedKey, boolean baseline) {
        return baseline ? "baseline" : "exception_" + plannedKey;
    }

    /** A resource's Terraform address, {@code aws_organizations_policy.baseline}: its type and its logical id. */
    public static String address(String type, String name) {
        return type + "." + name;
    }

    /** One Terraform {@code import} block: the resource address and the id to import into it. */
    public static java.util.Map<String, String> importBlock(String to, String id) {
        java.util.Map<String, String> block = new java.util.LinkedHashMap<>();
        block.put("id", id);
        block.put("to", to);
        return block;
    }

    /** {@code baseline_root}, {@code exception_sandbox-lex_ou-ab12-34567890}. */
    public static String attachment(String policyName, String target) {
        return policyName + "_" + target;
    }
}
