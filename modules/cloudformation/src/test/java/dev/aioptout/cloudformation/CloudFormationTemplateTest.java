package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CloudFormationTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_EXPRESSION = "${aws_organizations_organization.organization.roots[0].id}";

    /**
     * The template and the example's Terraform stack (its golden file, which GoldenFilesTest keeps
     * equal to what synth writes) describe the same policies: same names, descriptions, tags,
     * content as JSON, and the same targets, the root being the template's parameter.
     */
    @ParameterizedTest
    @FieldSource("dev.aioptout.cloudformation.Layouts#EXAMPLES")
    void everyExamplePolicyIsTheTerraformStacksPolicy(String example) throws IOException {
        PolicyPlan plan = Layouts.plan(example);
        JsonNode template = JSON.readTree(CloudFormationTemplate.render(plan));
        JsonNode stack = JSON.readTree(Layouts.example(example)
                .resolve("expected/stacks")
                .resolve(plan.layout().stackName())
                .resolve("cdk.tf.json")
                .toFile());

        Map<String, JsonNode> terraform = new LinkedHashMap<>();
        stack.at("/resource/aws_organizations_policy")
                .properties()
                .forEach(e -> terraform.put(e.getValue().get("name").asText(), e.getValue()));
        Map<String, JsonNode> cloudformation = new LinkedHashMap<>();
        template.get("Resources").properties().stream()
                .filter(e -> e.getValue().get("Type").asText().equals(CloudFormationTemplate.RESOURCE_TYPE))
                .forEach(e ->
                        cloudformation.put(e.getValue().at("/Properties/Name").asText(), e.getValue()));
        assertThat(cloudformation.keySet())
                .containsExactlyElementsOf(
                        plan.all().stream().map(PlannedPolicy::name).toList())
                .containsExactlyInAnyOrderElementsOf(terraform.keySet());

        for (PlannedPolicy planned : plan.all()) {
            JsonNode tf = terraform.get(planned.name());
            JsonNode cfn = cloudformation.get(planned.name());
            String as = example + ": " + planned.label();
            assertThat(cfn.get("Type").asText()).isEqualTo("AWS::Organizations::Policy");
            JsonNode properties = cfn.get("Properties");
            assertThat(properties.get("Type").asText()).isEqualTo(tf.get("type").asText());
            assertThat(properties.get("Content"))
                    .as(as)
                    .isEqualTo(JSON.readTree(tf.get("content").asText()));
            assertThat(properties.get("Description").asText())
                    .as(as)
                    .isEqualTo(tf.get("description").asText());
            Map<String, String> tags = new LinkedHashMap<>();
            properties
                    .path("Tags")
                    .forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
            Map<String, String> tfTags = new LinkedHashMap<>();
            tf.path("tags")
                    .properties()
                    .forEach(e -> tfTags.put(e.getKey(), e.getValue().asText()));
            assertThat(tags).as(as).isEqualTo(tfTags).isEqualTo(planned.tags());
            assertThat(targets(properties)).as(as).isEqualTo(terraformTargets(stack, tf));
        }
    }

    /** What the template attaches a policy to, the root parameter written as the Terraform stack's root reference. */
    private static List<String> targets(JsonNode properties) {
        List<String> targets = new ArrayList<>();
        for (JsonNode t : properties.get("TargetIds")) {
            targets.add(t.isObject() && t.path("Ref").asText().equals("RootId") ? ROOT_EXPRESSION : t.asText());
        }
        return targets.stream().sorted().toList();
    }

    private static List<String> terraformTargets(JsonNode stack, JsonNode policy) {
        String address = stack.at("/resource/aws_organizations_policy").properties().stream()
                .filter(e -> e.getValue() == policy)
                .map(e -> "${aws_organizations_policy." + e.getKey() + ".id}")
                .findFirst()
                .orElseThrow();
        List<String> targets = new ArrayList<>();
        for (JsonNode attachment : stack.at("/resource/aws_organizations_policy_attachment")) {
            if (attachment.get("policy_id").asText().equals(address)) {
                targets.add(attachment.get("target_id").asText());
            }
        }
        return targets.stream().sorted().toList();
    }

    @Test
    void policiesWaitForTheOneBeforeThemAndAreRetained() throws IOException {
        PolicyPlan plan = Layouts.plan("multi-ou-exceptions");
        JsonNode resources = JSON.readTree(CloudFormationTemplate.render(plan)).get("Resources");
        assertThat(iterable(resources.fieldNames()))
                .containsExactly("Baseline", "ExceptionSandboxLex", "ExceptionTranscribeResearch");
        assertThat(resources.get("Baseline").has("DependsOn")).isFalse();
        assertThat(resources.at("/ExceptionSandboxLex/DependsOn").asText()).isEqualTo("Baseline");
        assertThat(resources.at("/ExceptionTranscribeResearch/DependsOn").asText())
                .isEqualTo("ExceptionSandboxLex");
        for (JsonNode resource : resources) {
            assertThat(resource.get("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(resource.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        }
        assertThat(resources.at("/ExceptionSandboxLex/Properties/TargetIds"))
                .isEqualTo(JSON.readTree("[\"ou-ab12-34567890\", \"111122223333\"]"));
    }

    @Test
    void theRootIsAParameterAndTheDescriptionSaysHowToEnableThePolicyType() throws IOException {
        JsonNode template = JSON.readTree(CloudFormationTemplate.render(Layouts.plan("single-account")));
        assertThat(template.at("/Resources/Baseline/Properties/TargetIds"))
                .isEqualTo(JSON.readTree("[{\"Ref\": \"RootId\"}]"));
        JsonNode parameter = template.at("/Parameters/RootId");
        assertThat(parameter.get("Type").asText()).isEqualTo("String");
        assertThat("r-ab12").matches(parameter.get("AllowedPattern").asText());
        assertThat("root").doesNotMatch(parameter.get("AllowedPattern").asText());
        assertThat(parameter.has("Default")).isFalse();
        String description = template.get("Description").asText();
        assertThat(description)
                .contains("CloudFormation cannot enable a policy type")
                .contains("aws organizations enable-policy-type --root-id <root-id>"
                        + " --policy-type AISERVICES_OPT_OUT_POLICY");
        assertThat(description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(1024);
        assertThat(template.at("/Outputs/BaselinePolicyId/Value/Ref").asText()).isEqualTo("Baseline");
    }

    @Test
    void withoutTheRootAmongTheTargetsThereIsNoParameter() throws IOException {
        PolicyPlan plan = Layouts.parse("no-root.yaml", Layouts.NO_ROOT);
        String text = CloudFormationTemplate.render(plan);
        JsonNode template = JSON.readTree(text);
        assertThat(template.has("Parameters")).isFalse();
        assertThat(template.findValuesAsText("Ref")).containsExactly("Baseline");
        assertThat(template.at("/Resources/Baseline/Properties/TargetIds"))
                .isEqualTo(JSON.readTree("[\"ou-ab12-11111111\", \"ou-ab12-22222222\", \"123456789012\"]"));
        assertThat(template.at("/Resources/Baseline/Properties").has("Tags")).isFalse();
        assertThat(template.at("/Resources/Baseline/Properties").has("Description"))
                .isEqualTo(plan.baseline().description() != null);
        assertThat(iterable(template.get("Resources").fieldNames()))
                .containsExactly("Baseline", "ExceptionTeamQ2", "ExceptionTeam2", "ExceptionAQq");
        // Ampersands, quotes and accents come through as text, exactly.
        assertThat(template.at("/Resources/ExceptionTeamQ2/Properties/Description")
                        .asText())
                .isEqualTo("Exception team-2: Team 2 evaluates Lex (SEC-7) &amp; \"quotes\" é");
    }

    /** AWS's handler sends an object Content compact: exactly the planned text, whose size the proof checked. */
    @ParameterizedTest
    @FieldSource("dev.aioptout.cloudformation.Layouts#EXAMPLES")
    void contentIsSentAsThePlannedDocument(String example) throws IOException {
        PolicyPlan plan = Layouts.plan(example);
        JsonNode resources = JSON.readTree(CloudFormationTemplate.render(plan)).get("Resources");
        for (PlannedPolicy planned : plan.all()) {
            JsonNode content = resources.get(LogicalIds.of(planned)).at("/Properties/Content");
            assertThat(content.isObject()).isTrue();
            assertThat(JSON.writeValueAsString(content)).isEqualTo(planned.content());
        }
    }

    /** Fixed key order, two spaces, "\n" only, one final newline; the same bytes from a fresh load. */
    @ParameterizedTest
    @FieldSource("dev.aioptout.cloudformation.Layouts#EXAMPLES")
    void theTextIsDeterministic(String example) {
        String text = CloudFormationTemplate.render(Layouts.plan(example));
        assertThat(CloudFormationTemplate.render(Layouts.plan(example))).isEqualTo(text);
        assertThat(text)
                .startsWith("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": ")
                .endsWith("}\n")
                .doesNotContain("\r")
                .doesNotContain("\t")
                .doesNotEndWith("\n\n");
        assertThat(text.lines().filter(l -> !l.isEmpty()))
                .allSatisfy(l ->
                        assertThat((l.length() - l.stripLeading().length()) % 2).isZero());
        List<String> sections = new ArrayList<>(List.of("AWSTemplateFormatVersion", "Description", "Parameters"));
        if (Layouts.plan(example).layout().alerts() != null) {
            sections.add("Rules");
        }
        sections.addAll(List.of("Resources", "Outputs"));
        assertThat(iterable(fieldNames(text))).containsExactlyElementsOf(sections);
    }

    @Test
    void theTemplateGoesUnderCloudformationNamedAfterTheStack() {
        PolicyPlan plan = Layouts.parse("no-root.yaml", Layouts.NO_ROOT);
        assertThat(CloudFormationTemplate.files(plan))
                .containsOnlyKeys("cloudformation/ai-optout-ous.template.json")
                .containsValue(CloudFormationTemplate.render(plan));
    }

    @Test
    void aProvenPlanFitsInOneTemplate() {
        for (String example : Layouts.EXAMPLES) {
            assertThat(CloudFormationTemplate.check(Layouts.plan(example))).isEmpty();
        }
    }

    /** More exceptions than CloudFormation takes resources in one template: refused, naming the exceptions. */
    @Test
    void moreResourcesThanOneTemplateHoldsAreRefused() {
        List<Problem> problems = CloudFormationTemplate.check(
                manyExceptions("many.yaml", "{lock: none}", CloudFormationTemplate.MAX_RESOURCES, "{lex: optIn}", "r"));
        assertThat(problems).hasSize(1);
        Problem problem = problems.get(0);
        assertThat(problem.isError()).isTrue();
        assertThat(problem.format())
                .startsWith("many.yaml:6:3: error: exceptions: 501 policies would be 501 resources"
                        + " in one CloudFormation template")
                .contains("at most 500");
    }

    /** Reasons of 400 characters, eight services and four 256-character tags on 450 exceptions: over a megabyte. */
    @Test
    void aTemplateOverCloudFormationsSizeLimitIsRefused() {
        String tags = "{lock: none, tags: {a: %1$s, b: %1$s, c: %1$s, d: %1$s}}".formatted("v".repeat(256));
        String services = "{lex: optIn, polly: optIn, rekognition: optIn, textract: optIn, transcribe: optIn,"
                + " translate: optIn, comprehend: optIn, codeguruprofiler: optIn}";
        List<Problem> problems =
                CloudFormationTemplate.check(manyExceptions("big.yaml", tags, 450, services, "x".repeat(400)));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).format())
                .matches("error: the CloudFormation template would be 1[0-9]{6} bytes .*at most 1000000 bytes.*");
    }

    /** A plan (not proven: only its size matters) with {@code count} exceptions, each on its own account. */
    private static PolicyPlan manyExceptions(String name, String policy, int count, String services, String reason) {
        StringBuilder yaml = new StringBuilder("""
                version: 1
                layout: multi-ou
                organization: {mode: adopt, id: o-exampleorgid}
                policy: %s
                exceptions:
                """.formatted(policy));
        for (int i = 0; i < count; i++) {
            yaml.append("  - {name: e%d, targets: [\"%012d\"], services: %s, reason: %s}\n"
                    .formatted(i, 100_000_000_000L + i, services, reason));
        }
        LayoutFile.Loaded loaded = LayoutFile.parse(name, yaml.toString(), Layouts.OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        return Planner.plan(loaded.layout());
    }

    private static Iterator<String> fieldNames(String text) {
        try {
            return JSON.readTree(text).fieldNames();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
