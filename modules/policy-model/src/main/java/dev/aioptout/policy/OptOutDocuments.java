package dev.aioptout.policy;

import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the documents this project generates: the baseline and one per exception (why they look
 * as they do: docs/policy-semantics.md, section 6).
 */
public final class OptOutDocuments {

    private OptOutDocuments() {}

    /**
     * The organization-wide baseline.
     *
     * <p>With {@link LockLevel#FULL} and exceptions, a fully locked root would make AWS ignore the
     * exceptions, so the narrowest door is opened: {@code services} stays locked (no child can add
     * a service key) and only each excepted service gets an explicit entry, holding the baseline's
     * own value, whose {@code opt_out_policy} a child may {@code @@assign}. The entry itself is
     * marked {@code @@assign} too, so the door opens under either reading of entry-level controls
     * (docs/policy-semantics.md, section 5.1).
     *
     * @param services          per-service values for the whole organization (no {@code default} key)
     * @param exceptedServices  service keys some exception changes
     */
    public static PolicyDocument baseline(
            OptValue defaultValue, Map<String, OptValue> services, LockLevel lock, Set<String> exceptedServices) {
        SortedMap<String, ServiceEntry> entries = new TreeMap<>();
        ChildControl locked = lock == LockLevel.NONE ? null : ChildControl.NONE;
        entries.put(PolicyDocument.DEFAULT_KEY, new ServiceEntry(locked, new OptOutSetting(locked, defaultValue)));
        ChildControl serviceLock = lock == LockLevel.FULL ? ChildControl.NONE : null;
        services.forEach(
                (key, value) -> entries.put(key, new ServiceEntry(serviceLock, new OptOutSetting(serviceLock, value))));
        if (lock == LockLevel.FULL) {
            for (String key : exceptedServices) {
                if (PolicyDocument.DEFAULT_KEY.equals(key)) {
                    continue; // never opened: the engine reports such an exception as blocked
                }
                OptValue value = services.getOrDefault(key, defaultValue);
                entries.put(
                        key,
                        new ServiceEntry(ChildControl.ASSIGN_ONLY, new OptOutSetting(ChildControl.ASSIGN_ONLY, value)));
            }
        }
        return new PolicyDocument(lock == LockLevel.FULL ? ChildControl.NONE : null, entries);
    }

    /** One exception's document; under a full lock its values are locked below its targets too. */
    public static PolicyDocument exception(Map<String, OptValue> services, LockLevel lock) {
        SortedMap<String, ServiceEntry> entries = new TreeMap<>();
        ChildControl locked = lock == LockLevel.FULL ? ChildControl.NONE : null;
        services.forEach((key, value) -> entries.put(key, new ServiceEntry(locked, new OptOutSetting(locked, value))));
        return new PolicyDocument(null, entries);
    }
}
