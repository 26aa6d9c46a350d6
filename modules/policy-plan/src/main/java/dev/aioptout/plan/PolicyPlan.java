package dev.aioptout.plan;

import dev.aioptout.layout.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything a layout asks for: the baseline, one policy per exception, and their targets. */
public record PolicyPlan(Layout layout, PlannedPolicy baseline, List<PlannedPolicy> exceptions) {

    public PolicyPlan {
        exceptions = List.copyOf(exceptions);
    }

    /** Baseline first, then exceptions in file order: the order attachments are made in. */
    public List<PlannedPolicy> all() {
        List<PlannedPolicy> all = new ArrayList<>();
        all.add(baseline);
        all.addAll(exceptions);
        return all;
    }

    public Optional<PlannedPolicy> byPlannedId(String id) {
        return all().stream().filter(p -> p.plannedId().equals(id)).findFirst();
    }
}
