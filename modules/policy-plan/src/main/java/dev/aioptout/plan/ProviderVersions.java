package dev.aioptout.plan;

import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Locator;
import dev.aioptout.layout.ProviderConstraint;
import dev.aioptout.layout.ProviderConstraint.Version;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hashicorp/aws versions the stack allows, and which organization policy types they accept.
 *
 * <p>In adopt mode the stack copies every enabled policy type from the organization into
 * {@code aws_organizations_organization.enabled_policy_types}, and the provider checks that list
 * against the policy types its AWS SDK knows: an older provider stops the plan on a newer type
 * ("expected enabled_policy_types to be one of [...]", checked with 5.100.0), and leaving the type
 * out would make Terraform disable it. A configuration cannot ask which provider version runs it,
 * so the oldest version the constraint allows is what counts:
 * <ul>
 *   <li>with an organization file that shows a type no 5.x accepts, the constraint starts at a
 *       version known to accept it;</li>
 *   <li>a type this version knows no provider version for needs {@code provider.version} in the
 *       layout (the user's word that their provider accepts it), else synth stops (exit 2);</li>
 *   <li>at plan time, a postcondition stops the plan on every enabled type the oldest allowed
 *       version is not known to accept, naming the version it needs, before the provider sees it.</li>
 * </ul>
 */
public final class ProviderVersions {

    /** What the stack requires when neither the layout nor the organization file asks for more. */
    public static final ProviderConstraint DEFAULT = ProviderConstraint.atLeast(ProviderConstraint.SUPPORTED_FROM);

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
     * the provider's maintainers confirmed them on its main branch, PRs #45274 and #45488).
     */
    public static final SortedMap<String, Version> NEWER_TYPES = new TreeMap<>(Map.of(
            "SECURITYHUB_POLICY", Version.of(6, 22, 0),
            "INSPECTOR_POLICY", Version.of(6, 24, 0),
            "UPGRADE_ROLLOUT_POLICY", Version.of(6, 24, 0),
            "BEDROCK_POLICY", Version.of(6, 26, 0),
            "S3_POLICY", Version.of(6, 26, 0)));

    /**
     * Types AWS lists that no hashicorp/aws release is known here to accept: no 5.x does (5.100.0's
     * list lacks them), and which 6.x first does could not be found (docs/policy-semantics.md, "Policy
     * types and provider versions"). They are treated like a type AWS adds later.
     */
    public static final Set<String> WITHOUT_KNOWN_VERSION =
            Set.of("NETWORK_SECURITY_DIRECTOR_POLICY", "GUARDDUTY_POLICY");

    /** The first release after the last 5.x: a type 5.100.0 does not accept needs this at least. */
    public static final Version AFTER_LAST_5X = Version.of(6, 0, 0);

    private ProviderVersions() {}

    /**
     * What the stack asks of hashicorp/aws.
     *
     * @param constraint   the version constraint the stack writes
     * @param raisedFor    the enabled types the constraint was raised for (empty when the layout sets it)
     * @param acknowledged enabled types with no known provider version that the layout's
     *                     {@code provider.version} vouches for: the plan lets them through
     */
    public record Requirement(ProviderConstraint constraint, List<String> raisedFor, SortedSet<String> acknowledged) {

        /**
         * The types the plan lets through: those the oldest allowed version is known to accept,
         * and the acknowledged ones.
         */
        public SortedSet<String> accepted() {
            SortedSet<String> out = new TreeSet<>(LAST_5X_TYPES);
            NEWER_TYPES.forEach((type, version) -> {
                if (constraint.requiresAtLeast(version)) {
                    out.add(type);
                }
            });
            out.addAll(acknowledged);
            return out;
        }

        /** The known types the oldest allowed version does not accept, each with the version that does. */
        public SortedMap<String, Version> needed() {
            SortedMap<String, Version> out = new TreeMap<>();
            NEWER_TYPES.forEach((type, version) -> {
                if (!constraint.requiresAtLeast(version)) {
                    out.put(type, version);
                }
            });
            return out;
        }
    }

    /**
     * The plan's requirement: the layout's {@code provider.version} when set, else from the
     * oldest version the stack's resources are checked with up to the newest a type the
     * organization file shows enabled needs (adopt mode: only there does the stack carry them).
     */
    public static Requirement of(PolicyPlan plan) {
        Layout layout = plan.layout();
        List<String> enabled = layout.organization().mode() == Layout.Mode.ADOPT && plan.organization() != null
                ? plan.organization().enabledPolicyTypes()
                : List.of();
        ProviderConstraint set = layout.providerConstraint();
        if (set != null) {
            SortedSet<String> unknown = new TreeSet<>();
            for (String type : enabled) {
                if (!known(type)) {
                    unknown.add(type);
                }
            }
            return new Requirement(set, List.of(), unknown);
        }
        Version minimum = ProviderConstraint.SUPPORTED_FROM;
        List<String> raisedFor = new ArrayList<>();
        for (String type : enabled) {
            Version needed = NEWER_TYPES.get(type);
            if (needed != null) {
                raisedFor.add(type);
                if (needed.compareTo(minimum) > 0) {
                    minimum = needed;
                }
            }
        }
        return new Requirement(
                minimum.equals(ProviderConstraint.SUPPORTED_FROM) ? DEFAULT : ProviderConstraint.atLeast(minimum),
                raisedFor,
                new TreeSet<>());
    }

    /** Whether this version knows a hashicorp/aws version that accepts the type. */
    public static boolean known(String type) {
        return LAST_5X_TYPES.contains(type) || NEWER_TYPES.containsKey(type);
    }

    /**
     * What {@code synth --org} and {@code validate --org} say about the organization file's enabled
     * types in adopt mode: a type with no known provider version needs {@code provider.version}
     * (exit 2 without it), and a {@code provider.version} must not allow a version known to
     * refuse an enabled type.
     *
     * @param orgFile the organization file's name as the user gave it, for messages
     */
    public static List<Problem> check(Layout layout, Organization organization, String orgFile) {
        List<Problem> problems = new ArrayList<>();
        if (layout.organization().mode() != Layout.Mode.ADOPT) {
            return problems;
        }
        ProviderConstraint set = layout.providerConstraint();
        String pointer = "/provider/version";
        String field = Locator.field(pointer);
        List<String> types = organization.enabledPolicyTypes();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            Version needed = NEWER_TYPES.get(type);
            if (LAST_5X_TYPES.contains(type)) {
                continue;
            }
            String enabledIn = "policy type " + type + " is enabled in " + orgFile;
            if (needed != null) {
                if (set != null && !set.requiresAtLeast(needed)) {
                    problems.add(Problem.error(
                            layout.at(pointer),
                            field,
                            enabledIn + ", which hashicorp/aws accepts in enabled_policy_types from " + needed
                                    + " on, but provider.version \"" + set + "\" allows older versions, which would"
                                    + " stop the plan on it (the stack keeps every enabled type: leaving one out"
                                    + " would disable it)",
                            "start provider.version at " + needed + " or newer, or remove it: synth then requires "
                                    + ProviderConstraint.atLeast(needed)));
                }
                continue;
            }
            String what = WITHOUT_KNOWN_VERSION.contains(type)
                    ? "AWS lists it, but no hashicorp/aws release is known to this ai-optout to accept it in"
                            + " enabled_policy_types"
                    : "this ai-optout does not know it, nor which hashicorp/aws release accepts it in"
                            + " enabled_policy_types";
            String no5x = "no 5.x accepts it (5.100.0, the last, does not)";
            if (set == null) {
                problems.add(Problem.error(
                        SourceLocation.file(orgFile),
                        "/enabledPolicyTypes/" + i,
                        enabledIn + ": " + what + ", and the stack must keep it (leaving it out would disable"
                                + " it), so it cannot choose a provider version for you",
                        no5x + ": find the release that accepts it (an older one stops terraform plan with"
                                + " \"expected enabled_policy_types to be one of [...]\") and set provider.version"
                                + " in the layout to a constraint that starts there, such as provider: {version:"
                                + " \">= 6.N.0, < 7.0.0\"}"));
            } else if (!set.requiresAtLeast(AFTER_LAST_5X)) {
                problems.add(Problem.error(
                        layout.at(pointer),
                        field,
                        enabledIn + ", and " + no5x + ", but provider.version \"" + set + "\" allows 5.x versions",
                        "start provider.version at the 6.x release that accepts it"));
            } else {
                problems.add(Problem.warning(
                        layout.at(pointer),
                        field,
                        enabledIn + ": " + what + "; the stack keeps it and relies on provider.version \"" + set
                                + "\" accepting it",
                        "if it does not, terraform plan stops with the provider's message \"expected"
                                + " enabled_policy_types to be one of [...]\": raise provider.version"));
            }
        }
        return problems;
    }
}
