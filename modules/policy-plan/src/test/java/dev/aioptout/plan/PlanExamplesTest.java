package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.policy.Quotas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedded default and every example plan cleanly, into valid documents within the size limit. */
class PlanExamplesTest {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> examples() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("examples/ above the module").isNotNull();
        List<Path> files;
        try (Stream<Path> children = Files.list(dir.resolve("examples"))) {
            files = children.map(d -> d.resolve(LayoutDefaults.FILE_NAME))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        return files.stream();
    }

    static void assertValidDocuments(PolicyPlan plan) throws IOException {
        for (PlannedPolicy p : plan.all()) {
            assertThat(p.content().length()).as(p.label()).isLessThanOrEqualTo(Quotas.MAX_DOCUMENT_CHARS);
            JsonNode tree = JSON.readTree(p.content());
            assertThat(tree.isObject()).isTrue();
            assertThat(JSON.writeValueAsString(tree)).as("compact").isEqualTo(p.content());
            assertThat(p.document().toCanonicalJson()).isEqualTo(p.content());
        }
    }

    @Test
    void embeddedDefaultPlansAFullyLockedBaselineOnTheRoot() throws IOException {
        LayoutFile.Loaded loaded = LayoutFile.embeddedDefault(OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        PolicyPlan plan = Planner.plan(loaded.layout());
        assertThat(PlanChecks.check(plan)).isEmpty();
        assertValidDocuments(plan);
        assertThat(plan.exceptions()).isEmpty();
        assertThat(plan.baseline().name()).isEqualTo("ai-optout-all-services");
        assertThat(plan.baseline().targets()).extracting(Object::toString).containsExactly("root");
        assertThat(plan.baseline().content())
                .isEqualTo(
                        "{\"services\":{"
                                + "\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"opt_out_policy\":{\"@@assign\":\"optOut\",\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExamplePlansCleanly(Path example) throws IOException {
        String display = "examples/" + example.getParent().getFileName() + "/ai-optout.yaml";
        LayoutFile.Loaded loaded = LayoutFile.load(example, display, OPTIONS);
        assertThat(loaded.problems()).as(display).isEmpty();
        PolicyPlan plan = Planner.plan(loaded.layout());
        assertThat(PlanChecks.check(plan)).as(display).isEmpty();
        assertValidDocuments(plan);
    }

    @Test
    void exceptionsExampleOpensOnlyTheExceptedServices() throws IOException {
        Path example = examples()
                .filter(p -> p.getParent().getFileName().toString().equals("multi-ou-exceptions"))
                .findFirst()
                .orElseThrow();
        PolicyPlan plan =
                Planner.plan(LayoutFile.load(example, "x.yaml", OPTIONS).layout());
        JsonNode services = JSON.readTree(plan.baseline().content()).path("services");
        assertThat(services.path("@@operators_allowed_for_child_policies").toString())
                .isEqualTo("[\"@@none\"]");
        assertThat(services.path("default")
                        .path("opt_out_policy")
                        .path("@@operators_allowed_for_child_policies")
                        .toString())
                .isEqualTo("[\"@@none\"]");
        assertThat(services.path("rekognition")
                        .path("opt_out_policy")
                        .path("@@operators_allowed_for_child_policies")
                        .toString())
                .isEqualTo("[\"@@none\"]");
        for (String excepted : List.of("lex", "transcribe")) {
            JsonNode setting = services.path(excepted).path("opt_out_policy");
            assertThat(setting.path("@@assign").asText()).as(excepted).isEqualTo("optOut");
            assertThat(setting.path("@@operators_allowed_for_child_policies").toString())
                    .as(excepted)
                    .isEqualTo("[\"@@assign\"]");
        }
        assertThat(plan.exceptions())
                .extracting(PlannedPolicy::name)
                .containsExactly(
                        "ai-optout-all-services-exception-sandbox-lex",
                        "ai-optout-all-services-exception-transcribe-research");
        assertThat(plan.exceptions().get(0).tags()).containsEntry(Planner.TAG_EXPIRES, "2099-06-30");
    }
}
