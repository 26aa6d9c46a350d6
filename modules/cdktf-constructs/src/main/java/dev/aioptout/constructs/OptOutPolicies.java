package dev.aioptout.constructs;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicyConfig;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachmentConfig;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import dev.aioptout.runtime.ResourceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planned policies and one attachment per target. Exception attachments wait for the
 * baseline's, so that at a node both reach, the order AWS sees is the one the engine proved (at
 * one node the first attached policy wins: docs/policy-semantics.md, section 5.3). An adopted
 * policy is imported instead of created, and so is each attachment it has already: its content is
 * replaced in place and it keeps its id and its place in every node's attachment order. An OU the
 * layout named by its path carries the path in a comment beside its id.
 *
 * <p>A layout of 500 exceptions on 2,000 OUs makes 2,500 resources, so they are created in Node.js
 * in one call ({@link ResourceBatch}), as children of the stack named by their Terraform names. An
 * attachment names its policy's id by the reference CDKTF writes for {@code policy.getId()}.
 */
public final class OptOutPolicies {

    private final List<Map<String, String>> imports = new ArrayList<>();
    private final ResourceBatch batch = new ResourceBatch();

    public OptOutPolicies(TerraformStack stack, PolicyPlan plan, OrganizationConstruct organization) {
        List<String> baselineAttachments = add(plan.baseline(), organization, List.of());
        for (PlannedPolicy exception : plan.exceptions()) {
            add(exception, organization, baselineAttachments);
        }
        batch.createIn(stack);
    }

    /** Adds the policy and its attachments to the batch; returns the attachments' Terraform addresses. */
    private List<String> add(PlannedPolicy planned, OrganizationConstruct organization, List<String> after) {
        String name = TerraformNames.policy(planned.key(), planned.role() == PlannedPolicy.Role.BASELINE);
        OrganizationsPolicyConfig.Builder policy = OrganizationsPolicyConfig.builder()
                .name(planned.name())
                .description(planned.description())
                .type(PolicyDocument.TYPE)
                .content(planned.content());
        if (!planned.tags().isEmpty()) {
            policy.tags(planned.tags());
        }
        // Policies can only be created once the organization exists.
        batch.add(
                OrganizationsPolicy.class, name, policy.build(), List.of(organization.organizationAddress()), Map.of());
        String address = TerraformNames.address(TerraformNames.POLICY_TYPE, name);
        if (planned.adopt() != null) {
            imports.add(TerraformNames.importBlock(address, planned.adopt()));
        }
        // What CDKTF writes for policy.getId(), the logical id being the name.
        String policyId = TerraformJson.reference(address, "id");
        List<String> attachments = new ArrayList<>();
        for (TargetId target : planned.targets()) {
            String attachmentName = TerraformNames.attachmentKey(name, target.value());
            String attachmentAddress = TerraformNames.address(TerraformNames.ATTACHMENT_TYPE, attachmentName);
            OrganizationsPolicyAttachmentConfig attachment = OrganizationsPolicyAttachmentConfig.builder()
                    .policyId(policyId)
                    .targetId(target.isRoot() ? organization.rootId() : target.value())
                    .build();
            List<String> dependsOn = new ArrayList<>(after);
            if (!target.isRoot()) {
                // A literal target id carries no reference: wait for the policy type explicitly.
                dependsOn.add(organization.organizationAddress());
            }
            // The id is what AWS attaches to; the path says which OU was meant, so a renamed OU shows in review.
            Map<String, String> comment =
                    target.path() == null ? Map.of() : Map.of(TerraformJson.commentOverride(), "OU " + target.path());
            batch.add(OrganizationsPolicyAttachment.class, attachmentName, attachment, dependsOn, comment);
            if (planned.attachedAlready().contains(target)) {
                imports.add(TerraformNames.importBlock(
                        attachmentAddress,
                        TerraformNames.attachmentImportId(
                                // The root's r- id is not in the layout: Terraform reads it at plan time (checked with
                                // 1.11).
                                target.isRoot()
                                        ? TerraformJson.expression(organization.existingRootId())
                                        : target.value(),
                                planned.adopt())));
            }
            attachments.add(attachmentAddress);
        }
        return attachments;
    }

    /** The import blocks of the adopted policies and their attachments, in plan order. */
    public List<Map<String, String>> imports() {
        return imports;
    }
}
