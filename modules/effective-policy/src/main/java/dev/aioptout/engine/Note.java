package dev.aioptout.engine;

/**
 * Something the merge did that a reader of the policies would not expect, or could not know.
 *
 * @param key      the service key concerned ({@code default} included), or {@code services} for a key-level rule
 *                 or a whole policy
 * @param source   the policy whose change is concerned
 * @param blocking the policy whose lock, earlier attachment or undocumented control decided; null when none
 */
public record Note(Kind kind, String key, Origin source, Origin blocking, String message) {

    public enum Kind {
        /** A child's change that a parent's child control forbids: AWS ignores it without error. */
        IGNORED_CHANGE,
        /** Two policies at one node set different values; the first attached wins, and the order is not known. */
        ORDER_DEPENDENT,
        /**
         * A change whose fate depends on a child control naming an operator AWS does not document for
         * AI opt-out policies ({@code @@append}, {@code @@remove}): the outcome is not known.
         */
        UNDOCUMENTED_CONTROL,
        /** A policy attached on the way down whose document does not parse: the outcome is not known. */
        UNREADABLE_POLICY
    }
}
