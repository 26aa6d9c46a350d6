package dev.aioptout.engine;

import dev.aioptout.policy.NodeKind;
import java.util.List;
import java.util.Objects;

/**
 * One root, OU or account of an organization.
 *
 * @param state     an account's life-cycle state; null for the root and OUs
 * @param policyIds ids of the AI opt-out policies attached directly here, in attachment order
 */
public record OrgNode(
        NodeKind kind, String id, String name, AccountState state, List<String> policyIds, List<OrgNode> children) {

    public OrgNode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind == NodeKind.ACCOUNT && state == null) {
            state = AccountState.UNKNOWN;
        }
        policyIds = List.copyOf(policyIds);
        children = List.copyOf(children);
    }

    public static OrgNode account(String id, String name, List<String> policyIds) {
        return new OrgNode(NodeKind.ACCOUNT, id, name, AccountState.ACTIVE, policyIds, List.of());
    }

    public boolean isAccount() {
        return kind == NodeKind.ACCOUNT;
    }

    public OrgNode withPolicies(List<String> ids) {
        return new OrgNode(kind, id, name, state, ids, children);
    }

    public OrgNode withChildren(List<OrgNode> newChildren) {
        return new OrgNode(kind, id, name, state, policyIds, newChildren);
    }
}
