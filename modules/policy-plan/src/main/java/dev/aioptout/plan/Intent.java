package dev.aioptout.plan;

import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.layout.Layout;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a layout means one account to get: the baseline's values where the baseline reaches it,
 * then the exceptions that target the account or an OU above it, top-down, the nearest winning.
 */
public final class Intent {

    /** One exception's part: where it applies and what it sets. */
    private record Excepted(List<TargetId> targets, SortedMap<String, OptValue> services) {}

    private final List<TargetId> attach;
    private final OptValue defaultValue;
    private final SortedMap<String, OptValue> services;
    private final TargetIndex<Excepted> exceptions;

    private Intent(
            List<TargetId> attach,
            OptValue defaultValue,
            SortedMap<String, OptValue> services,
            List<Excepted> exceptions) {
        this.attach = attach;
        this.defaultValue = defaultValue;
        this.services = services;
        this.exceptions = new TargetIndex<>(exceptions, Excepted::targets);
    }

    /** The layout's intent, ready to answer for many accounts. */
    public static Intent of(Layout layout) {
        return new Intent(
                layout.attach(),
                layout.policy().defaultValue(),
                layout.policy().services(),
                layout.exceptions().stream()
                        .map(e -> new Excepted(e.targets(), e.services()))
                        .toList());
    }

    /** The same intent, from the plan made of the layout. */
    public static Intent of(PolicyPlan plan) {
        return new Intent(
                plan.baseline().targets(),
                plan.defaultValue(),
                plan.baseline().services(),
                plan.exceptions().stream()
                        .map(e -> new Excepted(e.targets(), e.services()))
                        .toList());
    }

    /** @param path the nodes above the account, root first */
    public EffectivePolicy forAccount(List<OrgNode> path, OrgNode account) {
        List<OrgNode> line = new ArrayList<>(path);
        line.add(account);
        SortedMap<String, OptValue> values = new TreeMap<>();
        if (line.stream().anyMatch(n -> isTargeted(n, attach))) {
            values.put(PolicyDocument.DEFAULT_KEY, defaultValue);
            values.putAll(services);
        }
        for (OrgNode node : line) {
            for (Excepted e : exceptions.at(node)) {
                values.putAll(e.services());
            }
        }
        return EffectivePolicy.of(values);
    }

    static boolean isTargeted(OrgNode node, List<TargetId> targets) {
        for (TargetId t : targets) {
            if (t.isRoot() ? node.kind() == NodeKind.ROOT : t.value().equals(node.id())) {
                return true;
            }
        }
        return false;
    }
}
