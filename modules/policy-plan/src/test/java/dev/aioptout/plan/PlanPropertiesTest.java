package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.Quotas;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.testing.Gen;
import dev.aioptout.testing.SeededTries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * For random layouts (baseline default and lock, org-wide service values, exceptions on distinct
 * OUs with random known service keys and values), the plan proves itself: no errors, and every
 * document is valid compact JSON within the size limit, unless the layout is genuinely too big,
 * in which case the only errors are the size errors of exactly the oversized documents.
 */
class PlanPropertiesTest {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));
    static final List<String> SERVICES =
            ServiceKeys.KNOWN.stream().filter(k -> !k.equals("default")).toList();
    static final ObjectMapper JSON = new ObjectMapper();

    record Generated(
            OptValue defaultValue,
            LockLevel lock,
            SortedMap<String, OptValue> services,
            List<SortedMap<String, OptValue>> exceptions) {

        String yaml() {
            StringBuilder out = new StringBuilder("""
                    version: 1
                    layout: multi-ou
                    organization:
                      id: o-exampleorgid
                    policy:
                    """);
            out.append("  default: ").append(defaultValue.json()).append('\n');
            out.append("  lock: ").append(lock.yaml()).append('\n');
            out.append("  services: ").append(flow(services)).append('\n');
            if (!exceptions.isEmpty()) {
                out.append("exceptions:\n");
            }
            for (int i = 0; i < exceptions.size(); i++) {
                out.append("  - name: exception-")
                        .append(i)
                        .append('\n')
                        .append("    targets: [")
                        .append(String.format("ou-ab12-%08d", i))
                        .append("]\n")
                        .append("    services: ")
                        .append(flow(exceptions.get(i)))
                        .append('\n')
                        .append("    reason: \"generated\"\n");
            }
            return out.toString();
        }

        private static String flow(SortedMap<String, OptValue> values) {
            return values.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().json())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** Random layouts: up to 30 exceptions, each naming a few services or many, up to all of them. */
    static Generated layout(Gen gen) {
        Supplier<List<String>> few = () -> gen.subset(SERVICES, 1, 3);
        Supplier<List<String>> many = () -> gen.subset(SERVICES, 1, SERVICES.size());
        return new Generated(
                gen.oneOf(OptValue.class),
                gen.oneOf(LockLevel.class),
                values(gen, gen.subset(SERVICES, 0, 6)),
                gen.list(0, 30, () -> values(gen, gen.either(few, many))));
    }

    /** At most 8 distinct services in the whole layout: far below any size limit, so never refused. */
    static Generated smallLayout(Gen gen) {
        List<String> pool = gen.subset(SERVICES, 1, 8);
        return new Generated(
                gen.oneOf(OptValue.class),
                gen.oneOf(LockLevel.class),
                values(gen, gen.subset(pool, 0, pool.size())),
                gen.list(0, 12, () -> values(gen, gen.subset(pool, 1, pool.size()))));
    }

    private static SortedMap<String, OptValue> values(Gen gen, List<String> keys) {
        SortedMap<String, OptValue> out = new TreeMap<>();
        keys.forEach(k -> out.put(k, gen.oneOf(OptValue.class)));
        return out;
    }

    @Test
    void everyPlanProvesItselfOrIsRefusedOnlyForSize() {
        List<Boolean> tooBig = new ArrayList<>();
        SeededTries.check(0x5EED_0101L, 400, PlanPropertiesTest::layout, Generated::yaml, generated -> {
            LayoutFile.Loaded loaded = LayoutFile.parse("generated.yaml", generated.yaml(), OPTIONS);
            assertThat(loaded.problems()).isEmpty();
            PolicyPlan plan = Planner.plan(loaded.layout());
            List<Problem> problems = PlanChecks.check(plan);
            List<Problem> errors = problems.stream().filter(Problem::isError).toList();

            List<String> oversized = new ArrayList<>();
            for (PlannedPolicy p : plan.all()) {
                JsonNode tree = JSON.readTree(p.content());
                assertThat(tree.path("services").isObject()).as(p.content()).isTrue();
                assertThat(JSON.writeValueAsString(tree)).as("compact JSON").isEqualTo(p.content());
                assertThat(tree.path("services").has("default")).isEqualTo(p.role() == PlannedPolicy.Role.BASELINE);
                if (p.content().length() > Quotas.MAX_DOCUMENT_CHARS) {
                    oversized.add(p.label() + " is " + p.content().length() + " characters of JSON");
                }
            }
            tooBig.add(!oversized.isEmpty());
            if (oversized.isEmpty()) {
                assertThat(problems).isEmpty();
            } else {
                assertThat(errors).extracting(Problem::message).containsExactlyInAnyOrderElementsOf(oversized);
                assertThat(errors)
                        .allSatisfy(
                                p -> assertThat(p.hint()).startsWith("AWS accepts at most 2500 per AI opt-out policy"));
            }
        });
        // Both outcomes must really be exercised.
        assertThat(tooBig).as("layouts too big").filteredOn(b -> b).hasSizeGreaterThanOrEqualTo(5);
        assertThat(tooBig).as("layouts within the limit").filteredOn(b -> !b).hasSizeGreaterThanOrEqualTo(100);
    }

    @Test
    void smallLayoutsAreNeverTooBig() {
        SeededTries.check(0x5EED_0102L, 200, PlanPropertiesTest::smallLayout, Generated::yaml, generated -> {
            LayoutFile.Loaded loaded = LayoutFile.parse("generated.yaml", generated.yaml(), OPTIONS);
            PolicyPlan plan = Planner.plan(loaded.layout());
            assertThat(PlanChecks.check(plan)).isEmpty();
            assertThat(plan.all())
                    .allSatisfy(p -> assertThat(p.content().length()).isLessThanOrEqualTo(Quotas.MAX_DOCUMENT_CHARS));
        });
    }

    /**
     * What the stages after the plan read from it instead of the layout is the layout's: the lock,
     * the default, each policy's services, an exception's reason and expiry; and the verdicts judged
     * against the plan are those judged against the layout.
     */
    @Test
    void thePlanCarriesWhatTheLayoutSays() {
        SeededTries.check(0x5EED_0103L, 200, PlanPropertiesTest::smallLayout, Generated::yaml, generated -> {
            String yaml = generated
                    .yaml()
                    .replace(
                            "    reason: \"generated\"\n",
                            "    reason: \"generated\"\n    expires: 2099-01-0"
                                    + (generated.exceptions().size() % 9 + 1) + "\n");
            var layout = LayoutFile.parse("generated.yaml", yaml, OPTIONS).layout();
            PolicyPlan plan = Planner.plan(layout);
            assertThat(plan.lock()).isEqualTo(generated.lock());
            assertThat(plan.defaultValue()).isEqualTo(generated.defaultValue());
            assertThat(plan.baseline().services()).isEqualTo(generated.services());
            assertThat(plan.baseline().reason()).isNull();
            assertThat(plan.baseline().expires()).isNull();
            assertThat(plan.exceptions()).hasSameSizeAs(generated.exceptions());
            for (int i = 0; i < plan.exceptions().size(); i++) {
                PlannedPolicy e = plan.exceptions().get(i);
                assertThat(e.services()).isEqualTo(generated.exceptions().get(i));
                assertThat(e.reason()).isEqualTo("generated");
                assertThat(e.expires())
                        .isEqualTo(layout.exceptions().get(i).expires())
                        .isNotNull();
            }
            assertThat(plan.alerts()).isNull();
            var evaluation = dev.aioptout.engine.EffectivePolicyEngine.evaluate(PlannedOrganization.minimal(plan));
            assertThat(Verdicts.judge(plan, evaluation)).isEqualTo(Verdicts.judge(layout, evaluation));
        });
    }
}
