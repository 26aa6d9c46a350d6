package dev.aioptout.plan;

import dev.aioptout.layout.Layout;
import dev.aioptout.layout.Layout.ExceptionSpec;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a validated layout into the policies to create; pure, so every output format shares it. */
public final class Planner {

    public static final String TAG_EXCEPTION = "ai-optout:exception";
    public static final String TAG_EXPIRES = "ai-optout:expires";

    private Planner() {}

    public static PolicyPlan plan(Layout layout) {
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
                baselineDoc,
                baselineDoc.toCanonicalJson(),
                spec.tags(),
                layout.attach(),
                "/policy");
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
                    doc,
                    doc.toCanonicalJson(),
                    tags,
                    e.targets(),
                    e.pointer()));
        }
        return new PolicyPlan(layout, baseline, exceptions);
    }
}
