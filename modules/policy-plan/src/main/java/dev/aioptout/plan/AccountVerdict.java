package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.Note;
import java.util.List;

/**
 * One account's effective policy set against what the layout intends for it.
 *
 * @param causes one per difference: which policy, attached where, made the value differ
 */
public record AccountVerdict(
        AccountOutcome outcome,
        EffectivePolicy intended,
        List<EffectivePolicy.Difference> differences,
        List<Cause> causes) {

    public AccountVerdict {
        differences = List.copyOf(differences);
        causes = List.copyOf(causes);
    }

    /** For {@code default} and every service named in either policy, the resolved values agree. */
    public boolean compliant() {
        return differences.isEmpty();
    }

    /**
     * Why one key differs.
     *
     * @param note    the ignored change or order-dependence behind it, when there is one
     * @param message a sentence naming the policy and the node
     */
    public record Cause(String key, Note note, String message) {}
}
