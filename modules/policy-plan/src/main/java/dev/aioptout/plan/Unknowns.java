package dev.aioptout.plan;

import dev.aioptout.engine.Note;
import dev.aioptout.policy.ChildControl;

/** What to do about an outcome the engine could not know: one sentence per kind, for plan, verify and synth alike. */
public final class Unknowns {

    private Unknowns() {}

    /** The note's own sentence, then how to resolve it. */
    public static String explain(Note note) {
        return note.message() + "; " + resolution(note);
    }

    public static String resolution(Note note) {
        return switch (note.kind()) {
            case ORDER_DEPENDENT ->
                "to resolve, merge the two policies into one, or detach both and re-attach them in"
                        + " the intended order (AWS keeps the first attached, but no API returns the order, so only a"
                        + " merge can be proven)";
            case UNDOCUMENTED_CONTROL ->
                "to resolve, change the " + ChildControl.KEY + " of "
                        + note.blocking().describe() + " to [\"@@assign\"] or [\"@@none\"]";
            case UNREADABLE_POLICY ->
                "to resolve, fix or detach " + note.source().describe();
            case IGNORED_CHANGE -> "nothing is unknown";
        };
    }
}
