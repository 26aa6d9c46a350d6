package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Whatever the generator is asked for, its baseline is valid JSON that reads back as the same document. */
class BaselineRoundTripPropertyTest {

    private static final List<String> SERVICE_KEYS = ServiceKeys.KNOWN.stream()
            .filter(k -> !PolicyDocument.DEFAULT_KEY.equals(k))
            .toList();

    @Provide
    Arbitrary<Map<String, OptValue>> serviceValues() {
        return Arbitraries.maps(Arbitraries.of(SERVICE_KEYS), Arbitraries.of(OptValue.class))
                .ofMaxSize(SERVICE_KEYS.size());
    }

    /** Any subset of the known keys, {@code default} included (which the generator must never open). */
    @Provide
    Arbitrary<Set<String>> excepted() {
        return Arbitraries.of(List.copyOf(ServiceKeys.KNOWN)).set().ofMaxSize(ServiceKeys.KNOWN.size());
    }

    @Property(tries = 500)
    void baselineRoundTripsThroughItsCanonicalJson(
            @ForAll OptValue defaultValue,
            @ForAll("serviceValues") Map<String, OptValue> services,
            @ForAll LockLevel lock,
            @ForAll("excepted") Set<String> excepted) {
        Statistics.collect(lock, excepted.isEmpty() ? "no exceptions" : "exceptions");
        PolicyDocument baseline = OptOutDocuments.baseline(defaultValue, services, lock, excepted);
        String json = baseline.toCanonicalJson();

        // Valid JSON (strict: no duplicate keys, nothing trailing), compact, keys sorted.
        JsonNode tree = JsonTestSupport.tree(json);
        assertThat(tree.isObject()).isTrue();
        assertThat(json).doesNotContainAnyWhitespaces();
        assertThat(JsonTestSupport.keysSorted(tree)).isTrue();

        PolicyDocumentParser.Parsed parsed = PolicyDocumentParser.parse(json, "baseline");
        assertThat(parsed.problems()).as("only known keys were used").isEmpty();
        assertThat(parsed.document()).isEqualTo(baseline);
        assertThat(parsed.document().toCanonicalJson()).isEqualTo(json);
    }

    @Property(tries = 300)
    void baselineKeepsEveryRequestedValue(
            @ForAll OptValue defaultValue,
            @ForAll("serviceValues") Map<String, OptValue> services,
            @ForAll LockLevel lock,
            @ForAll("excepted") Set<String> excepted) {
        PolicyDocument baseline = OptOutDocuments.baseline(defaultValue, services, lock, excepted);

        assertThat(baseline.services().get("default").optOutPolicy().assign()).isEqualTo(defaultValue);
        services.forEach((key, value) -> assertThat(
                        baseline.services().get(key).optOutPolicy().assign())
                .as(key)
                .isEqualTo(value));
        // default is locked under full and default, never opened.
        ChildControl defaultControl =
                baseline.services().get("default").optOutPolicy().control();
        assertThat(defaultControl).isEqualTo(lock == LockLevel.NONE ? null : ChildControl.NONE);
        assertThat(baseline.servicesControl()).isEqualTo(lock == LockLevel.FULL ? ChildControl.NONE : null);
        if (lock == LockLevel.FULL) {
            for (String key : excepted) {
                if (!key.equals("default")) {
                    PolicyDocument.ServiceEntry entry = baseline.services().get(key);
                    assertThat(entry.optOutPolicy().control()).as(key).isEqualTo(ChildControl.ASSIGN_ONLY);
                    assertThat(entry.optOutPolicy().assign())
                            .as(key)
                            .isEqualTo(services.getOrDefault(key, defaultValue));
                }
            }
        }
    }
}
