package dev.aioptout.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The names every output shares, as the README documents them and users' state holds them. */
class TerraformNamesTest {

    @Test
    void policiesAndAttachmentsAreNamedAsTheReadmeSays() {
        assertThat(TerraformNames.policy("baseline", true)).isEqualTo("baseline");
        assertThat(TerraformNames.policy("sandbox-lex", false)).isEqualTo("exception_sandbox-lex");
        assertThat(TerraformNames.attachmentKey(TerraformNames.policy("baseline", true), "root"))
                .isEqualTo("baseline_root");
        assertThat(TerraformNames.attachmentKey(TerraformNames.policy("sandbox-lex", false), "ou-ab12-34567890"))
                .isEqualTo("exception_sandbox-lex_ou-ab12-34567890");
        // The module keys its exception attachments by the exception's own name.
        assertThat(TerraformNames.attachmentKey("sandbox-lex", "111122223333")).isEqualTo("sandbox-lex_111122223333");
    }

    @Test
    void addressesAndImportIds() {
        assertThat(TerraformNames.address(TerraformNames.POLICY_TYPE, "baseline"))
                .isEqualTo("aws_organizations_policy.baseline");
        assertThat(TerraformNames.dataAddress(TerraformNames.ORGANIZATION_TYPE, TerraformNames.EXISTING_ORGANIZATION))
                .isEqualTo("data.aws_organizations_organization.existing");
        assertThat(TerraformNames.instance(TerraformNames.address(TerraformNames.TOPIC_TYPE, TerraformNames.ALERTS), 0))
                .isEqualTo("aws_sns_topic.tamper_alerts[0]");
        // The provider's attachment id: target, then policy.
        assertThat(TerraformNames.attachmentImportId("ou-ab12-34567890", "p-12345678"))
                .isEqualTo("ou-ab12-34567890:p-12345678");
        // id before to, as the golden files have it.
        assertThat(TerraformNames.importBlock("aws_organizations_policy.baseline", "p-12345678"))
                .containsExactly(
                        java.util.Map.entry("id", "p-12345678"),
                        java.util.Map.entry("to", "aws_organizations_policy.baseline"));
    }

    @Test
    void referencesAreWholeInterpolationsOfATraversal() {
        assertThat(TerraformJson.reference("aws_organizations_policy.baseline", "id"))
                .isEqualTo("${aws_organizations_policy.baseline.id}");
        assertThat(TerraformJson.expression("a == b")).isEqualTo("${a == b}");
        assertThat(TerraformJson.traversal("${aws_sns_topic.tamper_alerts[0].arn}"))
                .isEqualTo("aws_sns_topic.tamper_alerts[0].arn");
        assertThat(TerraformJson.traversal("${data.aws_organizations_organization.existing.roots[0].id}"))
                .isEqualTo("data.aws_organizations_organization.existing.roots[0].id");
        for (String notOne : List.of(
                "${f(x)}", "${a.b} ", "x${a.b}", "${a == b}", "${a[\"k\"]}", "$${a.b}", "${}", "${1a}", "plain")) {
            assertThat(TerraformJson.traversal(notOne)).as(notOne).isNull();
        }
        assertThat(TerraformJson.commentOverride()).isEqualTo("//.comment");
    }

    @Test
    void cloudFormationNamesAnOutputInPascalCase() {
        assertThat(Output.ALERTS_RULE_ARN.cloudFormationName()).isEqualTo("TamperAlertsRuleArn");
        assertThat(Output.ALERTS_TOPIC_ARN.cloudFormationName()).isEqualTo("TamperAlertsTopicArn");
        assertThat(Output.BASELINE_POLICY_ID.cloudFormationName()).isEqualTo("BaselinePolicyId");
        assertThat(new Output("a__b_", "").cloudFormationName()).isEqualTo("AB");
        assertThat(List.of(Output.ORGANIZATION_ID, Output.ROOT_ID, Output.BASELINE_POLICY_ID, Output.ALERTS_RULE_ARN))
                .allSatisfy(o -> assertThat(o.name()).matches("[a-z]+(_[a-z]+)*"));
    }
}
