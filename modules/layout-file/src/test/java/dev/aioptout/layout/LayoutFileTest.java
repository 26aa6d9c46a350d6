package dev.aioptout.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aioptout.layout.Layout.Kind;
import dev.aioptout.layout.Layout.LocalBackend;
import dev.aioptout.layout.Layout.Mode;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.SourceLocation;
import dev.aioptout.policy.TargetId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layouts that must load: the embedded default and the examples; defaults; the published schema. */
class LayoutFileTest {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    /** Every examples/&lt;name&gt;/ai-optout.yaml of the repository. */
    static Stream<Path> examples() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("examples/ above " + Path.of("").toAbsolutePath()).isNotNull();
        List<Path> files;
        try (Stream<Path> children = Files.list(dir.resolve("examples"))) {
            files = children.map(d -> d.resolve(LayoutDefaults.FILE_NAME))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        assertThat(files).as("examples").hasSizeGreaterThanOrEqualTo(3);
        return files.stream();
    }

    static String display(Path example) {
        return "examples/" + example.getParent().getFileName() + "/" + LayoutDefaults.FILE_NAME;
    }

    @Test
    void embeddedDefaultLoadsWithEveryDefaultFilled() {
        LayoutFile.Loaded loaded = LayoutFile.embeddedDefault(OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        Layout layout = loaded.layout();
        assertThat(layout.source()).isEqualTo(LayoutFile.EMBEDDED_NAME);
        assertThat(layout.kind()).isEqualTo(Kind.SINGLE_ACCOUNT);
        assertThat(layout.organization()).isEqualTo(new Layout.OrganizationSpec(Mode.CREATE, null));
        assertThat(layout.stackName()).isEqualTo("ai-optout");
        assertThat(layout.policy().name()).isEqualTo("ai-optout-all-services");
        assertThat(layout.policy().description()).isEqualTo(LayoutDefaults.POLICY_DESCRIPTION);
        assertThat(layout.policy().defaultValue()).isEqualTo(OptValue.OPT_OUT);
        assertThat(layout.policy().lock()).isEqualTo(LockLevel.FULL);
        assertThat(layout.policy().services()).isEmpty();
        assertThat(layout.policy().tags()).isEmpty();
        assertThat(layout.attach()).containsExactly(TargetId.ROOT);
        assertThat(layout.exceptions()).isEmpty();
        assertThat(layout.backend()).isEqualTo(new LocalBackend("terraform.ai-optout.tfstate"));
        assertThat(layout.region()).isEqualTo("us-east-1");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleLoadsWithoutAnyProblem(Path example) {
        LayoutFile.Loaded loaded = LayoutFile.load(example, display(example), OPTIONS);
        assertThat(loaded.problems()).as(display(example)).isEmpty();
        assertThat(loaded.ok()).isTrue();
        assertThat(loaded.layout().source()).isEqualTo(display(example));
    }

    @Test
    void examplesReadAsDocumented() throws IOException {
        Map<String, Layout> byName = new java.util.TreeMap<>();
        examples()
                .forEach(e -> byName.put(
                        e.getParent().getFileName().toString(),
                        LayoutFile.load(e, display(e), OPTIONS).layout()));
        Layout single = byName.get("single-account");
        assertThat(single.kind()).isEqualTo(Kind.SINGLE_ACCOUNT);
        assertThat(single.organization().mode()).isEqualTo(Mode.CREATE);
        Layout multi = byName.get("multi-ou");
        assertThat(multi.kind()).isEqualTo(Kind.MULTI_OU);
        assertThat(multi.organization()).isEqualTo(new Layout.OrganizationSpec(Mode.ADOPT, "o-exampleorgid"));
        assertThat(multi.policy().tags()).containsEntry("owner", "platform-security");
        Layout exceptions = byName.get("multi-ou-exceptions");
        assertThat(exceptions.exceptions())
                .extracting(Layout.ExceptionSpec::name)
                .containsExactly("sandbox-lex", "transcribe-research");
        Layout.ExceptionSpec lex = exceptions.exceptions().get(0);
        assertThat(lex.targets())
                .containsExactly(
                        new TargetId(NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-34567890"),
                        new TargetId(NodeKind.ACCOUNT, "111122223333"));
        assertThat(lex.services()).containsExactly(Map.entry("lex", OptValue.OPT_IN));
        assertThat(lex.expires()).isEqualTo(LocalDate.of(2099, 6, 30));
        assertThat(lex.pointer()).isEqualTo("/exceptions/0");
        assertThat(exceptions.exceptions().get(1).expires()).isNull();
    }

    @Test
    void singleAccountDefaultsToCreate() {
        Layout layout = LayoutFile.parse("f.yaml", "version: 1\nlayout: single-account\n", OPTIONS)
                .layout();
        assertThat(layout.organization().mode()).isEqualTo(Mode.CREATE);
        assertThat(layout.stackName()).isEqualTo("ai-optout");
        assertThat(layout.policy().lock()).isEqualTo(LockLevel.FULL);
        assertThat(layout.attach()).containsExactly(TargetId.ROOT);
    }

    @Test
    void versionAloneIsASingleAccountLayout() {
        LayoutFile.Loaded loaded = LayoutFile.parse("f.yaml", "version: 1\n", OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.layout().kind()).isEqualTo(Kind.SINGLE_ACCOUNT);
        assertThat(loaded.layout().organization().mode()).isEqualTo(Mode.CREATE);
    }

    @Test
    void multiOuDefaultsToAdopt() {
        LayoutFile.Loaded loaded = LayoutFile.parse("f.yaml", """
                version: 1
                layout: multi-ou
                organization:
                  id: o-exampleorgid
                """, OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        Layout layout = loaded.layout();
        assertThat(layout.kind()).isEqualTo(Kind.MULTI_OU);
        assertThat(layout.organization()).isEqualTo(new Layout.OrganizationSpec(Mode.ADOPT, "o-exampleorgid"));
        assertThat(layout.stackName()).isEqualTo("ai-optout");
        assertThat(layout.policy().lock()).isEqualTo(LockLevel.FULL);
        assertThat(layout.policy().defaultValue()).isEqualTo(OptValue.OPT_OUT);
        assertThat(layout.attach()).containsExactly(TargetId.ROOT);
        assertThat(layout.backend()).isEqualTo(new LocalBackend(LayoutDefaults.STATE_PATH));
    }

    @Test
    void locatorKnowsKeysAndValues() {
        Layout layout = LayoutFile.parse("f.yaml", """
                version: 1
                policy:
                  lock: none
                """, OPTIONS).layout();
        assertThat(layout.at("/policy/lock")).isEqualTo(SourceLocation.of("f.yaml", 3, 9));
        assertThat(layout.locator().key("/policy/lock")).isEqualTo(SourceLocation.of("f.yaml", 3, 3));
        assertThat(layout.at("/policy/lock/missing")).isEqualTo(SourceLocation.of("f.yaml", 3, 9));
    }

    @Test
    void schemaTextIsValidJsonDescribingVersionOne() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(LayoutSchema.text());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("properties").path("version").path("const").asInt())
                .isEqualTo(1);
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("version");
        Set<String> keys = new java.util.TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "alerts",
                        "attach",
                        "backend",
                        "exceptions",
                        "layout",
                        "organization",
                        "policy",
                        "provider",
                        "stack",
                        "version");
    }

    @Test
    void schemaAcceptsEveryExampleAndTheEmbeddedDefault() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(LayoutSchema.text()));
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files = examples().toList();
        for (Path example : files) {
            Set<ValidationMessage> messages = schema.validate(yaml.readTree(example.toFile()));
            assertThat(messages).as(display(example)).isEmpty();
        }
        assertThat(schema.validate(yaml.readTree(LayoutFile.embeddedDefaultText())))
                .isEmpty();
    }

    @Test
    void schemaRejectsWhatTheValidatorRejects() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(LayoutSchema.text()));
        YAMLMapper yaml = new YAMLMapper();
        assertThat(schema.validate(yaml.readTree("version: 2\n"))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree("layout: multi-ou\n"))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree("version: 1\npolicy: {default: optout}\n")))
                .isNotEmpty();
        assertThat(schema.validate(yaml.readTree("version: 1\nattach: [111122223333]\n")))
                .isNotEmpty();
        assertThat(schema.validate(yaml.readTree("version: 1\nattach: [\"111122223333\"]\n")))
                .isEmpty();
    }
}
