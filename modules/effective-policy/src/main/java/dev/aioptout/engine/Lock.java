package dev.aioptout.engine;

import dev.aioptout.policy.ChildControl;

/**
 * One child control as merged down the tree to a node: what child policies may still do at that
 * level, and which policy narrowed it last. Controls naming an operator AWS does not document for
 * AI opt-out policies are merged like any other, but the first policy carrying one is kept, so
 * that a decision they could sway is reported as unknown instead of guessed.
 *
 * @param documented      the intersection of the documented controls alone
 * @param undocumentedBy  the first policy whose control here is not documented; null when none
 * @param undocumented    that policy's control; null when none
 */
public record Lock(
        ChildControl control,
        Origin lockedBy,
        ChildControl documented,
        Origin undocumentedBy,
        ChildControl undocumented) {

    /** Nothing set: {@code @@all}. */
    public static final Lock OPEN = new Lock(ChildControl.ALL, null, ChildControl.ALL, null, null);

    /** Several controls at one node, or a parent's and a child's: only what all allow survives. */
    Lock narrow(ChildControl other, Origin origin) {
        ChildControl narrowed = control.intersect(other);
        boolean first = undocumentedBy == null && !other.documented();
        return new Lock(
                narrowed,
                narrowed.equals(control) ? lockedBy : origin,
                other.documented() ? documented.intersect(other) : documented,
                first ? origin : undocumentedBy,
                first ? other : undocumented);
    }

    /** Whether a child's {@code @@assign} takes effect, as the engine computes it. */
    public boolean allowsAssign() {
        return control.allowsAssign();
    }

    /**
     * Whether that depends on a control AWS does not document: the documented controls alone
     * would allow {@code @@assign}, and an undocumented one takes part.
     */
    public boolean uncertain() {
        return undocumentedBy != null && documented.allowsAssign();
    }

    /** {@code policy "x" attached to "Root", whose @@operators_allowed_for_child_policies is ["@@append"]}. */
    String describeUndocumented() {
        return undocumentedBy.describe() + ", whose " + ChildControl.KEY + " is "
                + undocumented.toJson().stream().map(o -> "\"" + o + "\"").toList()
                + " (AWS documents only @@all, @@assign and @@none for AI opt-out policies)";
    }
}
