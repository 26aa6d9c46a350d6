package dev.aioptout.constructs;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_organizations_organization.DataAwsOrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_organization.OrganizationsOrganization;
import dev.aioptout.layout.Layout;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The organization, created or adopted, with the AI opt-out policy type enabled and
 * {@code prevent_destroy} set.
 *
 * <p>Adopting is the dangerous case (docs/policy-semantics.md, section 8): a resource that lists only
 * the AI type would, once imported, disable every other policy type (detaching every SCP) and
 * drop every trusted service. So an adopted organization keeps what it has: the enabled types
 * and trusted services are read at plan time from the data source and carried over, the AI type
 * added. Postconditions on that read stop the plan with a clear message when the credentials see
 * another organization or the organization lacks all features.
 */
public final class OrganizationConstruct extends Construct {

    private final OrganizationsOrganization organization;

    public OrganizationConstruct(Construct scope, String id, Layout.OrganizationSpec spec) {
        super(scope, id);
        TerraformResourceLifecycle keep =
                TerraformResourceLifecycle.builder().preventDestroy(true).build();
        if (spec.mode() == Layout.Mode.CREATE) {
            organization = OrganizationsOrganization.Builder.create(this, TerraformNames.ORGANIZATION)
                    .featureSet("ALL")
                    .enabledPolicyTypes(List.of(TerraformNames.AI_POLICY_TYPE))
                    .lifecycle(keep)
                    .build();
        } else {
            DataAwsOrganizationsOrganization existing = DataAwsOrganizationsOrganization.Builder.create(
                            this, TerraformNames.EXISTING_ORGANIZATION)
                    .lifecycle(TerraformResourceLifecycle.builder()
                            .postcondition(List.of(
                                    Postcondition.builder()
                                            .condition("${self.id == \"" + spec.id() + "\"}")
                                            .errorMessage(
                                                    "ai-optout: the credentials in use belong to organization ${self.id}, but the layout adopts "
                                                            + spec.id()
                                                            + ". Run with the management account (or a delegated administrator) of "
                                                            + spec.id()
                                                            + ", or correct organization.id in the layout file.")
                                            .build(),
                                    Postcondition.builder()
                                            .condition("${self.feature_set == \"ALL\"}")
                                            .errorMessage("ai-optout: organization " + spec.id()
                                                    + " has only consolidated billing features, and AI"
                                                    + " opt-out policies need all features (AWS answers PolicyTypeNotAvailableForOrganizationException)."
                                                    + " Enable all features (aws organizations enable-all-features; every member account must"
                                                    + " approve), then plan again.")
                                            .build()))
                            .build())
                    .build();
            // Names are fixed before any reference to the element is taken.
            existing.overrideLogicalId(TerraformNames.EXISTING_ORGANIZATION);
            organization = OrganizationsOrganization.Builder.create(this, TerraformNames.ORGANIZATION)
                    .featureSet("ALL")
                    .enabledPolicyTypes(Fn.setunion(
                            existing.getEnabledPolicyTypes(), List.of(List.of(TerraformNames.AI_POLICY_TYPE))))
                    .awsServiceAccessPrincipals(existing.getAwsServiceAccessPrincipals())
                    .lifecycle(keep)
                    .build();
            // A plain Terraform import block. CDKTF's importFrom() would do the same but makes
            // synth run `terraform version`, and synth must work without Terraform installed.
            TerraformStack.of(this)
                    .addOverride(
                            "import",
                            List.of(Map.of(
                                    "to",
                                    "aws_organizations_organization." + TerraformNames.ORGANIZATION,
                                    "id",
                                    spec.id())));
        }
        organization.overrideLogicalId(TerraformNames.ORGANIZATION);
    }

    public OrganizationsOrganization organization() {
        return organization;
    }

    /** The root's id, as a reference, so that attachments wait until the policy type is enabled. */
    public String rootId() {
        return organization.getRoots().get(0).getId();
    }
}
