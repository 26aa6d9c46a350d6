package dev.aioptout.constructs;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_organizations_organization.DataAwsOrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_organization.OrganizationsOrganization;
import dev.aioptout.layout.Layout;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.ProviderVersions;
import dev.aioptout.policy.PolicyDocument;
import java.util.ArrayList;
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
    private final List<Map<String, String>> imports = new ArrayList<>();

    /** @param provider what the stack requires of hashicorp/aws, and which enabled policy types that accepts */
    public OrganizationConstruct(
            Construct scope, String id, Layout.OrganizationSpec spec, ProviderVersions.Requirement provider) {
        super(scope, id);
        TerraformResourceLifecycle keep =
                TerraformResourceLifecycle.builder().preventDestroy(true).build();
        if (spec.mode() == Layout.Mode.CREATE) {
            organization = OrganizationsOrganization.Builder.create(this, TerraformNames.ORGANIZATION)
                    .featureSet("ALL")
                    .enabledPolicyTypes(List.of(PolicyDocument.TYPE))
                    .lifecycle(keep)
                    .build();
        } else {
            List<Postcondition> checks = new ArrayList<>(List.of(
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
                            .build()));
            checks.add(enabledTypesAccepted(spec.id(), provider));
            DataAwsOrganizationsOrganization existing = DataAwsOrganizationsOrganization.Builder.create(
                            this, TerraformNames.EXISTING_ORGANIZATION)
                    .lifecycle(TerraformResourceLifecycle.builder()
                            .postcondition(checks)
                            .build())
                    .build();
            // Names are fixed before any reference to the element is taken.
            existing.overrideLogicalId(TerraformNames.EXISTING_ORGANIZATION);
            organization = OrganizationsOrganization.Builder.create(this, TerraformNames.ORGANIZATION)
                    .featureSet("ALL")
                    .enabledPolicyTypes(
                            Fn.setunion(existing.getEnabledPolicyTypes(), List.of(List.of(PolicyDocument.TYPE))))
                    .awsServiceAccessPrincipals(existing.getAwsServiceAccessPrincipals())
                    .lifecycle(keep)
                    .build();
            imports.add(TerraformNames.importBlock(organizationAddress(), spec.id()));
        }
        organization.overrideLogicalId(TerraformNames.ORGANIZATION);
    }

    /**
     * Stops the plan before the provider sees a policy type it may not accept: every enabled type
     * other than those the oldest allowed provider is known to accept (and those the layout's
     * {@code provider.version} vouches for), each named with the version that accepts it where one
     * is known. Never by leaving the type out: the organization resource would then disable it.
     */
    private static Postcondition enabledTypesAccepted(String organizationId, ProviderVersions.Requirement provider) {
        String accepted = "["
                + String.join(
                        ", ",
                        provider.accepted().stream().map(t -> "\"" + t + "\"").toList())
                + "]";
        // What each refused type's message says. Spaced as terraform fmt writes it, so the HCL output passes fmt
        // -check.
        String needs = provider.needed().isEmpty()
                ? "{}"
                : "{ "
                        + String.join(
                                ", ",
                                provider.needed().entrySet().stream()
                                        .map(e -> e.getKey() + " = \"needs hashicorp/aws >= " + e.getValue() + "\"")
                                        .toList())
                        + " }";
        String refused = "setsubtract(self.enabled_policy_types, " + accepted + ")";
        String oldest = provider.constraint().oldest().toString();
        return Postcondition.builder()
                .condition("${length(" + refused + ") == 0}")
                .errorMessage("ai-optout: organization " + organizationId + " has policy types enabled that"
                        + " hashicorp/aws " + oldest + " (the oldest version this configuration allows) is not known to"
                        + " accept in enabled_policy_types, and the stack keeps every enabled type (leaving one out"
                        + " would disable it): ${join(\", \", [for t in sort(" + refused + ") : \"${t} ${lookup("
                        + needs + ", t, \"(ai-optout knows no hashicorp/aws version that accepts it)\")}\"])}. Take a"
                        + " current snapshot (ai-optout snapshot) and run ai-optout synth --org with it: the stack then"
                        + " requires a version that accepts them, or, for a type ai-optout knows no version for, asks"
                        + " for provider.version in the layout; then run terraform init -upgrade.")
                .build();
    }

    /** The import blocks the organization needs (adopt mode), for the stack to write with every other. */
    public List<Map<String, String>> imports() {
        return imports;
    }

    public OrganizationsOrganization organization() {
        return organization;
    }

    /** The organization resource's Terraform address, for its import block and for dependencies in a {@link dev.aioptout.runtime.ResourceBatch}. */
    public String organizationAddress() {
        return TerraformNames.address(TerraformNames.ORGANIZATION_TYPE, TerraformNames.ORGANIZATION);
    }

    /** The root's id as the adopt mode's data source reads it at plan time, for import ids; adopt mode only. */
    public String existingRootId() {
        return TerraformJson.attribute(
                TerraformNames.dataAddress(TerraformNames.ORGANIZATION_TYPE, TerraformNames.EXISTING_ORGANIZATION),
                "roots[0].id");
    }

    /** The root's id, as a reference, so that attachments wait until the policy type is enabled. */
    public String rootId() {
        return organization.getRoots().get(0).getId();
    }
}
