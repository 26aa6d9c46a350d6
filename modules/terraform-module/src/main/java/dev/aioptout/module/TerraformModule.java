package dev.aioptout.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.hcl.HclStrings;
import dev.aioptout.hcl.TerraformHcl;
import dev.aioptout.layout.Layout;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.ProviderVersions;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.policy.TargetId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Terraform module to vendor into a repository that already manages its organization: no
 * provider configuration, no backend, and no organization resource. Its inputs default to the
 * layout's values. It checks at plan time that the policy type is enabled, and tells the caller
 * what to add to their {@code aws_organizations_organization} otherwise.
 */
public final class TerraformModule {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATIC = {"main.tf", "outputs.tf"};
    private static final String VALUES = "[\"optOut\", \"optIn\"]";
    /** The name the README's examples give the module block, and the import blocks' addresses use. */
    static final String CALLER_NAME = "ai_optout";

    /** One input: its name, type, description and default, as the README's table shows them. */
    record Input(String name, String type, String description, JsonNode defaultValue, List<ObjectNode> validations) {}

    private TerraformModule() {}

    /** The module's files by name, in the order they are listed. */
    public static Map<String, String> files(PolicyPlan plan) {
        List<Input> inputs = inputs(plan);
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : STATIC) {
            files.put(name, resource(name));
        }
        files.put("versions.tf", versions(plan));
        files.put("alerts.tf", ModuleAlerts.file());
        files.put("variables.tf", variables(inputs));
        files.put("README.md", readme(plan, inputs));
        return files;
    }

    /** The inputs, each defaulting to the plan's value. */
    static List<Input> inputs(PolicyPlan plan) {
        PlannedPolicy baseline = plan.baseline();
        List<Input> inputs = new ArrayList<>();
        ArrayNode targets = JSON.createArrayNode();
        baseline.targets().forEach(t -> targets.add(t.value()));
        inputs.add(new Input(
                "targets",
                "list(string)",
                "Where the baseline is attached: \"root\", OU ids (ou-...) and account ids.",
                targets,
                List.of(validation(
                        "${alltrue([for t in var.targets : can(regex(\""
                                + AwsIds.anchored(TargetId.ROOT_WORD, AwsIds.OU, AwsIds.ACCOUNT)
                                + "\", t))])}",
                        "Each target is \"root\", an OU id like ou-ab12-34567890, or a 12-digit account id."))));
        ObjectNode exceptions = JSON.createObjectNode();
        for (PlannedPolicy e : plan.exceptions()) {
            ObjectNode spec = exceptions.putObject(e.key());
            ArrayNode t = spec.putArray("targets");
            e.targets().forEach(target -> t.add(target.value()));
            ObjectNode services = spec.putObject("services");
            e.services().forEach((k, v) -> services.put(k, v.json()));
            spec.put("reason", e.reason());
            if (e.expires() == null) {
                spec.putNull("expires");
            } else {
                spec.put("expires", e.expires().toString());
            }
        }
        inputs.add(new Input(
                "exceptions",
                "map(object({ targets = list(string), services = map(string), reason = string, expires = optional(string) }))",
                "Exceptions by name: each its own policy, attached to its targets, with the services it changes.",
                exceptions,
                List.of(validation(
                        "${alltrue(flatten([for e in values(var.exceptions) : [for v in values(e.services) : contains("
                                + VALUES + ", v)]]))}",
                        "Exception service values are optOut or optIn, exactly so."))));
        inputs.add(new Input(
                "policy_name",
                "string",
                "The baseline policy's name; exception policies are named "
                        + Layout.ExceptionSpec.policyName("<policy_name>", "<name>")
                        + ".",
                JSON.getNodeFactory().textNode(baseline.name()),
                List.of()));
        inputs.add(new Input(
                "policy_description",
                "string",
                "The baseline policy's description.",
                JSON.getNodeFactory().textNode(baseline.description()),
                List.of()));
        inputs.add(new Input(
                "default_value",
                "string",
                "optOut or optIn for every AI service, including ones AWS adds later.",
                JSON.getNodeFactory().textNode(plan.defaultValue().json()),
                List.of(validation(
                        "${contains(" + VALUES + ", var.default_value)}",
                        "default_value is optOut or optIn, exactly so."))));
        inputs.add(new Input(
                "lock",
                "string",
                "full, default or none: how much of the baseline child policies may change.",
                JSON.getNodeFactory().textNode(plan.lock().yaml()),
                List.of(validation(
                        "${contains([\"full\", \"default\", \"none\"], var.lock)}",
                        "lock is full, default or none."))));
        ObjectNode services = JSON.createObjectNode();
        baseline.services().forEach((k, v) -> services.put(k, v.json()));
        inputs.add(new Input(
                "services",
                "map(string)",
                "Organization-wide values per service key, e.g. { rekognition = \"optOut\" }.",
                services,
                List.of(validation(
                        "${alltrue([for v in values(var.services) : contains(" + VALUES + ", v)])}",
                        "Service values are optOut or optIn, exactly so."))));
        ObjectNode tags = JSON.createObjectNode();
        baseline.tags().forEach(tags::put);
        inputs.add(new Input("tags", "map(string)", "Tags for every policy.", tags, List.of()));
        inputs.addAll(ModuleAlerts.inputs(plan));
        return inputs;
    }

    static ObjectNode validation(String condition, String message) {
        ObjectNode v = JSON.createObjectNode();
        v.put("condition", condition);
        v.put("error_message", message);
        return v;
    }

    private static String variables(List<Input> inputs) {
        ObjectNode variables = JSON.createObjectNode();
        for (Input input : inputs) {
            ObjectNode v = variables.putObject(input.name());
            v.put("description", input.description());
            v.put("type", input.type());
            v.set("default", input.defaultValue());
            if (!input.validations().isEmpty()) {
                ArrayNode list = v.putArray("validation");
                input.validations().forEach(list::add);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("variable", variables);
        return TerraformHcl.render(root);
    }

    private static String readme(PolicyPlan plan, List<Input> inputs) {
        StringBuilder out = new StringBuilder();
        out.append("# ai-optout module\n\n")
                .append(
                        "AWS Organizations AI services opt-out policies for an organization managed elsewhere. Generated by\n")
                .append("`ai-optout synth --module` from ")
                .append(code(java.nio.file.Path.of(plan.source()).getFileName().toString()))
                .append("; the defaults below are that file's values.\n\n")
                .append(
                        "The module has no provider configuration, no backend and no organization resource. It reads the\n")
                .append(
                        "organization at plan time and stops, saying what to add, unless `AISERVICES_OPT_OUT_POLICY` is in\n")
                .append("the `enabled_policy_types` of your `aws_organizations_organization`.\n\n")
                .append("```hcl\nmodule \"" + CALLER_NAME + "\" {\n  source = \"./ai-optout-module\"\n\n")
                .append("  # Read the organization after your own resource has enabled the policy type.\n")
                .append("  depends_on = [aws_organizations_organization.this]\n}\n```\n\n")
                .append(
                        "Run `ai-optout validate` on the layout after changing exceptions: it proves, account by account,\n")
                .append("that they take effect under the chosen lock.\n\n")
                .append("## Inputs\n\n| Name | Type | Description | Default |\n|---|---|---|---|\n");
        for (Input input : inputs) {
            out.append("| ")
                    .append(code(input.name()))
                    .append(" | ")
                    .append(code(input.type()))
                    .append(" | ")
                    .append(input.description())
                    .append(" | ")
                    .append(code(input.defaultValue().toString()))
                    .append(" |\n");
        }
        ouPaths(plan, out);
        out.append("\n## Outputs\n\n| Name | Description |\n|---|---|\n")
                .append("| `baseline_policy_id` | The id of the baseline AI opt-out policy. |\n")
                .append("| `exception_policy_ids` | The id of each exception's policy, by exception name. |\n")
                .append(
                        "| `attachment_ids` | Every attachment's id (TARGETID:POLICYID), by baseline_<target> or <exception>_<target>. |\n")
                .append("| `tamper_alerts_rule_arn` | The tamper-alert rule's ARN, or null without alerts. |\n")
                .append(
                        "| `tamper_alerts_topic_arn` | The ARN of the topic the module created for alert subscriptions, or null. |\n")
                .append("\n## Tamper alerts\n\n")
                .append(
                        "With `alert_emails`, `alert_https_urls` or `alert_sns_topic_arn` set, the module adds an EventBridge\n")
                .append(
                        "rule matching the AWS Organizations calls that can weaken the opt-out (AttachPolicy, DetachPolicy,\n")
                .append("DeletePolicy, UpdatePolicy, CreatePolicy, EnablePolicyType, DisablePolicyType; narrowed to\n")
                .append("`AISERVICES_OPT_OUT_POLICY` where the event names a type), a topic for the e-mail and https\n")
                .append(
                        "subscriptions with a policy that lets only this rule publish, and a target per topic. Organizations\n")
                .append("delivers its events to EventBridge in us-east-1 only: unless its provider is in us-east-1,\n")
                .append("the module stops before creating the rule (at plan time, or at apply time when `depends_on`\n")
                .append(
                        "defers its data sources). When yours is elsewhere, pass a us-east-1 provider (the policies are\n")
                .append("global, so they can use it too):\n\n")
                .append("```hcl\nprovider \"aws\" {\n  alias  = \"" + AlertPlan.PROVIDER_ALIAS
                        + "\"\n  region = \"us-east-1\"\n}\n\n")
                .append("module \"" + CALLER_NAME
                        + "\" {\n  source    = \"./ai-optout-module\"\n  providers = { aws = aws."
                        + AlertPlan.PROVIDER_ALIAS + " }\n}\n```\n\n")
                .append(
                        "Each e-mail address must confirm its subscription; a CloudTrail trail must log the management\n")
                .append("account's management events for EventBridge to receive them. See ai-optout's README.\n")
                .append("\nKnown service keys: ")
                .append(String.join(", ", ServiceKeys.KNOWN))
                .append(".\n");
        adoption(plan, out);
        return out.toString();
    }

    /** The OUs the layout named by path, so a reader of the ids sees which OU each is. */
    private static void ouPaths(PolicyPlan plan, StringBuilder out) {
        Map<String, String> paths = new TreeMap<>();
        plan.all().forEach(p -> p.targets().forEach(t -> remember(t, paths)));
        if (paths.isEmpty()) {
            return;
        }
        out.append("\nOUs the layout names by path, as the organization file resolved them (a renamed OU shows")
                .append(" on the next `ai-optout synth --module --org`):\n\n| OU | Path |\n|---|---|\n");
        paths.forEach((id, path) -> out.append("| ")
                .append(code(id))
                .append(" | ")
                .append(code(path))
                .append(" |\n"));
    }

    private static void remember(TargetId t, Map<String, String> paths) {
        if (t.path() != null) {
            paths.put(t.value(), t.path());
        }
    }

    /**
     * The import blocks for the policies the layout adopts. Terraform reads {@code import} blocks
     * only in the root module, so the caller adds them there, with the module's addresses.
     */
    private static void adoption(PolicyPlan plan, StringBuilder out) {
        List<String> blocks = new ArrayList<>();
        for (PlannedPolicy p : plan.all()) {
            if (p.adopt() == null) {
                continue;
            }
            boolean baseline = p.role() == PlannedPolicy.Role.BASELINE;
            blocks.add(importBlock(
                    baseline
                            ? moduleAddress(TerraformNames.POLICY_TYPE, TerraformNames.BASELINE, null)
                            : moduleAddress(TerraformNames.POLICY_TYPE, TerraformNames.EXCEPTION, p.key()),
                    p.adopt()));
            for (TargetId t : p.attachedAlready()) {
                String target = t.isRoot() ? plan.organization().rootId() : t.value();
                // The baseline's attachments are keyed by target, the exceptions' by name and target.
                blocks.add(importBlock(
                        baseline
                                ? moduleAddress(TerraformNames.ATTACHMENT_TYPE, TerraformNames.BASELINE, t.value())
                                : moduleAddress(
                                        TerraformNames.ATTACHMENT_TYPE,
                                        TerraformNames.EXCEPTION,
                                        TerraformNames.attachmentKey(p.key(), t.value())),
                        TerraformNames.attachmentImportId(target, p.adopt())));
            }
        }
        if (blocks.isEmpty()) {
            return;
        }
        out.append("\n## Adopting existing policies\n\n")
                .append(
                        "The layout takes over policies the organization already has, so that their content is replaced in\n")
                .append(
                        "place and they keep their ids and their attachments. Terraform reads `import` blocks only in the\n")
                .append(
                        "root module, so add these to your root module (next to the `module \"ai_optout\"` block; the ids\n")
                .append("come from the organization file the module was generated with), plan, and apply:\n\n```hcl\n")
                .append(String.join("\n", blocks))
                .append("```\n\nOnce applied, the blocks do nothing and can stay or go.\n");
    }

    /** main.tf's resource {@code <type>.<name>}, or its instance {@code [key]}, as the caller's root module addresses it. */
    static String moduleAddress(String type, String name, String key) {
        String address = TerraformNames.address(type, name) + (key == null ? "" : "[" + HclStrings.literal(key) + "]");
        return "module." + CALLER_NAME + "." + address;
    }

    private static String importBlock(String to, String id) {
        return "import {\n  to = " + to + "\n  id = " + HclStrings.literal(id) + "\n}\n";
    }

    /**
     * Text from the layout as inline code in a Markdown table cell: fenced with more backticks than
     * any run inside it, so a backtick cannot end it early, and with '|' escaped, so it cannot end
     * the cell. Inside code nothing is read as Markdown or HTML. The text is one line: JSON escapes
     * line breaks, and layout names hold none.
     */
    static String code(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text.replace("|", "\\|") + pad + fence;
    }

    /**
     * The module's required_providers: the layout's {@code provider.version} when set (the user's
     * choice), else the versions its resources are checked with. It manages no policy types, so an
     * organization's enabled types do not raise it.
     */
    static String versions(PolicyPlan plan) {
        String text = resource("versions.tf");
        String standard = "\"" + ProviderVersions.DEFAULT + "\"";
        if (!text.contains(standard)) {
            throw new IllegalStateException("versions.tf does not carry " + standard);
        }
        return plan.providerConstraint() == null
                ? text
                : text.replace(standard, "\"" + plan.providerConstraint() + "\"");
    }

    private static String resource(String name) {
        try (InputStream in = TerraformModule.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
