package dev.aioptout.policy;

import java.util.Optional;

/** The two values AWS accepts for {@code opt_out_policy}. Case matters: AWS ignores "optout". */
public enum OptValue {
    OPT_OUT("optOut"),
    OPT_IN("optIn");

    private final String json;

    OptValue(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** Exact match only; anything else (including other cases) is not a value. */
    public static Optional<OptValue> parse(String text) {
        for (OptValue v : values()) {
            if (v.json.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** For error hints: the value the user probably meant when only the case is wrong. */
    public static Optional<OptValue> caseInsensitive(String text) {
        for (OptValue v : values()) {
            if (v.json.equalsIgnoreCase(text)
                    || v.json.equalsIgnoreCase(text.replace("-", "").replace("_", ""))) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return json;
    }
}
