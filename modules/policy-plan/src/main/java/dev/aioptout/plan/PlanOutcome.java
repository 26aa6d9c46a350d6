package dev.aioptout.plan;

import dev.aioptout.engine.Organization;
import java.util.List;

/**
 * What {@code plan} found: every account's verdict on the planned organization, and the policies
 * the layout does not manage that matter. The reports module renders it.
 */
public final class PlanOutcome {

    private final Organization organization;
    private final List<AccountVerdict> verdicts;
    private final UnmanagedPolicies.Report unmanagedReport;

    public PlanOutcome(Organization organization, List<AccountVerdict> verdicts) {
        this(organization, verdicts, UnmanagedPolicies.Report.NONE);
    }

    /** @param unmanaged the policies the layout does not manage that are attached where they matter */
    public PlanOutcome(Organization organization, List<AccountVerdict> verdicts, UnmanagedPolicies.Report unmanaged) {
        this.organization = organization;
        this.verdicts = List.copyOf(verdicts);
        this.unmanagedReport = unmanaged;
    }

    /** Whether some policy the layout does not manage changes an account's outcome. */
    public boolean dependsOnUnmanaged() {
        return unmanagedReport.dependsOnUnmanaged();
    }

    public List<AccountVerdict> verdicts() {
        return verdicts;
    }

    /**
     * Every account known and compliant: an unverified account is never compliant, and a report
     * over no accounts showed nothing to be compliant.
     */
    public boolean compliant() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(AccountVerdict::compliant);
    }

    /** What {@code plan} exits 0 for: every account compliant, and none of that resting on a policy the layout does not manage. */
    public boolean passes() {
        return compliant() && !dependsOnUnmanaged();
    }

    public long count(AccountVerdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }

    public Organization organization() {
        return organization;
    }

    /** The policies the layout does not manage that are attached where they matter. */
    public UnmanagedPolicies.Report unmanaged() {
        return unmanagedReport;
    }
}
