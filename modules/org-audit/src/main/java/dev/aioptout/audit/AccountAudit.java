package dev.aioptout.audit;

import dev.aioptout.engine.AccountState;
import dev.aioptout.plan.AccountVerdict;

/** One account's result: the verdict against the layout, and how it is known. */
public record AccountAudit(AccountVerdict verdict, Evidence evidence) {

    public AccountState state() {
        return verdict.outcome().account().state();
    }

    public boolean unverified() {
        return evidence instanceof Evidence.Unverified;
    }

    /** Known, and compliant. */
    public boolean compliant() {
        return !unverified() && verdict.status() == AccountVerdict.Status.COMPLIANT;
    }

    /** Known, and not compliant. */
    public boolean nonCompliant() {
        return !unverified() && verdict.status() == AccountVerdict.Status.NON_COMPLIANT;
    }

    public boolean unverifiedBecause(Evidence.Unverified.Reason reason) {
        return evidence instanceof Evidence.Unverified u && u.reason() == reason;
    }
}
