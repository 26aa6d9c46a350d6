package dev.aioptout.engine;

import java.util.List;

/**
 * What one account ends up with.
 *
 * @param path  the nodes above the account, root first
 * @param notes every ignored change, order-dependent value and unknown on the way down, top first
 */
public record AccountOutcome(OrgNode account, List<OrgNode> path, EffectivePolicy effective, List<Note> notes) {

    public List<String> pathNames() {
        return path.stream().map(n -> n.name() == null ? n.id() : n.name()).toList();
    }

    /**
     * The notes that make the effective policy unknown: an unreadable policy on the way down, a
     * decision an undocumented child control could sway, or a value that two policies at one node
     * set differently, in an order not known, and that the account still ends up with. An outcome
     * with any of these is never compliant, whatever it looks like.
     */
    public List<Note> unknowns() {
        return notes.stream()
                .filter(n -> switch (n.kind()) {
                    case UNREADABLE_POLICY, UNDOCUMENTED_CONTROL -> true;
                    // A value a lower node set afterwards does not depend on the order above it.
                    case ORDER_DEPENDENT ->
                        effective.settings().containsKey(n.key())
                                && n.blocking()
                                        .equals(effective
                                                .settings()
                                                .get(n.key())
                                                .setBy());
                    case IGNORED_CHANGE -> false;
                })
                .toList();
    }
}
