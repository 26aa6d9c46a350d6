package dev.aioptout.plan;

import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.policy.LockLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a layout asks for: the baseline, one policy per exception, and their targets.
 *
 * @param organization the organization file the plan was made against ({@code --org}): its OU
 *                     paths resolved, its adopted policies found; null when none was given
 */
public record PolicyPlan(
        Layout layout, PlannedPolicy baseline, List<PlannedPolicy> exceptions, Organization organization) {

    public PolicyPlan {
        exceptions = List.copyOf(exceptions);
    }

    public PolicyPlan(Layout layout, PlannedPolicy baseline, List<PlannedPolicy> exceptions) {
        this(layout, baseline, exceptions, null);
    }

    /** Baseline first, then exceptions in file order: the order attachments are made in. */
    public List<PlannedPolicy> all() {
        List<PlannedPolicy> all = new ArrayList<>();
        all.add(baseline);
        all.addAll(exceptions);
        return all;
    }

    /** How far the planned documents lock what child policies may change (the layout's {@code policy.lock}). */
    public LockLevel lock() {
        return layout.policy().lock();
    }

    public Optional<PlannedPolicy> byPlannedId(String id) {
        return all().stream().filter(p -> p.plannedId().equals(id)).findFirst();
    }
}
