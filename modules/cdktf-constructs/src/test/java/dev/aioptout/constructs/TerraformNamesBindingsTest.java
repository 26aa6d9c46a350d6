package dev.aioptout.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_organizations_organization.DataAwsOrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.data_aws_region.DataAwsRegion;
import com.hashicorp.cdktf.providers.aws.organizations_organization.OrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import dev.aioptout.names.TerraformNames;
import org.junit.jupiter.api.Test;

/**
 * The resource types the names module spells out (it knows no CDKTF) are those of the provider
 * bindings the stack creates its resources with, so an address written from them is the address
 * CDKTF gives the resource.
 */
class TerraformNamesBindingsTest {

    @Test
    void theTypesAreTheBindingsTypes() {
        assertThat(TerraformNames.ORGANIZATION_TYPE)
                .isEqualTo(OrganizationsOrganization.TF_RESOURCE_TYPE)
                .isEqualTo(DataAwsOrganizationsOrganization.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.POLICY_TYPE).isEqualTo(OrganizationsPolicy.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.ATTACHMENT_TYPE).isEqualTo(OrganizationsPolicyAttachment.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.CALLER_IDENTITY_TYPE).isEqualTo(DataAwsCallerIdentity.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.REGION_TYPE).isEqualTo(DataAwsRegion.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.EVENT_RULE_TYPE).isEqualTo(CloudwatchEventRule.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.EVENT_TARGET_TYPE).isEqualTo(CloudwatchEventTarget.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.TOPIC_TYPE).isEqualTo(SnsTopic.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.TOPIC_POLICY_TYPE).isEqualTo(SnsTopicPolicy.TF_RESOURCE_TYPE);
        assertThat(TerraformNames.SUBSCRIPTION_TYPE).isEqualTo(SnsTopicSubscription.TF_RESOURCE_TYPE);
    }
}
