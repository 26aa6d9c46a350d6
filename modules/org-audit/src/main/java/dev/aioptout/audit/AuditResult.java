package dev.aioptout.audit;

import dev.aioptout.engine.OrgNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every check and every account, and the outcome they add up to.
 *
 * @param root the organization's tree as read, for reports that show it
 */
public record AuditResult(
        String organizationId, OrgNode root, List<Check> checks, List<AccountAudit> accounts, ApiCalls calls) {

    /** What the audit concluded; the command line turns it into an exit code. */
    public enum Outcome {
        /** Every check passed (or did not apply) and every account was evaluated. */
        COMPLIANT,
        /** Some check found something non-compliant. */
        NON_COMPLIANT,
        /** Nothing failed, but something could not be evaluated. */
        INCOMPLETE,
        /** A check could not complete (a call it needed failed): whatever else was found, the audit is not whole. */
        COULD_NOT_COMPLETE
    }

    public AuditResult {
        checks = List.copyOf(checks);
        accounts = List.copyOf(accounts);
    }

    public boolean compliant() {
        return outcome() == Outcome.COMPLIANT;
    }

    public Outcome outcome() {
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.INCOMPLETE)) {
            return Outcome.COULD_NOT_COMPLETE;
        }
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL)) {
            return Outcome.NON_COMPLIANT;
        }
        return checks.stream().allMatch(c -> c.status() == Check.Status.PASS || c.status() == Check.Status.SKIP)
                ? Outcome.COMPLIANT
                : Outcome.INCOMPLETE;
    }

    /** The checks that could not complete, each naming the call that stopped it. */
    public List<Check> incomplete() {
        return checks.stream()
                .filter(c -> c.status() == Check.Status.INCOMPLETE)
                .toList();
    }

    public long count(Predicate<AccountAudit> which) {
        return accounts.stream().filter(which).count();
    }
}
