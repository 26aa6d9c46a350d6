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

    /** The verdict's status, unless what AWS answered left the account unverified. */
    public AccountVerdict.Status status() {
        return unverified() ? AccountVerdict.Status.UNVERIFIED : verdict.status();
    }

    /** Known, and compliant. */
    public boolean compliant() {
        return status() == AccountVerdict.Status.COMPLIANT;
    }

    /** Known, and not compliant. */
    public boolean nonCompliant() {
        return status() == AccountVerdict.Status.NON_COMPLIANT;
    }

    public boolean unverifiedBecause(Evidence.Unverified.Reason reason) {
        return evidence instanceof Evidence.Unverified u && u.reason() == reason;
    }
}
