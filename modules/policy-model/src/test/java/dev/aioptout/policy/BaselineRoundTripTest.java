package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same round trip as {@link BaselineRoundTripPropertyTest}, in plain JUnit with a fixed seed,
 * plus the corner cases spelt out (every key, every key excepted).
 */
class BaselineRoundTripTest {

    private static final List<String> SERVICE_KEYS = ServiceKeys.KNOWN.stream()
            .filter(k -> !PolicyDocument.DEFAULT_KEY.equals(k))
            .toList();

    private static void assertRoundTrip(
            OptValue defaultValue, Map<String, OptValue> services, LockLevel lock, Set<String> excepted) {
        PolicyDocument baseline = OptOutDocuments.baseline(defaultValue, services, lock, excepted);
        String json = baseline.toCanonicalJson();
        JsonTestSupport.tree(json); // valid, strict JSON
        assertThat(json).doesNotContainAnyWhitespaces();
        PolicyDocumentParser.Parsed parsed = PolicyDocumentParser.parse(json, "baseline");
        assertThat(parsed.problems()).as(json).isEmpty();
        assertThat(parsed.document()).as(json).isEqualTo(baseline);
    }

    @Test
    void cornerCases() {
        Map<String, OptValue> every = new HashMap<>();
        SERVICE_KEYS.forEach(k -> every.put(k, OptValue.OPT_IN));
        for (LockLevel lock : LockLevel.values()) {
            for (OptValue d : OptValue.values()) {
                assertRoundTrip(d, Map.of(), lock, Set.of());
                assertRoundTrip(d, every, lock, Set.of());
                assertRoundTrip(d, Map.of(), lock, ServiceKeys.KNOWN);
                assertRoundTrip(d, every, lock, ServiceKeys.KNOWN);
            }
        }
    }

    @Test
    void seededRandomCases() {
        Random random = new Random(20_250_101L);
        for (int i = 0; i < 1_000; i++) {
            Map<String, OptValue> services = new HashMap<>();
            Set<String> excepted = new HashSet<>();
            for (String key : SERVICE_KEYS) {
                if (random.nextInt(3) == 0) {
                    services.put(key, random.nextBoolean() ? OptValue.OPT_IN : OptValue.OPT_OUT);
                }
            }
            for (String key : new ArrayList<>(ServiceKeys.KNOWN)) {
                if (random.nextInt(4) == 0) {
                    excepted.add(key);
                }
            }
            LockLevel lock = LockLevel.values()[random.nextInt(LockLevel.values().length)];
            OptValue d = random.nextBoolean() ? OptValue.OPT_IN : OptValue.OPT_OUT;
            assertRoundTrip(d, services, lock, excepted);
        }
    }
}
