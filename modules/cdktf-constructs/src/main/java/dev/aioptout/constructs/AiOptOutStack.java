package dev.aioptout.constructs;

import com.hashicorp.cdktf.CloudBackend;
import com.hashicorp.cdktf.CloudBackendConfig;
import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.NamedCloudWorkspace;
import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.TaggedCloudWorkspaces;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.aioptout.layout.Layout;
import dev.aioptout.names.Output;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.ProviderVersions;
import dev.aioptout.runtime.JsiiLevers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/** One Terraform stack: provider, backend, the organization and the opt-out policies of a plan. */
public final class AiOptOutStack extends TerraformStack {

    public AiOptOutStack(Construct scope, PolicyPlan plan) {
        super(scope, plan.stackName());
        Layout layout = plan.layout();
        AwsProvider.Builder.create(this, TerraformNames.PROVIDER)
                .region(layout.region())
                .build();
        ProviderVersions.Requirement provider = ProviderVersions.of(plan);
        addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
        addOverride(
                "terraform.required_providers.aws.version",
                provider.constraint().text());
        backend(layout);
        OrganizationConstruct organization =
                new OrganizationConstruct(this, "organization", layout.organization(), provider);
        OptOutPolicies policies = new OptOutPolicies(this, plan, organization);
        List<Map<String, String>> imports = new ArrayList<>(organization.imports());
        imports.addAll(policies.imports());
        if (!imports.isEmpty()) {
            // Plain Terraform import blocks. CDKTF's importFrom() would do the same but makes synth run
            // `terraform version`, and synth must work without Terraform installed.
            addOverride("import", imports);
        }

        output(Output.ORGANIZATION_ID, organization.organization().getId());
        output(Output.ROOT_ID, organization.rootId());
        if (plan.alerts() != null) {
            alerts(layout, plan.alerts());
        }
    }

    /**
     * What CDKTF's App.synth does to each stack first (cdktf 0.19.2 {@code TerraformStack.prepareStack}):
     * it adds a local backend when there is none, then resolves every element's configuration once,
     * throwing the result away, for the cross-stack references that run may register. An
     * ai-optout app has one stack, which refers to nothing outside it: the backend step is all that
     * matters, and the resolve run was a third of CDKTF's synth time on a layout of thousands of
     * resources (docs/cdktf-runtime.md, assumption 19). {@code AI_OPTOUT_JSII=no-lean-prepare}:
     * CDKTF's own.
     */
    @Override
    public void prepareStack() {
        if (JsiiLevers.LEAN_PREPARE.on()) {
            ensureBackendExists();
        } else {
            super.prepareStack();
        }
    }

    /** Organizations delivers its events to EventBridge in us-east-1: the alerts go there, whatever the stack's region. */
    private void alerts(Layout layout, AlertPlan alerts) {
        AwsProvider provider = null;
        if (!layout.region().equals(AlertPlan.REGION)) {
            provider = AwsProvider.Builder.create(this, TerraformNames.PROVIDER + "_" + AlertPlan.PROVIDER_ALIAS)
                    .alias(AlertPlan.PROVIDER_ALIAS)
                    .region(AlertPlan.REGION)
                    .build();
        }
        TamperAlertsConstruct construct = new TamperAlertsConstruct(this, "alerts", alerts, provider);
        output(Output.ALERTS_RULE_ARN, construct.rule().getArn());
        if (construct.topic() != null) {
            output(Output.ALERTS_TOPIC_ARN, construct.topic().getArn());
        }
    }

    /** An output of the stack's own: a child of the stack, so CDKTF names it by its id. */
    private void output(Output output, String value) {
        TerraformOutput.Builder.create(this, output.name())
                .value(value)
                .description(output.description())
                .build();
    }

    /** State goes where the layout says; credentials and tokens never appear here, Terraform reads them from the environment. */
    private void backend(Layout layout) {
        if (layout.backend() instanceof Layout.LocalBackend local) {
            new LocalBackend(
                    this, LocalBackendConfig.builder().path(local.path()).build());
        } else if (layout.backend() instanceof Layout.S3Backend s3) {
            S3BackendConfig.Builder config = S3BackendConfig.builder()
                    .bucket(s3.bucket())
                    .key(s3.key())
                    .region(s3.region() == null ? layout.region() : s3.region());
            if (s3.dynamodbTable() != null) {
                config.dynamodbTable(s3.dynamodbTable());
            }
            new S3Backend(this, config.build());
            if (s3.useLockfile() != null) {
                // Newer than the CDKTF bindings: Terraform 1.10's S3 lock file.
                addOverride("terraform.backend.s3.use_lockfile", s3.useLockfile());
            }
        } else if (layout.backend() instanceof Layout.CloudBackend cloud) {
            CloudBackendConfig.Builder config = CloudBackendConfig.builder().organization(cloud.organization());
            if (cloud.workspace() != null) {
                config.workspaces(new NamedCloudWorkspace(cloud.workspace()));
            } else {
                config.workspaces(new TaggedCloudWorkspaces(cloud.tags()));
            }
            if (cloud.hostname() != null) {
                config.hostname(cloud.hostname());
            }
            new CloudBackend(this, config.build());
        }
    }
}
