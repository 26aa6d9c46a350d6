package dev.aioptout.plan;

import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.ProviderConstraint;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a layout asks for: the baseline, one policy per exception, their targets, and the
 * settings every output is built from. The stages after the plan (checks, Terraform, module,
 * CloudFormation) take what they need from here; the layout stays for the source positions of
 * messages and for what only the CDKTF stack writes (backend, provider region, organization mode).
 *
 * @param lock         how much of the baseline child policies may change ({@code policy.lock})
 * @param defaultValue the baseline's value for every service it does not name ({@code policy.default})
 * @param alerts       the tamper alerts; null when the layout has no alerts section
 * @param organization the organization file the plan was made against ({@code --org}): its OU
 *                     paths resolved, its adopted policies found; null when none was given
 */
public record PolicyPlan(
        Layout layout,
        LockLevel lock,
        OptValue defaultValue,
        PlannedPolicy baseline,
        List<PlannedPolicy> exceptions,
        AlertPlan alerts,
        Organization organization) {

    public PolicyPlan {
        exceptions = List.copyOf(exceptions);
    }

    /** The layout file's name as the user gave it, for messages and the module's README. */
    public String source() {
        return layout.source();
    }

    /** The stack's name ({@code stack.name}), which names the Terraform stack, the template and the alert rule. */
    public String stackName() {
        return layout.stackName();
    }

    /** The user's hashicorp/aws constraint ({@code provider.version}); null when the layout leaves it to ai-optout. */
    public ProviderConstraint providerConstraint() {
        return layout.providerConstraint();
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
