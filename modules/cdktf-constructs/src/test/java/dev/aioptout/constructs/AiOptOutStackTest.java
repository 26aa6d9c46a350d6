package dev.aioptout.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.AgainstOrganization;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthesised Terraform JSON, field by field, for the create and adopt cases. */
class AiOptOutStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AI = "AISERVICES_OPT_OUT_POLICY";

    private static JsonNode synth(String yaml) throws Exception {
        LayoutFile.Loaded loaded =
                LayoutFile.parse("test.yaml", yaml, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
        assertThat(loaded.problems()).filteredOn(p -> p.isError()).isEmpty();
        PolicyPlan plan = Planner.plan(loaded.layout());
        App app = Testing.app();
        AiOptOutStack stack = new AiOptOutStack(app, plan);
        return JSON.readTree(Testing.synth(stack));
    }

    @Test
    void createModeEnablesThePolicyTypeAndAttachesTheBaselineToTheRoot() throws Exception {
        JsonNode tf = synth("version: 1\n");
        JsonNode org = tf.at("/resource/aws_organizations_organization/organization");
        assertThat(org.path("feature_set").asText()).isEqualTo("ALL");
        assertThat(org.path("enabled_policy_types")).hasSize(1);
        assertThat(org.path("enabled_policy_types").get(0).asText()).isEqualTo(AI);
        assertThat(org.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(tf.has("import")).isFalse();
        assertThat(tf.has("data")).isFalse();

        JsonNode policy = tf.at("/resource/aws_organizations_policy/baseline");
        assertThat(policy.path("type").asText()).isEqualTo(AI);
        assertThat(policy.path("name").asText()).isEqualTo("ai-optout-all-services");
        assertThat(policy.path("content").asText())
                .isEqualTo(
                        "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"opt_out_policy\":{\"@@assign\":\"optOut\",\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}");

        JsonNode attachments = tf.at("/resource/aws_organizations_policy_attachment");
        assertThat(names(attachments)).containsExactly("baseline_root");
        assertThat(attachments.at("/baseline_root/target_id").asText())
                .isEqualTo("${aws_organizations_organization.organization.roots[0].id}");
        assertThat(attachments.at("/baseline_root/policy_id").asText())
                .isEqualTo("${aws_organizations_policy.baseline.id}");
        assertThat(tf.at("/provider/aws/0/region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void adoptModeImportsAndKeepsEveryEnabledPolicyTypeAndTrustedService() throws Exception {
        JsonNode tf = synth("""
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                """);
        assertThat(tf.path("import")).hasSize(1);
        assertThat(tf.at("/import/0/id").asText()).isEqualTo("o-exampleorgid");
        assertThat(tf.at("/import/0/to").asText()).isEqualTo("aws_organizations_organization.organization");

        JsonNode org = tf.at("/resource/aws_organizations_organization/organization");
        assertThat(org.path("enabled_policy_types").asText())
                .contains("setunion(")
                .contains("data.aws_organizations_organization.existing.enabled_policy_types")
                .contains("\"" + AI + "\"");
        assertThat(org.path("aws_service_access_principals").asText())
                .contains("data.aws_organizations_organization.existing.aws_service_access_principals");
        assertThat(org.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();

        JsonNode checks = tf.at("/data/aws_organizations_organization/existing/lifecycle/postcondition");
        assertThat(checks).hasSize(3);
        assertThat(checks.get(0).path("condition").asText()).isEqualTo("${self.id == \"o-exampleorgid\"}");
        assertThat(checks.get(1).path("condition").asText()).isEqualTo("${self.feature_set == \"ALL\"}");
        assertThat(checks.get(1).path("error_message").asText()).contains("enable-all-features");
        // Every enabled type but those the oldest allowed provider (5.23.1 here) is known to accept stops the plan:
        // a newer type named with the version it needs, a type ai-optout knows no version for as such.
        assertThat(checks.get(2).path("condition").asText())
                .isEqualTo("${length(setsubtract(self.enabled_policy_types, [\"AISERVICES_OPT_OUT_POLICY\","
                        + " \"BACKUP_POLICY\", \"CHATBOT_POLICY\", \"DECLARATIVE_POLICY_EC2\", \"RESOURCE_CONTROL_POLICY\","
                        + " \"SERVICE_CONTROL_POLICY\", \"TAG_POLICY\"])) == 0}");
        assertThat(checks.get(2).path("error_message").asText())
                .contains("hashicorp/aws 5.23.1 (the oldest version this configuration allows)")
                .contains("SECURITYHUB_POLICY = \"needs hashicorp/aws >= 6.22.0\"")
                .contains("S3_POLICY = \"needs hashicorp/aws >= 6.26.0\"")
                .contains("t, \"(ai-optout knows no hashicorp/aws version that accepts it)\")");
        assertThat(tf.at("/terraform/required_providers/aws/version").asText()).isEqualTo(">= 5.23.1, < 7.0.0");
    }

    @Test
    void adoptedPoliciesAndTheirAttachmentsAreImportedAndPathsStayBesideTheirIds() throws Exception {
        String org = """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12",
                 "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "SECURITYHUB_POLICY", "AISERVICES_OPT_OUT_POLICY"],
                 "policies": [
                   {"id": "p-11111111", "name": "guide", "content": "{\\"services\\":{\\"default\\":{\\"opt_out_policy\\":{\\"@@assign\\":\\"optOut\\"}}}}"},
                   {"id": "p-22222222", "name": "lex", "content": "{\\"services\\":{\\"lex\\":{\\"opt_out_policy\\":{\\"@@assign\\":\\"optIn\\"}}}}"}],
                 "root": {"id": "r-ab12", "name": "Root", "policies": ["p-11111111"], "children": [
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-11111111", "name": "Sand/box", "policies": ["p-22222222"],
                    "children": [{"type": "ACCOUNT", "id": "111111111111", "name": "a", "state": "ACTIVE", "policies": []}]},
                   {"type": "ACCOUNT", "id": "222222222222", "name": "b", "state": "ACTIVE", "policies": []}]}}
                """;
        Organization organization = OrganizationFile.read("org.json", org).organization();
        LayoutFile.Loaded loaded =
                LayoutFile.parse("test.yaml", """
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                policy: {adopt: p-11111111}
                exceptions:
                  - name: sandbox-lex
                    adopt: p-22222222
                    targets: ['/Sand\\/box', "222222222222"]
                    services: {lex: optIn}
                    reason: imported
                """, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
        assertThat(loaded.problems()).filteredOn(p -> p.isError()).isEmpty();
        AgainstOrganization.Resolved resolved = AgainstOrganization.resolve(loaded.layout(), organization, "org.json");
        assertThat(resolved.problems()).isEmpty();
        // The full synthesis keeps each block's "//" object, where the path goes (Testing.synth drops it).
        String out = Testing.fullSynth(new AiOptOutStack(Testing.app(), resolved.plan()));
        JsonNode tf = JSON.readTree(
                java.nio.file.Path.of(out, "stacks", "ai-optout", "cdk.tf.json").toFile());

        List<String> imports = new ArrayList<>();
        tf.path("import")
                .forEach(i -> imports.add(
                        i.path("to").asText() + " <- " + i.path("id").asText()));
        assertThat(imports)
                .containsExactly(
                        "aws_organizations_organization.organization <- o-exampleorgid",
                        "aws_organizations_policy.baseline <- p-11111111",
                        "aws_organizations_policy_attachment.baseline_root <-"
                                + " ${data.aws_organizations_organization.existing.roots[0].id}:p-11111111",
                        "aws_organizations_policy.exception_sandbox-lex <- p-22222222",
                        // Attached to the OU already: imported; the account is a new attachment, created.
                        "aws_organizations_policy_attachment.exception_sandbox-lex_ou-ab12-11111111 <-"
                                + " ou-ab12-11111111:p-22222222");
        JsonNode ou = tf.at("/resource/aws_organizations_policy_attachment/exception_sandbox-lex_ou-ab12-11111111");
        assertThat(ou.path("target_id").asText()).isEqualTo("ou-ab12-11111111");
        assertThat(ou.path("//").path("comment").asText()).isEqualTo("OU /Sand\\/box");
        assertThat(tf.at("/resource/aws_organizations_policy_attachment/exception_sandbox-lex_222222222222")
                        .path("//")
                        .has("comment"))
                .isFalse();
        // SECURITYHUB_POLICY is enabled: the stack requires a provider that accepts it, and lets it through.
        assertThat(tf.at("/terraform/required_providers/aws/version").asText()).isEqualTo(">= 6.22.0, < 7.0.0");
        JsonNode checks = tf.at("/data/aws_organizations_organization/existing/lifecycle/postcondition");
        assertThat(checks.get(2).path("condition").asText())
                .contains("\"SECURITYHUB_POLICY\"", "\"SERVICE_CONTROL_POLICY\"")
                .doesNotContain("BEDROCK_POLICY", "UPGRADE_ROLLOUT_POLICY");
        assertThat(checks.get(2).path("error_message").asText())
                .contains("hashicorp/aws 6.22.0 (the oldest")
                .contains("{ BEDROCK_POLICY = \"needs hashicorp/aws >= 6.26.0\", INSPECTOR_POLICY = ")
                .doesNotContain("SECURITYHUB_POLICY =");
    }

    /**
     * GUARDDUTY_POLICY has no provider version this ai-optout knows: with provider.version the stack
     * carries the user's constraint verbatim and lets the type through at plan time, and still stops on
     * a type the file did not show.
     */
    @Test
    void aTypeWithNoKnownProviderVersionIsLetThroughUnderTheLayoutsProviderVersion() throws Exception {
        Organization organization = OrganizationFile.read("org.json", """
                        {"organizationId": "o-exampleorgid", "rootId": "r-ab12",
                         "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "GUARDDUTY_POLICY"], "policies": [],
                         "root": {"id": "r-ab12", "name": "Root", "policies": [], "children": [
                           {"type": "ACCOUNT", "id": "111111111111", "name": "a", "state": "ACTIVE", "policies": []}]}}
                        """).organization();
        LayoutFile.Loaded loaded =
                LayoutFile.parse("test.yaml", """
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                provider: {version: "~> 6.40"}
                """, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
        AgainstOrganization.Proven proven = AgainstOrganization.prove(loaded.layout(), organization, "org.json");
        assertThat(proven.ok()).isTrue();
        assertThat(proven.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.format())
                        .contains("warning")
                        .contains("GUARDDUTY_POLICY")
                        .contains("relies on provider.version \"~> 6.40\""));
        JsonNode tf = JSON.readTree(Testing.synth(new AiOptOutStack(Testing.app(), proven.plan())));
        assertThat(tf.at("/terraform/required_providers/aws/version").asText()).isEqualTo("~> 6.40");
        String condition = tf.at("/data/aws_organizations_organization/existing/lifecycle/postcondition/2/condition")
                .asText();
        // 6.40 is past every known type's version, and GUARDDUTY_POLICY is vouched for; anything else still stops.
        assertThat(condition)
                .startsWith("${length(setsubtract(self.enabled_policy_types, [")
                .contains("\"GUARDDUTY_POLICY\"", "\"S3_POLICY\"", "\"SECURITYHUB_POLICY\"")
                .doesNotContain("NETWORK_SECURITY_DIRECTOR_POLICY");
        assertThat(tf.at("/data/aws_organizations_organization/existing/lifecycle/postcondition/2/error_message")
                        .asText())
                .contains("hashicorp/aws 6.40.0 (the oldest")
                .contains("lookup({}, t, ");
    }

    @Test
    void eachExceptionIsItsOwnPolicyAttachedToEachTargetAfterTheBaseline() throws Exception {
        JsonNode tf = synth("""
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                policy:
                  tags: {owner: security}
                exceptions:
                  - name: sandbox-lex
                    targets: [ou-ab12-34567890, "111122223333"]
                    services: {lex: optIn}
                    reason: Chatbot evaluation SEC-123
                    expires: 2027-06-30
                """);
        JsonNode policies = tf.at("/resource/aws_organizations_policy");
        assertThat(names(policies)).containsExactlyInAnyOrder("baseline", "exception_sandbox-lex");
        JsonNode exception = policies.path("exception_sandbox-lex");
        assertThat(exception.path("name").asText()).isEqualTo("ai-optout-all-services-exception-sandbox-lex");
        assertThat(exception.path("description").asText())
                .contains("Chatbot evaluation SEC-123")
                .contains("2027-06-30");
        assertThat(exception.at("/tags/owner").asText()).isEqualTo("security");
        assertThat(exception.at("/tags/ai-optout:exception").asText()).isEqualTo("sandbox-lex");
        assertThat(exception.path("content").asText())
                .isEqualTo(
                        "{\"services\":{\"lex\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"opt_out_policy\":{\"@@assign\":\"optIn\",\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}");
        // The narrow door: services stays locked, lex's value is open to @@assign and holds the baseline's value.
        JsonNode baseline = JSON.readTree(policies.at("/baseline/content").asText());
        assertThat(baseline.at("/services/@@operators_allowed_for_child_policies/0")
                        .asText())
                .isEqualTo("@@none");
        assertThat(baseline.at("/services/lex/opt_out_policy/@@assign").asText())
                .isEqualTo("optOut");
        assertThat(baseline.at("/services/lex/opt_out_policy/@@operators_allowed_for_child_policies/0")
                        .asText())
                .isEqualTo("@@assign");

        JsonNode attachments = tf.at("/resource/aws_organizations_policy_attachment");
        assertThat(names(attachments))
                .containsExactlyInAnyOrder(
                        "baseline_root",
                        "exception_sandbox-lex_ou-ab12-34567890",
                        "exception_sandbox-lex_111122223333");
        JsonNode ou = attachments.path("exception_sandbox-lex_ou-ab12-34567890");
        assertThat(ou.path("target_id").asText()).isEqualTo("ou-ab12-34567890");
        assertThat(ou.path("policy_id").asText()).isEqualTo("${aws_organizations_policy.exception_sandbox-lex.id}");
        assertThat(texts(ou.path("depends_on")))
                .contains(
                        "aws_organizations_policy_attachment.baseline_root",
                        "aws_organizations_organization.organization");
    }

    @Test
    void providerConstraintAcceptsAny5xOr6xAndTheBackendPathIsRelative() throws Exception {
        JsonNode tf = synth("""
                version: 1
                backend: {local: {path: state/org.tfstate}}
                provider: {region: eu-west-1}
                """);
        assertThat(tf.at("/terraform/required_providers/aws/version").asText()).isEqualTo(">= 5.23.1, < 7.0.0");
        assertThat(tf.at("/terraform/required_providers/aws/source").asText()).isEqualTo("hashicorp/aws");
        // Create mode lists only the AI type: no check on the organization's other types.
        assertThat(tf.has("data")).isFalse();
        assertThat(tf.at("/terraform/backend/local/path").asText()).isEqualTo("state/org.tfstate");
        assertThat(tf.at("/provider/aws/0/region").asText()).isEqualTo("eu-west-1");
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
