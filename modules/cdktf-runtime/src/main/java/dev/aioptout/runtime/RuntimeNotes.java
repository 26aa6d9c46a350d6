package dev.aioptout.runtime;

import java.util.List;

/**
 * What the launcher found slower than it can be (runtime-env.sh: jsii's package cache off or not
 * writable, no class-data-sharing archive, JSII_RUNTIME set by the user), one line each, for
 * {@code --verbose}: the run is correct all the same.
 */
public final class RuntimeNotes {

    /** Where runtime-env.sh leaves them, one per line. */
    static final String VARIABLE = "AI_OPTOUT_JSII_NOTE";

    private RuntimeNotes() {}

    /** The notes of this process's launcher; none without one. */
    public static List<String> get() {
        String notes = System.getenv(VARIABLE);
        return notes == null
                ? List.of()
                : notes.lines().filter(l -> !l.isBlank()).toList();
    }
}
