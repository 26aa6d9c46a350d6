package dev.aioptout.plan;

import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Organizations with a plan's policies attached, for the engine to prove. */
public final class PlannedOrganization {

    /** The root's id in a tree made from the layout alone, before any real root is known. */
    public static final String ROOT_ID = "root";

    private PlannedOrganization() {}

    /**
     * The smallest tree the layout implies when no organization is given: the root, each OU it
     * names holding one representative account, each account it names, and one other account.
     * Where the OUs really sit is unknown, so each is placed directly under the root.
     */
    public static Organization minimal(PolicyPlan plan) {
        Set<TargetId> named = new LinkedHashSet<>();
        plan.all().forEach(p -> named.addAll(p.targets()));
        List<OrgNode> children = new ArrayList<>();
        named.stream()
                .filter(t -> t.kind() == NodeKind.ORGANIZATIONAL_UNIT)
                .sorted()
                .forEach(ou -> children.add(new OrgNode(
                        NodeKind.ORGANIZATIONAL_UNIT,
                        ou.value(),
                        ou.value(),
                        null,
                        List.of(),
                        List.of(OrgNode.account(
                                "any-account-in-" + ou.value(), "an account in " + ou.value(), List.of())))));
        named.stream()
                .filter(t -> t.kind() == NodeKind.ACCOUNT)
                .sorted()
                .forEach(a -> children.add(OrgNode.account(a.value(), "account " + a.value(), List.of())));
        children.add(OrgNode.account("any-other-account", "any other account", List.of()));
        OrgNode root = new OrgNode(NodeKind.ROOT, ROOT_ID, "Root", null, List.of(), children);
        return overlay(new Organization(null, ROOT_ID, List.of(), List.of(), root, true), plan);
    }

    /**
     * The organization with the plan's policies attached after each target's existing ones, in
     * plan order (the generated Terraform makes exception attachments wait for the baseline's).
     * An adopted policy takes the place of the policy it adopts instead: wherever that one is
     * attached (at the layout's targets and elsewhere) the planned policy stands in its place, with
     * the planned content, in an order as unknown as the original's; it is appended only at the
     * targets it is not attached to yet. Targets the organization does not have are left out;
     * {@link PlanChecks} reports them.
     */
    public static Organization overlay(Organization org, PolicyPlan plan) {
        Map<String, String> adopted = new HashMap<>();
        plan.all().stream().filter(p -> p.adopt() != null).forEach(p -> adopted.put(p.adopt(), p.plannedId()));
        List<OrgPolicy> policies = new ArrayList<>();
        org.policies().stream().filter(p -> !adopted.containsKey(p.id())).forEach(policies::add);
        plan.all().forEach(p -> policies.add(new OrgPolicy(p.plannedId(), p.name(), p.content())));
        Set<Organization.Attachment> appended = new LinkedHashSet<>(org.appended());
        OrgNode root = attach(org.root(), new TargetIndex<>(plan.all(), PlannedPolicy::targets), adopted, appended);
        return new Organization(
                org.organizationId(),
                org.rootId(),
                org.enabledPolicyTypes(),
                policies,
                root,
                org.attachmentOrderKnown(),
                appended);
    }

    private static OrgNode attach(
            OrgNode node,
            TargetIndex<PlannedPolicy> planned,
            Map<String, String> adopted,
            Set<Organization.Attachment> appended) {
        List<String> ids = new ArrayList<>(node.policyIds().size() + 1);
        node.policyIds().forEach(id -> ids.add(adopted.getOrDefault(id, id)));
        for (PlannedPolicy p : planned.at(node)) {
            if (!ids.contains(p.plannedId())) {
                ids.add(p.plannedId());
                appended.add(new Organization.Attachment(node.id(), p.plannedId()));
            }
        }
        List<OrgNode> children = node.children().stream()
                .map(c -> attach(c, planned, adopted, appended))
                .toList();
        return node.withPolicies(ids).withChildren(children);
    }
}
