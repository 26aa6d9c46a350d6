package dev.aioptout.engine;

/**
 * Something the merge did that a reader of the policies would not expect.
 *
 * @param key      the service key concerned ({@code default} included), or {@code services} for a key-level rule
 * @param source   the policy whose change is concerned
 * @param blocking the policy whose lock, or earlier attachment, decided; null when none
 */
public record Note(Kind kind, String key, Origin source, Origin blocking, String message) {

    public enum Kind {
        /** A child's change that a parent's child control forbids: AWS ignores it without error. */
        IGNORED_CHANGE,
        /** Two policies at one node set different values; the first attached wins, and the order is not known. */
        ORDER_DEPENDENT
    }
}
