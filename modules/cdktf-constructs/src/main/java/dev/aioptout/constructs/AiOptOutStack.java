package dev.aioptout.constructs;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.aioptout.layout.Layout;
import dev.aioptout.plan.PolicyPlan;
import software.constructs.Construct;

/** One Terraform stack: provider, backend, the organization and the opt-out policies of a plan. */
public final class AiOptOutStack extends TerraformStack {

    /** Any 5.x from the version the provider bindings were generated for. */
    public static final String PROVIDER_CONSTRAINT = ">= 5.23.1, < 6.0.0";

    public AiOptOutStack(Construct scope, PolicyPlan plan) {
        super(scope, plan.layout().stackName());
        Layout layout = plan.layout();
        AwsProvider.Builder.create(this, TerraformNames.PROVIDER).region(layout.region()).build();
        addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
        addOverride("terraform.required_providers.aws.version", PROVIDER_CONSTRAINT);
        if (layout.backend() instanceof Layout.LocalBackend local) {
            new LocalBackend(this, LocalBackendConfig.builder().path(local.path()).build());
        }
        OrganizationConstruct organization = new OrganizationConstruct(this, "organization", layout.organization());
        new OptOutPoliciesConstruct(this, "policies", plan, organization);

        TerraformOutput.Builder.create(this, "organization_id").value(organization.organization().getId())
                .description("The organization's id").build().overrideLogicalId("organization_id");
        TerraformOutput.Builder.create(this, "root_id").value(organization.rootId())
                .description("The root the AI opt-out policy type is enabled on").build().overrideLogicalId("root_id");
    }
}
