package dev.aioptout.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.layout.Layout.ExceptionSpec;
import dev.aioptout.layout.Layout.Kind;
import dev.aioptout.layout.Layout.LocalBackend;
import dev.aioptout.layout.Layout.Mode;
import dev.aioptout.policy.JsonPointers;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Quotas;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.policy.SourceLocation;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules a schema cannot express: uniqueness, dates, modes, service keys, portable paths. */
final class LayoutChecks {

    /** A character AWS refuses in a tag. */
    private static final java.util.regex.Pattern TAG_FORBIDDEN =
            java.util.regex.Pattern.compile("[^\\p{L}\\p{Zs}\\p{N}_.:/=+\\-@]");

    private final Layout layout;
    private final JsonNode root;
    private final LayoutOptions options;
    private final List<Problem> problems = new ArrayList<>();

    private LayoutChecks(Layout layout, JsonNode root, LayoutOptions options) {
        this.layout = layout;
        this.root = root;
        this.options = options;
    }

    static List<Problem> check(Layout layout, JsonNode root, LayoutOptions options) {
        LayoutChecks checks = new LayoutChecks(layout, root, options);
        checks.organization();
        checks.shape();
        checks.serviceKeys("/policy/services", layout.policy().services().keySet(), false);
        checks.text("/policy/description", layout.policy().description());
        checks.templates("/policy/name", layout.policy().name());
        checks.ascii("/policy/name", layout.policy().name());
        checks.tags();
        checks.targets("/attach", layout.attach());
        checks.exceptions();
        checks.adoptions();
        checks.backend();
        checks.providerVersion();
        checks.problems.addAll(AlertChecks.check(layout));
        return checks.problems;
    }

    private void organization() {
        Layout.OrganizationSpec org = layout.organization();
        if (org.mode() == Mode.ADOPT && org.id() == null) {
            // Point at what asked for adopt: organization.mode, else the organization block, else
            // layout: multi-ou (whose default mode is adopt). The field is the one that is missing.
            String because = root.path("organization").has("mode")
                    ? "/organization/mode"
                    : root.has("organization") ? "/organization" : "/layout";
            SourceLocation at =
                    because.equals("/organization") ? layout.locator().key(because) : layout.at(because);
            problems.add(Problem.error(
                    at,
                    Locator.field("/organization/id"),
                    "adopt mode needs organization.id"
                            + (because.equals("/layout") ? " (multi-ou adopts by default)" : ""),
                    "add organization.id: the o-... id of the organization to adopt (aws organizations describe-organization),"
                            + " or organization.mode: create to create a new one"));
        }
        if (org.mode() == Mode.CREATE && org.id() != null) {
            warning(
                    "/organization/id",
                    "organization.id is only used in adopt mode and is ignored when creating",
                    "remove it, or set organization.mode: adopt to import that organization");
        }
    }

    private void shape() {
        if (layout.kind() != Kind.SINGLE_ACCOUNT) {
            return;
        }
        if (!layout.attach().equals(List.of(TargetId.ROOT))) {
            error(
                    "/attach",
                    "a single-account layout attaches the policy to the root only",
                    "remove attach, or use layout: multi-ou to attach to OUs and accounts");
        }
        if (!layout.exceptions().isEmpty()) {
            error(
                    "/exceptions",
                    "a single-account layout has no exceptions",
                    "use layout: multi-ou for exceptions on OUs and accounts");
        }
    }

    private void exceptions() {
        Map<String, String> firstByName = new HashMap<>();
        LocalDate today = options.today();
        for (ExceptionSpec e : layout.exceptions()) {
            String first = firstByName.putIfAbsent(e.name(), e.pointer());
            if (first != null) {
                error(
                        e.pointer() + "/name",
                        "duplicate exception name \"" + e.name() + "\"",
                        "names must be unique; the first is at " + layout.at(first + "/name"));
            }
            targets(e.pointer() + "/targets", e.targets());
            serviceKeys(e.pointer() + "/services", e.services().keySet(), true);
            text(e.pointer() + "/reason", e.reason());
            JsonNode expires = root.at(e.pointer() + "/expires");
            if (!expires.isMissingNode() && e.expires() == null) {
                error(
                        e.pointer() + "/expires",
                        "not a real date: \"" + expires.asText() + "\"",
                        "an ISO date such as 2027-06-30");
            } else if (options.refuseExpired()
                    && e.expires() != null
                    && e.expires().isBefore(today)) {
                error(
                        e.pointer() + "/expires",
                        "exception \"" + e.name() + "\" expired on " + e.expires(),
                        "remove the exception, or extend expires after review (today is " + today + ")");
            }
            int nameLength = e.policyName(layout.policy().name()).length();
            if (nameLength > Quotas.MAX_POLICY_NAME) {
                error(
                        e.pointer() + "/name",
                        "the exception policy's name would be " + nameLength + " characters",
                        "policy.name and the exception name together allow at most " + Quotas.MAX_POLICY_NAME);
            }
        }
    }

    /**
     * An adopted policy is one the organization already has: a new organization has none, and one
     * policy cannot become two. Whether the id is an AI opt-out policy of the organization is
     * checked against the organization file.
     */
    private void adoptions() {
        record Adopted(String pointer, String id) {}
        List<Adopted> adopted = new ArrayList<>();
        if (layout.policy().adopt() != null) {
            adopted.add(new Adopted("/policy/adopt", layout.policy().adopt()));
        }
        for (ExceptionSpec e : layout.exceptions()) {
            if (e.adopt() != null) {
                adopted.add(new Adopted(e.pointer() + "/adopt", e.adopt()));
            }
        }
        Map<String, String> firstById = new HashMap<>();
        for (Adopted a : adopted) {
            if (layout.organization().mode() == Mode.CREATE) {
                error(
                        a.pointer(),
                        "adopting policy " + a.id() + " needs organization.mode: adopt",
                        "a new organization has no policies to adopt; adopt the existing organization"
                                + " (organization.mode: adopt and its id), or remove adopt");
            }
            String first = firstById.putIfAbsent(a.id(), a.pointer());
            if (first != null) {
                error(
                        a.pointer(),
                        "policy " + a.id() + " is adopted twice",
                        "one policy becomes one policy of the layout; it is adopted first at " + layout.at(first));
            }
        }
    }

    private void targets(String pointer, List<TargetId> targets) {
        Set<TargetId> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            if (!seen.add(targets.get(i))) {
                error(pointer + "/" + i, "\"" + targets.get(i) + "\" is listed twice", "list each target once");
            }
        }
    }

    private void serviceKeys(String pointer, Set<String> keys, boolean defaultAllowed) {
        for (String key : keys) {
            String at = pointer + "/" + JsonPointers.escape(key);
            if (PolicyDocument.DEFAULT_KEY.equals(key)) {
                if (!defaultAllowed) {
                    problems.add(Problem.error(
                            layout.locator().key(at),
                            Locator.field(at),
                            "\"default\" does not belong under policy.services",
                            "set the value with policy.default"));
                }
                continue;
            }
            if (!ServiceKeys.isKnown(key)) {
                String hint = ServiceKeys.closest(key)
                                .map(k -> "did you mean \"" + k + "\"? ")
                                .orElse("")
                        + "known keys: "
                        + String.join(
                                ", ",
                                ServiceKeys.KNOWN.stream()
                                        .filter(k -> !k.equals(PolicyDocument.DEFAULT_KEY))
                                        .toList())
                        + (options.strictServices() ? "" : "; --strict-services makes this an error");
                Problem p = Problem.warning(
                        layout.locator().key(at), Locator.field(at), "unknown service key \"" + key + "\"", hint);
                problems.add(options.strictServices() ? p.asError() : p);
            }
        }
    }

    /**
     * AWS's rules for tags, which it enforces only when the policy is created: letters, digits,
     * spaces and {@code _ . : / = + - @}, and no {@code aws:} prefix in any case, on keys and values
     * (the lengths and the count are in the schema).
     */
    /** The one tag key AWS allows that the Terraform would silently lose. */
    private static final String LOST_TAG_KEY = "__proto__";

    private void tags() {
        layout.policy().tags().forEach((key, value) -> {
            String at = "/policy/tags/" + JsonPointers.escape(key);
            tagText(layout.locator().key(at), at, "key", key);
            tagText(layout.at(at), at, "value", value);
            if (key.equals(LOST_TAG_KEY)) {
                // CDKTF copies a tag map key by key in JavaScript, where this name sets the copy's prototype.
                problems.add(Problem.error(
                        layout.locator().key(at),
                        Locator.field(at),
                        "the tag key \"" + key + "\" would be left out of the Terraform",
                        "CDK for Terraform, which writes the Terraform, drops a tag of this name; choose another key"));
            }
        });
    }

    private void tagText(SourceLocation where, String pointer, String part, String text) {
        String hint = "AWS allows letters, digits, spaces and _ . : / = + - @ in tag keys and values";
        java.util.regex.Matcher bad = TAG_FORBIDDEN.matcher(text);
        if (bad.find()) {
            problems.add(Problem.error(
                    where,
                    Locator.field(pointer),
                    "the tag " + part + " \"" + text + "\" contains '" + bad.group() + "'",
                    hint));
        } else if (text.regionMatches(true, 0, "aws:", 0, 4)) {
            problems.add(Problem.error(
                    where,
                    Locator.field(pointer),
                    "the tag " + part + " \"" + text + "\" starts with \"" + text.substring(0, 4) + "\"",
                    "the aws: prefix, in any case, is reserved for AWS"));
        }
    }

    /** AWS rejects policy text that looks like markup; Terraform would read ${ or %{ as a template. */
    private void text(String pointer, String value) {
        if (value != null && (value.indexOf('<') >= 0 || value.indexOf('>') >= 0)) {
            error(
                    pointer,
                    "contains '<' or '>'",
                    "AWS Organizations rejects descriptions that look like markup; remove them");
        }
        templates(pointer, value);
    }

    /** AWS accepts policy names of ASCII characters only (CreatePolicy, Name); the exception policies' names start with it. */
    private void ascii(String pointer, String value) {
        if (value != null && !value.chars().allMatch(c -> c < 0x80)) {
            error(
                    pointer,
                    "contains characters outside ASCII",
                    "AWS Organizations accepts policy names of ASCII characters only; put other text in policy.description");
        }
    }

    private void templates(String pointer, String value) {
        if (value != null && (value.contains("${") || value.contains("%{"))) {
            error(
                    pointer,
                    "contains \"${\" or \"%{\"",
                    "Terraform would read it as a template in the generated configuration;"
                            + " write it without the brace, e.g. \"$ {\"");
        }
    }

    private void backend() {
        if (layout.backend() instanceof Layout.CloudBackend cloud
                && cloud.workspace() == null == cloud.tags().isEmpty()) {
            error(
                    "/backend/cloud",
                    cloud.workspace() == null ? "names no workspace" : "names both a workspace and tags",
                    "give exactly one: workspace (a name) or tags (a list)");
        }
        if (layout.backend() instanceof LocalBackend local) {
            String path = local.path();
            if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*") || path.startsWith("~")) {
                error(
                        "/backend/local/path",
                        "the state path must be relative",
                        "an absolute path ties the output to one machine; give a path relative to the stack folder");
            }
        }
    }

    /**
     * {@code provider.version} must allow some version, none older than the one the stack's
     * resources are checked with and none from 7.0 on (the schema's pattern checked its shape).
     */
    private void providerVersion() {
        if (layout.providerVersion() == null) {
            return;
        }
        String pointer = "/provider/version";
        String text = layout.providerVersion();
        ProviderConstraint constraint = ProviderConstraint.parse(text).orElse(null);
        String example = "for example \">= " + ProviderConstraint.SUPPORTED_FROM + ", < "
                + ProviderConstraint.SUPPORTED_BELOW + "\" or \"~> 6.30\"";
        if (constraint == null) {
            error(pointer, "\"" + text + "\" allows no hashicorp/aws version", example);
            return;
        }
        if (!constraint.requiresAtLeast(ProviderConstraint.SUPPORTED_FROM)) {
            error(
                    pointer,
                    "\"" + text + "\" allows hashicorp/aws versions older than " + ProviderConstraint.SUPPORTED_FROM
                            + ", the oldest the stack's resources are checked with",
                    "start at " + ProviderConstraint.SUPPORTED_FROM + " or newer, " + example);
        }
        if (!constraint.boundedBySupported()) {
            error(
                    pointer,
                    "\"" + text + "\" allows hashicorp/aws " + ProviderConstraint.SUPPORTED_BELOW
                            + " or newer, which the stack's resources are not checked with (a major version may change them)",
                    "add \", < " + ProviderConstraint.SUPPORTED_BELOW + "\", " + example);
        }
    }

    private void error(String pointer, String message, String hint) {
        problems.add(Problem.error(layout.at(pointer), Locator.field(pointer), message, hint));
    }

    private void warning(String pointer, String message, String hint) {
        problems.add(Problem.warning(layout.at(pointer), Locator.field(pointer), message, hint));
    }
}
