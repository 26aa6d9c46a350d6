package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.testing.Gen;
import dev.aioptout.testing.SeededTries;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Whatever the generator is asked for, its baseline is valid JSON that reads back as the same document. */
class BaselineRoundTripPropertyTest {

    private static final List<String> SERVICE_KEYS = ServiceKeys.KNOWN.stream()
            .filter(k -> !PolicyDocument.DEFAULT_KEY.equals(k))
            .toList();

    /** What the baseline is asked for. */
    record Request(OptValue defaultValue, Map<String, OptValue> services, LockLevel lock, Set<String> excepted) {

        static Request random(Gen gen) {
            Map<String, OptValue> services = new TreeMap<>();
            gen.subset(SERVICE_KEYS, 0, SERVICE_KEYS.size()).forEach(k -> services.put(k, gen.oneOf(OptValue.class)));
            // Any subset of the known keys, default included (which the generator must never open);
            // none one time in five.
            Set<String> excepted = gen.chance(0.2)
                    ? Set.of()
                    : new LinkedHashSet<>(gen.subset(ServiceKeys.KNOWN, 0, ServiceKeys.KNOWN.size()));
            return new Request(gen.oneOf(OptValue.class), services, gen.oneOf(LockLevel.class), excepted);
        }

        PolicyDocument baseline() {
            return OptOutDocuments.baseline(defaultValue, services, lock, excepted);
        }
    }

    @Test
    void baselineRoundTripsThroughItsCanonicalJson() {
        List<Request> tried = SeededTries.check(0x5EED_0001L, 500, Request::random, Request::toString, request -> {
            PolicyDocument baseline = request.baseline();
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
        });
        // Every lock level, with and without exceptions, was really tried.
        for (LockLevel lock : LockLevel.values()) {
            for (boolean exceptions : new boolean[] {true, false}) {
                assertThat(tried)
                        .as("tries with lock %s and %s", lock, exceptions ? "exceptions" : "no exceptions")
                        .filteredOn(r -> r.lock() == lock && r.excepted().isEmpty() != exceptions)
                        .hasSizeGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void baselineKeepsEveryRequestedValue() {
        SeededTries.check(0x5EED_0002L, 300, Request::random, Request::toString, request -> {
            PolicyDocument baseline = request.baseline();
            LockLevel lock = request.lock();

            assertThat(baseline.services().get("default").optOutPolicy().assign())
                    .isEqualTo(request.defaultValue());
            request.services()
                    .forEach((key, value) -> assertThat(
                                    baseline.services().get(key).optOutPolicy().assign())
                            .as(key)
                            .isEqualTo(value));
            // default is locked under full and default, never opened.
            ChildControl defaultControl =
                    baseline.services().get("default").optOutPolicy().control();
            assertThat(defaultControl).isEqualTo(lock == LockLevel.NONE ? null : ChildControl.NONE);
            assertThat(baseline.servicesControl()).isEqualTo(lock == LockLevel.FULL ? ChildControl.NONE : null);
            if (lock == LockLevel.FULL) {
                for (String key : request.excepted()) {
                    if (!key.equals("default")) {
                        PolicyDocument.ServiceEntry entry = baseline.services().get(key);
                        assertThat(entry.optOutPolicy().control()).as(key).isEqualTo(ChildControl.ASSIGN_ONLY);
                        assertThat(entry.optOutPolicy().assign())
                                .as(key)
                                .isEqualTo(request.services().getOrDefault(key, request.defaultValue()));
                    }
                }
            }
        });
    }
}
