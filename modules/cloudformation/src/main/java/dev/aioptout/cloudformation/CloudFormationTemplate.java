package dev.aioptout.cloudformation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.names.Output;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.PrettyJson;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.TargetId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudFormation form of a proven plan: one {@code AWS::Organizations::Policy} per planned
 * policy, with the same content, name, description, tags and targets as the Terraform stack. A
 * template cannot look up the organization's root, so the root is a parameter. Each policy waits
 * for the one before it in plan order (baseline first, then the exceptions in file order): the
 * resource attaches its policy to all its targets before it completes, so at a node several of
 * them reach, AWS sees them attached in the order the engine proved ("first attached wins").
 */
public final class CloudFormationTemplate {

    /** Where synth puts templates, inside its output folder. */
    public static final String FOLDER = "cloudformation";

    public static final String ROOT_ID_PARAMETER = "RootId";
    public static final String RESOURCE_TYPE = "AWS::Organizations::Policy";
    /** What CloudFormation cannot do: run once in the management account before the first deployment. */
    public static final String ENABLE_COMMAND =
            "aws organizations enable-policy-type --root-id <root-id> --policy-type " + PolicyDocument.TYPE;

    /** CloudFormation's limits on one template (resources declared; body size when read from S3). */
    static final int MAX_RESOURCES = 500;

    static final int MAX_TEMPLATE_BYTES = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudFormationTemplate() {}

    /** {@code cloudformation/<stack>.template.json}: where the template goes, relative to synth's output folder. */
    public static String path(String stack) {
        return FOLDER + "/" + stack + ".template.json";
    }

    /** The files {@code synth --format cloudformation} writes, by path relative to the output folder. */
    public static Map<String, String> files(PolicyPlan plan) {
        return Map.of(path(plan.stackName()), render(plan));
    }

    /** The template as JSON text: keys in a fixed order, two-space indent, "\n" line ends, a final newline. */
    public static String render(PolicyPlan plan) {
        return PrettyJson.write(template(plan));
    }

    /** What would make CloudFormation refuse the template: more resources, or more bytes, than one template may hold. */
    public static List<Problem> check(PolicyPlan plan) {
        List<Problem> problems = new ArrayList<>();
        for (var p : plan.all()) {
            if (p.adopt() != null) {
                // A template creates its policies; taking one over needs a resource import, a separate operation.
                problems.add(Problem.error(
                        plan.layout().at(p.adoptPointer()),
                        dev.aioptout.layout.Locator.field(p.adoptPointer()),
                        "--format cloudformation cannot adopt policy " + p.adopt()
                                + ": a CloudFormation stack takes over an existing policy only through a resource"
                                + " import change set, which ai-optout does not write",
                        "use the Terraform output (--format json or hcl), which imports it, or remove adopt"
                                + " (the template would then create a second policy beside it)"));
            }
        }
        // Counted and measured on the template itself, so the limits hold for what is written.
        ObjectNode template = template(plan);
        int resources = template.path("Resources").size();
        int alerting = resources - plan.all().size();
        if (resources > MAX_RESOURCES) {
            problems.add(Problem.error(
                    plan.layout().at("/exceptions"),
                    "exceptions",
                    plan.all().size() + " policies" + (alerting > 0 ? " and " + alerting + " alerting resources" : "")
                            + " would be " + resources
                            + " resources in one CloudFormation template",
                    "CloudFormation allows at most " + MAX_RESOURCES
                            + " per template; merge exceptions, or use the Terraform output (--format json)"));
        }
        int bytes = PrettyJson.write(template).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEMPLATE_BYTES) {
            problems.add(Problem.error(
                    null,
                    "",
                    "the CloudFormation template would be " + bytes + " bytes",
                    "CloudFormation accepts at most " + MAX_TEMPLATE_BYTES
                            + " bytes per template; merge exceptions, or use the Terraform output (--format json)"));
        }
        return problems;
    }

    static ObjectNode template(PolicyPlan plan) {
        ObjectNode template = JSON.createObjectNode();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        Optional<AlertPlan> alerts = Optional.ofNullable(plan.alerts());
        template.put("Description", description(plan.stackName(), alerts.isPresent()));
        if (plan.all().stream().anyMatch(p -> p.targets().contains(TargetId.ROOT))) {
            ObjectNode root = template.putObject("Parameters").putObject(ROOT_ID_PARAMETER);
            root.put("Type", "String");
            root.put(
                    "Description",
                    "The id of the organization's root (r-...):"
                            + " aws organizations list-roots --query 'Roots[0].Id' --output text");
            root.put("AllowedPattern", "^" + AwsIds.ROOT + "$");
            root.put("ConstraintDescription", "a root id: r- and 4 to 32 lowercase letters or digits");
        }
        alerts.ifPresent(a -> TemplateAlerts.add(template, a));
        ObjectNode resources = template.putObject("Resources");
        String previous = null;
        for (PlannedPolicy planned : plan.all()) {
            String id = LogicalIds.of(planned);
            if (resources.has(id)) {
                throw new IllegalStateException("two planned policies map to the logical id " + id);
            }
            resources.set(id, resource(planned, previous));
            previous = id;
        }
        alerts.ifPresent(a -> TemplateAlerts.resources(resources, a));
        ObjectNode outputs = template.putObject("Outputs");
        ObjectNode baseline = outputs.putObject(Output.BASELINE_POLICY_ID.cloudFormationName());
        baseline.put(
                "Description",
                "The id (p-...) of the baseline policy " + plan.baseline().name());
        baseline.putObject("Value").put("Ref", LogicalIds.BASELINE);
        alerts.ifPresent(a -> TemplateAlerts.outputs(outputs, a));
        return template;
    }

    private static String description(String stack, boolean alerts) {
        return "AI services opt-out policies of stack " + stack + ", generated and proven by ai-optout."
                + " Deploy in the management account (or a delegated administrator for this policy type)."
                + " CloudFormation cannot enable a policy type: enable it once before the first deployment with "
                + ENABLE_COMMAND + "."
                + " Policies are retained when the stack is deleted or a policy leaves the template:"
                + " detach and delete those by hand."
                + (alerts
                        ? " Tamper alerts: deploy in " + AlertPlan.REGION
                                + ", where AWS Organizations delivers its events"
                                + " (with a CloudTrail trail logging management events), and confirm each subscription."
                        : "");
    }

    /** @param after the logical id of the policy attached before this one, or null for the first */
    private static ObjectNode resource(PlannedPolicy planned, String after) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("Type", RESOURCE_TYPE);
        if (after != null) {
            resource.put("DependsOn", after);
        }
        // A policy that leaves the template, or the whole stack, stays in the organization, still attached.
        resource.put("DeletionPolicy", "Retain");
        resource.put("UpdateReplacePolicy", "Retain");
        ObjectNode properties = resource.putObject("Properties");
        properties.put("Name", planned.name());
        if (planned.description() != null && !planned.description().isEmpty()) {
            properties.put("Description", planned.description());
        }
        properties.put("Type", PolicyDocument.TYPE);
        // An object rather than a string, so CloudFormation can detect drift; AWS's handler sends it
        // compact, so its size is that of the planned content, which the proof kept within the limit.
        properties.set("Content", content(planned));
        ArrayNode targets = properties.putArray("TargetIds");
        for (TargetId target : planned.targets()) {
            if (target.isRoot()) {
                targets.addObject().put("Ref", ROOT_ID_PARAMETER);
            } else {
                targets.add(target.value());
            }
        }
        if (!planned.tags().isEmpty()) {
            ArrayNode tags = properties.putArray("Tags");
            planned.tags().forEach((key, value) -> {
                ObjectNode tag = tags.addObject();
                tag.put("Key", key);
                tag.put("Value", value);
            });
        }
        return resource;
    }

    private static JsonNode content(PlannedPolicy planned) {
        try {
            return JSON.readTree(planned.content());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("planned content of " + planned.label() + " is not JSON", e);
        }
    }
}
