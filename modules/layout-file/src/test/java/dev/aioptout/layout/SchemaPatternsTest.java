package dev.aioptout.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.OuPath;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The published schema and the Java code share the AWS id shapes ({@link AwsIds}), and every
 * pattern in the schema holds for the whole value: a valid sample passes, and the same sample with
 * a trailing line break of any kind is refused with its line and column, where Java's {@code $}
 * alone would let it through.
 */
class SchemaPatternsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each schema pattern (by its place in the schema) and a layout line with a valid value for it. */
    private static final Map<String, String> SAMPLES = new TreeMap<>(Map.ofEntries(
            Map.entry(
                    "/properties/organization/properties/id", "organization: {mode: adopt, id: \"%s\"}|o-exampleorgid"),
            Map.entry("/properties/stack/properties/name", "stack: {name: \"%s\"}|ai-optout"),
            Map.entry(
                    "/properties/exceptions/items/properties/name",
                    "layout: multi-ou\norganization: {id: o-exampleorgid}\nexceptions: [{name: \"%s\","
                            + " targets: [ou-ab12-34567890], services: {lex: optIn}, reason: r}]|sandbox"),
            Map.entry(
                    "/properties/exceptions/items/properties/expires",
                    "layout: multi-ou\norganization: {id: o-exampleorgid}\nexceptions: [{name: x,"
                            + " targets: [ou-ab12-34567890], services: {lex: optIn}, reason: r, expires: \"%s\"}]|2099-12-31"),
            Map.entry(
                    "/properties/backend/properties/s3/properties/bucket",
                    "backend: {s3: {bucket: \"%s\", key: k}}|my-state"),
            Map.entry(
                    "/properties/backend/properties/s3/properties/region",
                    "backend: {s3: {bucket: b-1, key: k, region: \"%s\"}}|eu-west-1"),
            Map.entry(
                    "/properties/backend/properties/cloud/properties/hostname",
                    "backend: {cloud: {organization: o, workspace: w, hostname: \"%s\"}}|tfe.example.com:8443"),
            Map.entry("/properties/provider/properties/region", "provider: {region: \"%s\"}|us-gov-west-1"),
            Map.entry("/properties/provider/properties/version", "provider: {version: \"%s\"}|>= 6.30.0, < 7.0.0"),
            Map.entry("/$defs/serviceValues/propertyNames", "policy: {services: {\"%s\": optOut}}|lex"),
            Map.entry(
                    "/$defs/target",
                    "layout: multi-ou\norganization: {id: o-exampleorgid}\nattach: [\"%s\"]|111122223333"),
            Map.entry(
                    "/$defs/policyId",
                    "organization: {mode: adopt, id: o-exampleorgid}\npolicy: {adopt: \"%s\"}|p-12345678"),
            Map.entry(
                    "/$defs/exceptionTarget",
                    "layout: multi-ou\norganization: {id: o-exampleorgid}\nexceptions: [{name: x,"
                            + " targets: [\"%s\"], services: {lex: optIn}, reason: r}]|ou-ab12-34567890")));

    private static JsonNode schema() throws Exception {
        return JSON.readTree(LayoutSchema.text());
    }

    @Test
    void theIdPatternsAreTheOnesTheJavaCodeUses() throws Exception {
        JsonNode schema = schema();
        assertThat(schema.at("/$defs/target/pattern").asText())
                .isEqualTo(AwsIds.anchored(TargetId.ROOT_WORD, AwsIds.OU, AwsIds.ACCOUNT, OuPath.PATTERN));
        assertThat(schema.at("/$defs/exceptionTarget/pattern").asText())
                .isEqualTo(AwsIds.anchored(AwsIds.OU, AwsIds.ACCOUNT, OuPath.PATTERN));
        assertThat(schema.at("/$defs/policyId/pattern").asText()).isEqualTo(AwsIds.anchored(AwsIds.POLICY));
        assertThat(schema.at("/properties/organization/properties/id/pattern").asText())
                .isEqualTo(AwsIds.anchored(AwsIds.ORGANIZATION));
        assertThat(schema.at("/properties/provider/properties/version/pattern").asText())
                .isEqualTo(ProviderConstraint.PATTERN);
    }

    @Test
    void everyPatternInTheSchemaHasASampleHere() throws Exception {
        List<String> patterns = new ArrayList<>();
        collect(schema(), "", patterns);
        assertThat(patterns).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
    }

    @Test
    void everyPatternAcceptsItsSampleAndRefusesItWithATrailingLineBreak() {
        for (Map.Entry<String, String> sample : SAMPLES.entrySet()) {
            String[] parts = sample.getValue().split("\\|");
            String valid = "version: 1\n" + parts[0].formatted(parts[1]) + "\n";
            LayoutFile.Loaded ok = LayoutBadInputTest.load(valid);
            assertThat(ok.problems()).as(sample.getKey()).noneMatch(Problem::isError);
            // YAML escapes: line feed, carriage return + line feed, U+2028, U+2029, U+0085.
            for (String lineBreak : List.of("\\n", "\\r\\n", "\\L", "\\P", "\\N")) {
                String bad = "version: 1\n" + parts[0].formatted(parts[1] + lineBreak) + "\n";
                Problem p = LayoutBadInputTest.onlyError(bad);
                assertThat(p.location()).as(sample.getKey() + lineBreak).isNotNull();
                assertThat(p.location().line()).as(p.format()).isGreaterThan(1);
                assertThat(p.message()).as(p.format()).contains("line break");
            }
        }
    }

    /** The schema location of each "pattern" keyword: the node that holds it. */
    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            if (node.path("pattern").isTextual()) {
                out.add(pointer);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), pointer + "/" + field.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }
}
