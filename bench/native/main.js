// The default layout's stack (embedded default-layout.yaml) written directly against CDKTF's
// native JavaScript runtime: the same provider, backend, three resources and two outputs that
// `ai-optout synth` writes, so bench/synth-bench.sh can compare the two and check they agree.
// Imports name each resource's own module, as the provider's documentation does; the package's
// index would load all of its 1,792 modules.
"use strict";
const { Construct } = require("constructs");
const { App, LocalBackend, TerraformOutput, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { OrganizationsOrganization } = require("@cdktf/provider-aws/lib/organizations-organization");
const { OrganizationsPolicy } = require("@cdktf/provider-aws/lib/organizations-policy");
const { OrganizationsPolicyAttachment } = require("@cdktf/provider-aws/lib/organizations-policy-attachment");

const POLICY_TYPE = "AISERVICES_OPT_OUT_POLICY";
const NONE = { "@@operators_allowed_for_child_policies": ["@@none"] };
const CONTENT = JSON.stringify({
  services: { ...NONE, default: { ...NONE, opt_out_policy: { "@@assign": "optOut", ...NONE } } },
});

class OptOutStack extends TerraformStack {
  constructor(scope, name) {
    super(scope, name);
    new AwsProvider(this, "aws", { region: "us-east-1" });
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    this.addOverride("terraform.required_providers.aws.version", ">= 5.23.1, < 7.0.0");
    new LocalBackend(this, { path: "terraform.ai-optout.tfstate" });

    const organizationScope = new Construct(this, "organization");
    const organization = new OrganizationsOrganization(organizationScope, "organization", {
      featureSet: "ALL",
      enabledPolicyTypes: [POLICY_TYPE],
      lifecycle: { preventDestroy: true },
    });
    organization.overrideLogicalId("organization");

    // Children of the stack, so their ids are their logical ids, as ai-optout makes them.
    const baseline = new OrganizationsPolicy(this, "baseline", {
      name: "ai-optout-all-services",
      description: "Opt out of AI services data use. Managed by ai-optout.",
      type: POLICY_TYPE,
      content: CONTENT,
      dependsOn: [organization],
    });
    const rootId = organization.roots.get(0).id;
    new OrganizationsPolicyAttachment(this, "baseline_root", {
      policyId: baseline.id,
      targetId: rootId,
    });

    new TerraformOutput(this, "organization_id", {
      value: organization.id,
      description: "The organization's id",
    });
    new TerraformOutput(this, "root_id", {
      value: rootId,
      description: "The root the AI opt-out policy type is enabled on",
    });
  }
}

const app = new App({ stackTraces: false, outdir: process.argv[2] || "cdktf.out" });
new OptOutStack(app, "ai-optout");
app.synth();
