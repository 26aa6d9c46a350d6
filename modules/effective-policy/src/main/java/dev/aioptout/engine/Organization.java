package dev.aioptout.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization as the engine sees it: its tree and its AI opt-out policies.
 *
 * @param attachmentOrderKnown whether each node's {@code policyIds} are in true attachment order;
 *                             the List APIs do not promise it, so a live snapshot is not
 */
public record Organization(String organizationId, String rootId, List<String> enabledPolicyTypes,
                           List<OrgPolicy> policies, OrgNode root, boolean attachmentOrderKnown) {

    public Organization {
        enabledPolicyTypes = List.copyOf(enabledPolicyTypes);
        policies = List.copyOf(policies);
    }

    public Map<String, OrgPolicy> policiesById() {
        Map<String, OrgPolicy> byId = new LinkedHashMap<>();
        policies.forEach(p -> byId.put(p.id(), p));
        return byId;
    }
}
