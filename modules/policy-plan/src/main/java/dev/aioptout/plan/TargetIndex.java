package dev.aioptout.plan;

import dev.aioptout.engine.OrgNode;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which items of a list (planned policies, exceptions) target a node, in list order, found by the
 * node's id instead of a scan of the list: proving a layout with thousands of exceptions on a tree
 * with thousands of nodes stays linear. A node matches what {@link Intent#isTargeted} says.
 */
final class TargetIndex<T> {

    private final List<T> items;
    private final List<Integer> atRoot = new ArrayList<>();
    private final Map<String, List<Integer>> byId = new HashMap<>();

    TargetIndex(List<T> items, Function<T, List<TargetId>> targets) {
        this.items = List.copyOf(items);
        for (int i = 0; i < this.items.size(); i++) {
            for (TargetId t : targets.apply(this.items.get(i))) {
                List<Integer> at = t.isRoot() ? atRoot : byId.computeIfAbsent(t.value(), k -> new ArrayList<>());
                if (at.isEmpty() || at.get(at.size() - 1) != i) {
                    at.add(i);
                }
            }
        }
    }

    List<T> at(OrgNode node) {
        List<Integer> matching = byId.getOrDefault(node.id(), List.of());
        if (node.kind() == NodeKind.ROOT && !atRoot.isEmpty()) {
            TreeSet<Integer> merged = new TreeSet<>(atRoot);
            merged.addAll(matching);
            matching = new ArrayList<>(merged);
        }
        List<T> out = new ArrayList<>(matching.size());
        matching.forEach(i -> out.add(items.get(i)));
        return out;
    }
}
