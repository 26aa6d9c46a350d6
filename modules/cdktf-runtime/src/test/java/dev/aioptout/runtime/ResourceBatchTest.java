package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.organizations_organization.OrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicyConfig;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachmentConfig;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Resources created in Node.js in one call write the same Terraform as the same resources built one
 * call each with the provider's builders, and so does the batch switched off; what the batch
 * cannot carry is refused with the resource's name; and the bundled package is the module jsii is
 * told to load, its versions the build's.
 */
class ResourceBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AI = "AISERVICES_OPT_OUT_POLICY";
    private static final String ORGANIZATION = "aws_organizations_organization.organization";

    /** The full stack JSON (with each block's "//" metadata) of a stack the given code fills. */
    private static String synth(BiConsumer<TerraformStack, OrganizationsOrganization> fill) throws IOException {
        App app = Testing.app();
        TerraformStack stack = new TerraformStack(app, "batch");
        AwsProvider.Builder.create(stack, "aws").region("us-east-1").build();
        OrganizationsOrganization organization = OrganizationsOrganization.Builder.create(stack, "organization")
                .featureSet("ALL")
                .enabledPolicyTypes(List.of(AI))
                .build();
        fill.accept(stack, organization);
        return Files.readString(Path.of(Testing.fullSynth(stack), "stacks", "batch", "cdk.tf.json"));
    }

    @Test
    void aBatchWritesWhatTheBuildersWrite() throws Exception {
        // Tags, a dependency on a resource outside the batch and on one inside it, an override, a
        // reference as a value, and an id CDKTF would not keep as the logical id by itself.
        String byBuilders = synth((stack, organization) -> {
            OrganizationsPolicy policy = OrganizationsPolicy.Builder.create(stack, "exception_a.b")
                    .name("a.b")
                    .type(AI)
                    .content("{\"services\":{}}")
                    .tags(Map.of("owner", "platform", "reason", "tested"))
                    .dependsOn(List.of(organization))
                    .build();
            policy.overrideLogicalId("exception_a.b");
            OrganizationsPolicyAttachment first = OrganizationsPolicyAttachment.Builder.create(stack, "first")
                    .policyId("${aws_organizations_policy.exception_a.b.id}")
                    .targetId(organization.getRoots().get(0).getId())
                    .build();
            OrganizationsPolicyAttachment second = OrganizationsPolicyAttachment.Builder.create(stack, "second")
                    .policyId("${aws_organizations_policy.exception_a.b.id}")
                    .targetId("ou-ab12-11111111")
                    .dependsOn(List.of(first, organization))
                    .build();
            second.addOverride("//.comment", "OU /Sandbox");
        });
        String byBatch = synth((stack, organization) -> fillBatch(stack, organization, new ResourceBatch(true)));
        String oneByOne = synth((stack, organization) -> fillBatch(stack, organization, new ResourceBatch(false)));

        JsonNode tf = JSON.readTree(byBatch);
        assertThat(tf.at("/resource/aws_organizations_policy/exception_a.b/tags/owner")
                        .asText())
                .isEqualTo("platform");
        assertThat(tf.at("/resource/aws_organizations_policy_attachment/second/depends_on"))
                .hasToString("[\"aws_organizations_policy_attachment.first\",\"" + ORGANIZATION + "\"]");
        assertThat(tf.at("/resource/aws_organizations_policy_attachment/second/~1~1/comment")
                        .asText())
                .isEqualTo("OU /Sandbox");
        assertThat(byBatch).isEqualTo(byBuilders);
        // AI_OPTOUT_JSII=no-batch: the same resources one call each.
        assertThat(oneByOne).isEqualTo(byBuilders);
    }

    private static void fillBatch(TerraformStack stack, OrganizationsOrganization organization, ResourceBatch batch) {
        batch.add(
                OrganizationsPolicy.class,
                "exception_a.b",
                OrganizationsPolicyConfig.builder()
                        .name("a.b")
                        .type(AI)
                        .content("{\"services\":{}}")
                        .tags(Map.of("owner", "platform", "reason", "tested"))
                        .build(),
                List.of(ORGANIZATION),
                Map.of());
        batch.add(
                OrganizationsPolicyAttachment.class,
                "first",
                OrganizationsPolicyAttachmentConfig.builder()
                        .policyId("${aws_organizations_policy.exception_a.b.id}")
                        .targetId(organization.getRoots().get(0).getId())
                        .build(),
                List.of(),
                Map.of());
        batch.add(
                OrganizationsPolicyAttachment.class,
                "second",
                OrganizationsPolicyAttachmentConfig.builder()
                        .policyId("${aws_organizations_policy.exception_a.b.id}")
                        .targetId("ou-ab12-11111111")
                        .build(),
                List.of("aws_organizations_policy_attachment.first", ORGANIZATION),
                Map.of("//.comment", "OU /Sandbox"));
        batch.createIn(stack);
    }

    @Test
    void createInEmptiesTheBatchAndAnEmptyBatchCreatesNothing() throws Exception {
        String tf = synth((stack, organization) -> {
            ResourceBatch batch = new ResourceBatch();
            batch.add(
                    OrganizationsPolicy.class,
                    "baseline",
                    OrganizationsPolicyConfig.builder()
                            .name("b")
                            .type(AI)
                            .content("{}")
                            .build(),
                    List.of(),
                    Map.of());
            batch.createIn(stack);
            // A second call would otherwise create "baseline" again, which CDKTF refuses.
            batch.createIn(stack);
        });
        assertThat(JSON.readTree(tf).path("resource").fieldNames())
                .toIterable()
                .containsExactly("aws_organizations_organization", "aws_organizations_policy");
    }

    @Test
    void aConfigurationOfAnotherClassIsRefused() {
        ResourceBatch batch = new ResourceBatch();
        assertThatThrownBy(() -> batch.add(
                        OrganizationsPolicy.class,
                        "baseline",
                        OrganizationsPolicyAttachmentConfig.builder()
                                .policyId("p")
                                .targetId("r")
                                .build(),
                        List.of(),
                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "resource baseline: a OrganizationsPolicy takes a OrganizationsPolicyConfig, not a ");
    }

    @Test
    void whatJsiiWritesForAStructBecomesPlainJsonAndAnObjectIsRefused() throws Exception {
        synth((stack, organization) -> {
            OrganizationsPolicyConfig config = OrganizationsPolicyConfig.builder()
                    .name("n")
                    .content("{}")
                    .tags(Map.of("a", "1"))
                    .skipDestroy(true)
                    .count(2)
                    .lifecycle(TerraformResourceLifecycle.builder()
                            .preventDestroy(true)
                            .ignoreChanges(List.of("tags"))
                            .build())
                    .build();
            assertThat(ResourceBatch.plain((JsonNode) config.$jsii$toJson(), "r"))
                    .hasToString("{\"content\":\"{}\",\"name\":\"n\",\"skipDestroy\":true,\"tags\":{\"a\":\"1\"},"
                            + "\"count\":2,\"lifecycle\":{\"ignoreChanges\":[\"tags\"],\"preventDestroy\":true}}");

            OrganizationsPolicyConfig withProvider = OrganizationsPolicyConfig.builder()
                    .name("n")
                    .content("{}")
                    .provider(AwsProvider.Builder.create(stack, "other")
                            .alias("other")
                            .build())
                    .build();
            assertThatThrownBy(() -> ResourceBatch.plain((JsonNode) withProvider.$jsii$toJson(), "exception_x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("resource exception_x: its configuration holds a $jsii.byref value, which the batch"
                            + " cannot carry (for a dependency, give its Terraform address in dependsOn)");
        });
    }

    @Test
    void aFailureInNodeJsNamesTheResource() {
        assertThatThrownBy(
                        () -> synth(
                                (stack, organization) -> ResourceBatch.Js.create(
                                        stack,
                                        "[{\"type\": \"@cdktf/provider-aws.noSuchThing.NoSuchThing\", \"id\": \"x\", \"config\": {}}]")))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining(
                        "ai-optout resource batch: resource \"x\" (@cdktf/provider-aws.noSuchThing.NoSuchThing):"
                                + " no class \"@cdktf/provider-aws.noSuchThing.NoSuchThing\" in its jsii module");
    }

    @Test
    void theBundledPackageIsTheModuleJsiiIsToldToLoad() throws Exception {
        ResourceBatchModule module = new ResourceBatchModule();
        Map<String, String> files;
        try (InputStream bundle = ResourceBatchModule.class.getResourceAsStream(module.getBundleResourceName())) {
            assertThat(bundle).as(module.getBundleResourceName()).isNotNull();
            files = Tarball.read(new GZIPInputStream(bundle), path -> true);
        }
        assertThat(files).containsOnlyKeys("package/package.json", "package/.jsii", "package/lib/index.js");

        JsonNode npm = JSON.readTree(files.get("package/package.json"));
        JsonNode assembly = JSON.readTree(files.get("package/.jsii"));
        for (JsonNode described : List.of(npm, assembly)) {
            assertThat(described.path("name").asText()).isEqualTo(module.getModuleName());
            assertThat(described.path("version").asText()).isEqualTo(module.getModuleVersion());
        }
        assertThat(npm.path("main").asText()).isEqualTo("lib/index.js");
        JsonNode type = assembly.path("types").path(ResourceBatch.JS_FQN);
        assertThat(type.path("kind").asText()).isEqualTo("class");
        assertThat(type.path("methods").get(0).path("name").asText()).isEqualTo("create");
        assertThat(type.path("methods").get(0).path("static").asBoolean()).isTrue();
        assertThat(module.getBundleResourceName())
                .isEqualTo(module.getModuleName() + "@" + module.getModuleVersion() + ".jsii.tgz");
        // One place for its versions: the pom's resource-batch.version, and jsii-runtime.version,
        // the jsii whose kernel loads it (JsiiKernelTest checks the kernel says that version).
        assertThat(module.getModuleVersion()).isEqualTo(System.getProperty("resource-batch.version"));
        assertThat(ResourceBatchModule.builtName()).isEqualTo(ResourceBatchModule.NAME);
        assertThat(assembly.path("jsiiVersion").asText()).isEqualTo(System.getProperty("jsii-runtime.version"));
        assertThat(assembly.path("fingerprint").asText())
                .isEqualTo(module.getModuleName() + "@" + module.getModuleVersion());
        assertThat(files.values()).noneMatch(text -> text.contains("${resource-batch."));
    }
}
