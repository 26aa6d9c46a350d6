package dev.aioptout.constructs;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The planned policies and one attachment per target. Exception attachments wait for the
 * baseline's, so that at a node both reach, the order AWS sees is the one the engine proved (at
 * one node the first attached policy wins: docs/policy-semantics.md, section 5.3). An adopted
 * policy is imported instead of created, and so is each attachment it has already: its content is
 * replaced in place and it keeps its id and its place in every node's attachment order. An OU the
 * layout named by its path carries the path in a comment beside its id.
 *
 * <p>Every call into CDKTF crosses to Node.js, and a layout of 500 exceptions on 2,000 OUs makes
 * 2,500 resources, so each resource costs one call: they are the stack's own children, named by
 * their Terraform names, so that CDKTF gives each that name as its logical id by itself (an override
 * would be a second call), and an attachment names its policy's id by the Terraform reference CDKTF
 * would write for {@code policy.getId()} (which is a call per policy: 500 of the 3,000 there were).
 */
public final class OptOutPolicies {

    /**
     * The ids CDKTF keeps as they are for a child of the stack (cdktf's makeUniqueId: it drops other
     * characters, hashes longer ids, and leaves out an id of "Default").
     */
    private static final Pattern KEPT_AS_LOGICAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    /** A comment in a block's {@code //} object, which Terraform ignores and the HCL output writes as a comment. */
    public static final String COMMENT = "comment";

    private final List<Map<String, String>> imports = new ArrayList<>();
    private final TerraformStack stack;

    public OptOutPolicies(TerraformStack stack, PolicyPlan plan, OrganizationConstruct organization) {
        this.stack = stack;
        List<ITerraformDependable> baselineAttachments = create(plan.baseline(), organization, List.of());
        for (PlannedPolicy exception : plan.exceptions()) {
            create(exception, organization, baselineAttachments);
        }
    }

    private List<ITerraformDependable> create(
            PlannedPolicy planned, OrganizationConstruct organization, List<ITerraformDependable> after) {
        String name = TerraformNames.policy(planned.key(), planned.role() == PlannedPolicy.Role.BASELINE);
        OrganizationsPolicy.Builder builder = OrganizationsPolicy.Builder.create(stack, name)
                .name(planned.name())
                .description(planned.description())
                .type(PolicyDocument.TYPE)
                .content(planned.content())
                // Policies can only be created once the organization exists.
                .dependsOn(List.of(organization.organization()));
        if (!planned.tags().isEmpty()) {
            builder.tags(planned.tags());
        }
        named(builder.build(), name);
        String address = OrganizationsPolicy.TF_RESOURCE_TYPE + "." + name;
        if (planned.adopt() != null) {
            imports.add(TerraformNames.importBlock(address, planned.adopt()));
        }
        // What CDKTF writes for policy.getId(): the logical id is always the name (see named()).
        String policyId = "${" + address + ".id}";
        List<ITerraformDependable> attachments = new ArrayList<>();
        for (TargetId target : planned.targets()) {
            String attachmentName = TerraformNames.attachment(name, target.value());
            OrganizationsPolicyAttachment.Builder attachment = OrganizationsPolicyAttachment.Builder.create(
                            stack, attachmentName)
                    .policyId(policyId)
                    .targetId(target.isRoot() ? organization.rootId() : target.value());
            List<ITerraformDependable> dependsOn = new ArrayList<>(after);
            if (!target.isRoot()) {
                // A literal target id carries no reference: wait for the policy type explicitly.
                dependsOn.add(organization.organization());
            }
            if (!dependsOn.isEmpty()) {
                attachment.dependsOn(dependsOn);
            }
            OrganizationsPolicyAttachment built = attachment.build();
            named(built, attachmentName);
            if (target.path() != null) {
                // The id is what AWS attaches to; the path says which OU was meant, so a renamed OU shows in review.
                built.addOverride("//." + COMMENT, "OU " + target.path());
            }
            if (planned.attachedAlready().contains(target)) {
                imports.add(TerraformNames.importBlock(
                        OrganizationsPolicyAttachment.TF_RESOURCE_TYPE + "." + attachmentName,
                        // The root's r- id is not in the layout: Terraform reads it at plan time (checked with 1.11).
                        (target.isRoot() ? "${" + organization.existingRootId() + "}" : target.value()) + ":"
                                + planned.adopt()));
            }
            attachments.add(built);
        }
        return attachments;
    }

    /** Overrides the logical id only where CDKTF would not keep the construct id as it is. */
    private static void named(TerraformResource resource, String name) {
        if (!KEPT_AS_LOGICAL_ID.matcher(name).matches() || name.equals("Default")) {
            resource.overrideLogicalId(name);
        }
    }

    /** The import blocks of the adopted policies and their attachments, in plan order. */
    public List<Map<String, String>> imports() {
        return imports;
    }
}
