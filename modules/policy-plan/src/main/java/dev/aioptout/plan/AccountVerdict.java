package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** compliant, non-compliant, or unverified: the outcome is not known, so it is never called compliant. */
    public enum Status {
        COMPLIANT,
        NON_COMPLIANT,
        UNVERIFIED;

        /** {@code compliant}, {@code non-compliant}, {@code unverified}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The mark reports put beside an account or OU: {@code ✓}, {@code ✗}, {@code ?}. */
        public String mark() {
            return switch (this) {
                case COMPLIANT -> "✓";
                case NON_COMPLIANT -> "✗";
                case UNVERIFIED -> "?";
            };
        }
    }

    public AccountVerdict {
        differences = List.copyOf(differences);
        causes = List.copyOf(causes);
    }

    public Status status() {
        // The same test as unverified().isEmpty(), without writing each explanation.
        if (!outcome.account().state().known() || !outcome.unknowns().isEmpty()) {
            return Status.UNVERIFIED;
        }
        return differences.isEmpty() ? Status.COMPLIANT : Status.NON_COMPLIANT;
    }

    /** Known, and for {@code default} and every service named in either policy the resolved values agree. */
    public boolean compliant() {
        return status() == Status.COMPLIANT;
    }

    /**
     * Why the account's outcome is not known, each with how to resolve it: an unknown account
     * state, an unreadable policy, an undocumented child control, an unknown attachment order.
     * Empty when the outcome is known.
     */
    public List<String> unverified() {
        List<String> reasons = new ArrayList<>();
        outcome.account().state().unverifiedReason().ifPresent(reasons::add);
        for (Note n : outcome.unknowns()) {
            reasons.add(Unknowns.explain(n));
        }
        return reasons;
    }

    /**
     * Why one key differs.
     *
     * @param note    the ignored change or order-dependence behind it, when there is one
     * @param message a sentence naming the policy and the node
     */
    public record Cause(String key, Note note, String message) {}
}
