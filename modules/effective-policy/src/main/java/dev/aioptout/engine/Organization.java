package dev.aioptout.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An organization as the engine sees it: its tree and its AI opt-out policies.
 *
 * @param attachmentOrderKnown whether each node's {@code policyIds} are in true attachment order;
 *                             the List APIs do not promise it, so a live snapshot is not
 * @param appendedPolicyIds    policies known to be attached after every other policy at their
 *                             nodes, in list order: the planned ones overlaid on a snapshot
 */
public record Organization(
        String organizationId,
        String rootId,
        List<String> enabledPolicyTypes,
        List<OrgPolicy> policies,
        OrgNode root,
        boolean attachmentOrderKnown,
        Set<String> appendedPolicyIds) {

    public Organization {
        enabledPolicyTypes = List.copyOf(enabledPolicyTypes);
        policies = List.copyOf(policies);
        appendedPolicyIds = Set.copyOf(appendedPolicyIds);
    }

    public Organization(
            String organizationId,
            String rootId,
            List<String> enabledPolicyTypes,
            List<OrgPolicy> policies,
            OrgNode root,
            boolean attachmentOrderKnown) {
        this(organizationId, rootId, enabledPolicyTypes, policies, root, attachmentOrderKnown, Set.of());
    }

    /** Whether the order between an earlier-listed policy and {@code laterPolicyId} at one node is certain. */
    public boolean orderKnownBefore(String laterPolicyId) {
        return attachmentOrderKnown || appendedPolicyIds.contains(laterPolicyId);
    }

    public Map<String, OrgPolicy> policiesById() {
        Map<String, OrgPolicy> byId = new LinkedHashMap<>();
        policies.forEach(p -> byId.put(p.id(), p));
        return byId;
    }
}
