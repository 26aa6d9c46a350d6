package dev.aioptout.engine;

import java.util.List;

/**
 * What one account ends up with.
 *
 * @param path  the nodes above the account, root first
 * @param notes every ignored change and order-dependent value on the way down, top first
 */
public record AccountOutcome(OrgNode account, List<OrgNode> path, EffectivePolicy effective, List<Note> notes) {

    public List<String> pathNames() {
        return path.stream().map(n -> n.name() == null ? n.id() : n.name()).toList();
    }
}
