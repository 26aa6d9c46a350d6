package dev.aioptout.engine;

import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An account's effective AI opt-out policy: operators stripped, one value per key, in the shape
 * {@code DescribeEffectivePolicy} returns.
 */
public record EffectivePolicy(SortedMap<String, Setting> settings) {

    public static final EffectivePolicy EMPTY = new EffectivePolicy(new TreeMap<>());

    public EffectivePolicy {
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    /** An intent or expectation with no provenance, e.g. what a layout means an account to get. */
    public static EffectivePolicy of(Map<String, OptValue> values) {
        SortedMap<String, Setting> s = new TreeMap<>();
        values.forEach((k, v) -> s.put(k, new Setting(v, null)));
        return new EffectivePolicy(s);
    }

    public SortedMap<String, OptValue> values() {
        SortedMap<String, OptValue> v = new TreeMap<>();
        settings.forEach((k, s) -> v.put(k, s.value()));
        return v;
    }

    /** The account's setting for a service: its own key, else {@code default}, else none. */
    public Optional<OptValue> resolve(String service) {
        Setting own = settings.get(service);
        if (own != null) {
            return Optional.of(own.value());
        }
        Setting fallback = settings.get(PolicyDocument.DEFAULT_KEY);
        return fallback == null ? Optional.empty() : Optional.of(fallback.value());
    }

    /** Which policy decides the service's value, following the same fallback as {@link #resolve}. */
    public Optional<Origin> decidedBy(String service) {
        Setting own = settings.get(service);
        Setting s = own != null ? own : settings.get(PolicyDocument.DEFAULT_KEY);
        return s == null ? Optional.empty() : Optional.ofNullable(s.setBy());
    }

    /** A key where this and the intended policy resolve differently. */
    public record Difference(String key, OptValue actual, OptValue intended) {}

    /** Compared on {@code default} and every service key named in either policy. */
    public List<Difference> differencesFrom(EffectivePolicy intended) {
        TreeSet<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(intended.settings.keySet());
        keys.add(PolicyDocument.DEFAULT_KEY);
        List<Difference> out = new ArrayList<>();
        for (String key : keys) {
            OptValue actual = resolve(key).orElse(null);
            OptValue want = intended.resolve(key).orElse(null);
            if (actual != want) {
                out.add(new Difference(key, actual, want));
            }
        }
        return out;
    }

    /** {@code {"services":{"default":{"opt_out_policy":"optOut"}}}}. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> services = new LinkedHashMap<>();
        settings.forEach(
                (k, s) -> services.put(k, Map.of("opt_out_policy", s.value().json())));
        return Map.of("services", services);
    }

    public String toJson() {
        return CanonicalJson.write(toJsonTree());
    }
}
