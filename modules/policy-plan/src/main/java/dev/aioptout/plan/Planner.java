package dev.aioptout.plan;

import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Layout.ExceptionSpec;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a validated layout into the policies to create; pure, so every output format shares it. */
public final class Planner {

    public static final String TAG_EXCEPTION = "ai-optout:exception";
    public static final String TAG_EXPIRES = "ai-optout:expires";

    private Planner() {}

    /** The plan of a layout that names every OU by its id; no policy's current attachments are known. */
    public static PolicyPlan plan(Layout layout) {
        return plan(layout, null);
    }

    /**
     * @param organization the organization file the layout was resolved against ({@link AgainstOrganization}),
     *                     which says where each adopted policy is attached already; null when none was given
     */
    public static PolicyPlan plan(Layout layout, Organization organization) {
        if (layout.hasOuPaths()) {
            throw new IllegalArgumentException("OU paths must be resolved before planning");
        }
        Map<String, OrgNode> nodes = new HashMap<>();
        if (organization != null) {
            index(organization.root(), nodes);
        }
        Layout.PolicySpec spec = layout.policy();
        Set<String> excepted = new TreeSet<>();
        layout.exceptions().forEach(e -> excepted.addAll(e.services().keySet()));
        PolicyDocument baselineDoc =
                OptOutDocuments.baseline(spec.defaultValue(), spec.services(), spec.lock(), excepted);
        PlannedPolicy baseline = new PlannedPolicy(
                PlannedPolicy.Role.BASELINE,
                PlannedPolicy.BASELINE_KEY,
                spec.name(),
                spec.description(),
                null,
                null,
                spec.services(),
                baselineDoc,
                baselineDoc.toCanonicalJson(),
                spec.tags(),
                layout.attach(),
                "/policy",
                spec.adopt(),
                attachedAlready(spec.adopt(), layout.attach(), nodes, organization));
        List<PlannedPolicy> exceptions = new ArrayList<>();
        for (ExceptionSpec e : layout.exceptions()) {
            PolicyDocument doc = OptOutDocuments.exception(e.services(), spec.lock());
            SortedMap<String, String> tags = new TreeMap<>(spec.tags());
            tags.put(TAG_EXCEPTION, e.name());
            if (e.expires() != null) {
                tags.put(TAG_EXPIRES, e.expires().toString());
            }
            exceptions.add(new PlannedPolicy(
                    PlannedPolicy.Role.EXCEPTION,
                    e.name(),
                    e.policyName(spec.name()),
                    ExceptionDescription.of(e.name(), e.reason(), e.expires()),
                    e.reason(),
                    e.expires(),
                    e.services(),
                    doc,
                    doc.toCanonicalJson(),
                    tags,
                    e.targets(),
                    e.pointer(),
                    e.adopt(),
                    attachedAlready(e.adopt(), e.targets(), nodes, organization)));
        }
        return new PolicyPlan(
                layout,
                spec.lock(),
                spec.defaultValue(),
                baseline,
                exceptions,
                AlertPlan.of(layout).orElse(null),
                organization);
    }

    /** The targets an adopted policy is attached to already: the stack imports those attachments. */
    private static List<TargetId> attachedAlready(
            String adopt, List<TargetId> targets, Map<String, OrgNode> nodes, Organization organization) {
        if (adopt == null || organization == null) {
            return List.of();
        }
        List<TargetId> attached = new ArrayList<>();
        for (TargetId t : targets) {
            OrgNode node = t.isRoot() ? organization.root() : nodes.get(t.value());
            if (node != null && node.policyIds().contains(adopt)) {
                attached.add(t);
            }
        }
        return attached;
    }

    private static void index(OrgNode node, Map<String, OrgNode> nodes) {
        nodes.put(node.id(), node);
        node.children().forEach(c -> index(c, nodes));
    }
}
