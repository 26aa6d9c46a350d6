package dev.aioptout.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An AI services opt-out policy document: {@code {"services": {...}}}.
 *
 * @param servicesControl child control directly under {@code services} (may a child add service keys?); null when absent
 * @param services        entries by service key ({@code default} included), sorted
 */
public record PolicyDocument(ChildControl servicesControl, SortedMap<String, ServiceEntry> services) {

    public static final String DEFAULT_KEY = "default";
    /** The AWS Organizations policy type of these documents. */
    public static final String TYPE = "AISERVICES_OPT_OUT_POLICY";

    public PolicyDocument {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(services, "services")));
    }

    /**
     * One service key (or {@code default}).
     *
     * @param control      child control on the entry (may a child add keys beneath it?); null when absent
     * @param optOutPolicy the {@code opt_out_policy} object; null when absent
     */
    public record ServiceEntry(ChildControl control, OptOutSetting optOutPolicy) {

        public static ServiceEntry of(OptValue value) {
            return new ServiceEntry(null, new OptOutSetting(null, value));
        }
    }

    /**
     * The {@code opt_out_policy} object.
     *
     * @param control child control on the value (may a child change it?); null when absent
     * @param assign  the {@code @@assign} value; null when the object only carries a control
     */
    public record OptOutSetting(ChildControl control, OptValue assign) {}

    /** The document as plain maps and lists, in the JSON shape AWS reads. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> servicesJson = new LinkedHashMap<>();
        if (servicesControl != null) {
            servicesJson.put(ChildControl.KEY, servicesControl.toJson());
        }
        services.forEach((key, entry) -> {
            Map<String, Object> entryJson = new LinkedHashMap<>();
            if (entry.control() != null) {
                entryJson.put(ChildControl.KEY, entry.control().toJson());
            }
            OptOutSetting setting = entry.optOutPolicy();
            if (setting != null) {
                Map<String, Object> settingJson = new LinkedHashMap<>();
                if (setting.control() != null) {
                    settingJson.put(ChildControl.KEY, setting.control().toJson());
                }
                if (setting.assign() != null) {
                    settingJson.put("@@assign", setting.assign().json());
                }
                entryJson.put("opt_out_policy", settingJson);
            }
            servicesJson.put(key, entryJson);
        });
        return Map.of("services", servicesJson);
    }

    /** Compact, keys sorted: what Terraform's jsonencode writes and what is counted against the size quota. */
    public String toCanonicalJson() {
        return CanonicalJson.write(toJsonTree());
    }
}
