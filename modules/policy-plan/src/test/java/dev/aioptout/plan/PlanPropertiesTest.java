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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

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

    @Provide
    Arbitrary<Generated> layouts() {
        Arbitrary<OptValue> value = Arbitraries.of(OptValue.class);
        Arbitrary<SortedMap<String, OptValue>> baseline = serviceValues(0, 6, value);
        Arbitrary<List<SortedMap<String, OptValue>>> exceptions = Arbitraries.oneOf(
                        serviceValues(1, 3, value), serviceValues(1, SERVICES.size(), value))
                .list()
                .ofMaxSize(30);
        return Combinators.combine(value, Arbitraries.of(LockLevel.class), baseline, exceptions)
                .as(Generated::new);
    }

    private static Arbitrary<SortedMap<String, OptValue>> serviceValues(int min, int max, Arbitrary<OptValue> value) {
        return Arbitraries.subsetOf(SERVICES)
                .ofMinSize(min)
                .ofMaxSize(max)
                .flatMap(keys -> value.list().ofSize(keys.size()).map(values -> zip(keys, values)));
    }

    @Property(tries = 400)
    void everyPlanProvesItselfOrIsRefusedOnlyForSize(@ForAll("layouts") Generated generated) throws Exception {
        LayoutFile.Loaded loaded = LayoutFile.parse("generated.yaml", generated.yaml(), OPTIONS);
        assertThat(loaded.problems()).as(generated.yaml()).isEmpty();
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
        Statistics.label("too big").collect(!oversized.isEmpty());
        Statistics.label("lock").collect(generated.lock());
        // Both outcomes must really be exercised.
        Statistics.label("too big").coverage(c -> {
            c.check(true).count(n -> n >= 5);
            c.check(false).count(n -> n >= 100);
        });
        if (oversized.isEmpty()) {
            assertThat(problems).as(generated.yaml()).isEmpty();
        } else {
            assertThat(errors)
                    .as(generated.yaml())
                    .extracting(Problem::message)
                    .containsExactlyInAnyOrderElementsOf(oversized);
            assertThat(errors)
                    .allSatisfy(p -> assertThat(p.hint()).startsWith("AWS accepts at most 2500 per AI opt-out policy"));
        }
    }

    @Property(tries = 200)
    void smallLayoutsAreNeverTooBig(@ForAll("smallLayouts") Generated generated) {
        LayoutFile.Loaded loaded = LayoutFile.parse("generated.yaml", generated.yaml(), OPTIONS);
        PolicyPlan plan = Planner.plan(loaded.layout());
        assertThat(PlanChecks.check(plan)).as(generated.yaml()).isEmpty();
        assertThat(plan.all())
                .allSatisfy(p -> assertThat(p.content().length()).isLessThanOrEqualTo(Quotas.MAX_DOCUMENT_CHARS));
    }

    /** At most 8 distinct services in the whole layout: far below any size limit, so never refused. */
    @Provide
    Arbitrary<Generated> smallLayouts() {
        Arbitrary<OptValue> value = Arbitraries.of(OptValue.class);
        return Arbitraries.subsetOf(SERVICES).ofMinSize(1).ofMaxSize(8).flatMap(pool -> {
            List<String> keys = List.copyOf(pool);
            Arbitrary<SortedMap<String, OptValue>> values = Arbitraries.subsetOf(keys)
                    .ofMinSize(1)
                    .flatMap(chosen -> value.list().ofSize(chosen.size()).map(vs -> zip(chosen, vs)));
            return Combinators.combine(
                            value,
                            Arbitraries.of(LockLevel.class),
                            Arbitraries.subsetOf(keys)
                                    .flatMap(chosen ->
                                            value.list().ofSize(chosen.size()).map(vs -> zip(chosen, vs))),
                            values.list().ofMaxSize(12))
                    .as(Generated::new);
        });
    }

    private static SortedMap<String, OptValue> zip(Set<String> keys, List<OptValue> values) {
        SortedMap<String, OptValue> out = new TreeMap<>();
        List<String> sorted = keys.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i), values.get(i));
        }
        return out;
    }
}
