package dev.aioptout.constructs;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The planned policies and one attachment per target. Exception attachments wait for the
 * baseline's, so that at a node both reach, the order AWS sees is the one the engine proved (at
 * one node the first attached policy wins: docs/policy-semantics.md, section 5.3).
 */
public final class OptOutPoliciesConstruct extends Construct {

    public OptOutPoliciesConstruct(Construct scope, String id, PolicyPlan plan, OrganizationConstruct organization) {
        super(scope, id);
        List<ITerraformDependable> baselineAttachments = create(plan.baseline(), organization, List.of());
        for (PlannedPolicy exception : plan.exceptions()) {
            create(exception, organization, baselineAttachments);
        }
    }

    private List<ITerraformDependable> create(
            PlannedPolicy planned, OrganizationConstruct organization, List<ITerraformDependable> after) {
        String name = TerraformNames.policy(planned.key(), planned.role() == PlannedPolicy.Role.BASELINE);
        OrganizationsPolicy.Builder builder = OrganizationsPolicy.Builder.create(this, name)
                .name(planned.name())
                .description(planned.description())
                .type(TerraformNames.AI_POLICY_TYPE)
                .content(planned.content())
                // Policies can only be created once the organization exists.
                .dependsOn(List.of(organization.organization()));
        if (!planned.tags().isEmpty()) {
            builder.tags(planned.tags());
        }
        OrganizationsPolicy policy = builder.build();
        policy.overrideLogicalId(name);
        // Every jsii call crosses to Node.js: take each reference once, not once per target.
        String policyId = policy.getId();
        List<ITerraformDependable> attachments = new ArrayList<>();
        for (TargetId target : planned.targets()) {
            String attachmentName = TerraformNames.attachment(name, target.value());
            OrganizationsPolicyAttachment.Builder attachment = OrganizationsPolicyAttachment.Builder.create(
                            this, attachmentName)
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
            built.overrideLogicalId(attachmentName);
            attachments.add(built);
        }
        return attachments;
    }
}
