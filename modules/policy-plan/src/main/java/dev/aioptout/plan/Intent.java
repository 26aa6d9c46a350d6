package dev.aioptout.plan;

import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Layout.ExceptionSpec;
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

    private final Layout layout;
    private final TargetIndex<ExceptionSpec> exceptions;

    private Intent(Layout layout) {
        this.layout = layout;
        this.exceptions = new TargetIndex<>(layout.exceptions(), ExceptionSpec::targets);
    }

    /** The layout's intent, ready to answer for many accounts. */
    public static Intent of(Layout layout) {
        return new Intent(layout);
    }

    /** @param path the nodes above the account, root first */
    public EffectivePolicy forAccount(List<OrgNode> path, OrgNode account) {
        List<OrgNode> line = new ArrayList<>(path);
        line.add(account);
        SortedMap<String, OptValue> values = new TreeMap<>();
        if (line.stream().anyMatch(n -> isTargeted(n, layout.attach()))) {
            values.put(PolicyDocument.DEFAULT_KEY, layout.policy().defaultValue());
            values.putAll(layout.policy().services());
        }
        for (OrgNode node : line) {
            for (ExceptionSpec e : exceptions.at(node)) {
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
