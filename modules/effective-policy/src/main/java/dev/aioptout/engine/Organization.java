package dev.aioptout.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An organization as the engine sees it: its tree and its AI opt-out policies.
 *
 * @param attachmentOrderKnown whether each node's {@code policyIds} are in true attachment order;
 *                             the List APIs do not promise it, so a live snapshot is not
 * @param appended             attachments known to come after every other attachment at their
 *                             node, in list order: the planned ones overlaid on a snapshot (a
 *                             policy adopted where it is attached already keeps its unknown place)
 */
public record Organization(
        String organizationId,
        String rootId,
        List<String> enabledPolicyTypes,
        List<OrgPolicy> policies,
        OrgNode root,
        boolean attachmentOrderKnown,
        Set<Attachment> appended) {

    /**
     * The shape of a policy type's name as AWS writes them ({@code SERVICE_CONTROL_POLICY},
     * {@code DECLARATIVE_POLICY_EC2}); AWS's model gives the type as an enum and no pattern, so this
     * is what every name it has used shares, and what a type it adds later can be expected to.
     */
    public static final Pattern POLICY_TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,127}");

    /** One policy attached to one root, OU or account. */
    public record Attachment(String nodeId, String policyId) {}

    public Organization {
        enabledPolicyTypes = List.copyOf(enabledPolicyTypes);
        policies = List.copyOf(policies);
        appended = Set.copyOf(appended);
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

    /** Whether the order between an earlier-listed policy and {@code laterPolicyId} at the node is certain. */
    public boolean orderKnownBefore(String nodeId, String laterPolicyId) {
        return attachmentOrderKnown || appended.contains(new Attachment(nodeId, laterPolicyId));
    }

    /** Every node each policy is attached to, in tree order (a node before its children), by policy id. */
    public Map<String, List<OrgNode>> nodesByPolicy() {
        Map<String, List<OrgNode>> byPolicy = new LinkedHashMap<>();
        collectAttachments(root, byPolicy);
        return byPolicy;
    }

    private static void collectAttachments(OrgNode node, Map<String, List<OrgNode>> byPolicy) {
        for (String id : node.policyIds()) {
            byPolicy.computeIfAbsent(id, k -> new ArrayList<>()).add(node);
        }
        node.children().forEach(c -> collectAttachments(c, byPolicy));
    }

    public Map<String, OrgPolicy> policiesById() {
        Map<String, OrgPolicy> byId = new LinkedHashMap<>();
        policies.forEach(p -> byId.put(p.id(), p));
        return byId;
    }
}
