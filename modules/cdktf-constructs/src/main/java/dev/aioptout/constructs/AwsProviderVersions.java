package dev.aioptout.constructs;

import dev.aioptout.engine.Organization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which hashicorp/aws versions the stack allows, and which organization policy types they accept.
 *
 * <p>In adopt mode the stack copies every enabled policy type from the organization into
 * {@code aws_organizations_organization.enabled_policy_types}, and the provider checks that list
 * against the policy types its AWS SDK knows: an older provider stops the plan on a newer type
 * ("expected enabled_policy_types to be one of [...]", checked with 5.100.0), and leaving the type
 * out would make Terraform disable it. A configuration cannot ask which provider version runs it,
 * so the minimum version the constraint allows is what counts: with an organization file that
 * shows such a type, the minimum is raised to a version that accepts it; without one, a
 * postcondition stops the plan, naming each type and the version it needs, for every type the
 * minimum might not accept.
 */
public final class AwsProviderVersions {

    /** The version the provider bindings were generated for, and the oldest allowed. */
    public static final String MINIMUM = "5.23.1";
    /**
     * Any 6.x: the three resources and the data source have the same arguments in 6.x (checked
     * against the prebuilt 6.x bindings; see the README); 7.0 may change them.
     */
    public static final String BELOW = "7.0.0";

    /**
     * What hashicorp/aws 5.100.0, the last 5.x, accepts in {@code enabled_policy_types}: the list its
     * plan-time error names.
     */
    public static final Set<String> LAST_5X_TYPES = Set.of(
            "SERVICE_CONTROL_POLICY",
            "RESOURCE_CONTROL_POLICY",
            "TAG_POLICY",
            "BACKUP_POLICY",
            "AISERVICES_OPT_OUT_POLICY",
            "CHATBOT_POLICY",
            "DECLARATIVE_POLICY_EC2");

    /**
     * The policy types no 5.x accepts, each with a hashicorp/aws version known to accept it (the
     * provider's CHANGELOG for SECURITYHUB_POLICY; for the others, the first release after the date
     * the provider's maintainers confirmed them on its main branch, PRs #45274 and #45488). A type
     * AWS adds later is not here: a provider that does not know it stops the plan itself.
     */
    public static final Map<String, String> NEWER_TYPES = new TreeMap<>(Map.of(
            "SECURITYHUB_POLICY", "6.22.0",
            "INSPECTOR_POLICY", "6.24.0",
            "UPGRADE_ROLLOUT_POLICY", "6.24.0",
            "BEDROCK_POLICY", "6.26.0",
            "S3_POLICY", "6.26.0"));

    private AwsProviderVersions() {}

    /** {@code >= MIN, < 7.0.0}. */
    public static String constraint(String minimum) {
        return ">= " + minimum + ", < " + BELOW;
    }

    /** The smallest version that accepts every newer type the organization file shows enabled. */
    public static String minimum(Organization organization) {
        String min = MINIMUM;
        if (organization != null) {
            for (String type : organization.enabledPolicyTypes()) {
                String needed = NEWER_TYPES.get(type);
                if (needed != null && compare(needed, min) > 0) {
                    min = needed;
                }
            }
        }
        return min;
    }

    /** The newer types the minimum version might not accept: the ones the postcondition stops the plan on. */
    public static Map<String, String> unsure(String minimum) {
        Map<String, String> out = new TreeMap<>();
        NEWER_TYPES.forEach((type, version) -> {
            if (compare(version, minimum) > 0) {
                out.put(type, version);
            }
        });
        return out;
    }

    /** Enabled types the organization file shows that ai-optout knows no provider version for. */
    public static List<String> unknownTypes(Organization organization) {
        List<String> out = new ArrayList<>();
        if (organization != null) {
            for (String type : organization.enabledPolicyTypes()) {
                if (!LAST_5X_TYPES.contains(type) && !NEWER_TYPES.containsKey(type)) {
                    out.add(type);
                }
            }
        }
        return out;
    }

    /** Numeric comparison of dotted versions. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
