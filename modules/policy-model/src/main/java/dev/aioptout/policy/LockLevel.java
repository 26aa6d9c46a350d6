package dev.aioptout.policy;

import java.util.Optional;

/** How much of the baseline child policies may change; the layout file's {@code policy.lock}. */
public enum LockLevel {
    /** Child policies can neither add service keys nor change any value the baseline sets. */
    FULL("full"),
    /** Only {@code default} and its value are locked; child policies may add per-service keys. */
    DEFAULT("default"),
    /** No child control at all. */
    NONE("none");

    private final String yaml;

    LockLevel(String yaml) {
        this.yaml = yaml;
    }

    public String yaml() {
        return yaml;
    }

    public static Optional<LockLevel> parse(String text) {
        for (LockLevel l : values()) {
            if (l.yaml.equals(text)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return yaml;
    }
}
