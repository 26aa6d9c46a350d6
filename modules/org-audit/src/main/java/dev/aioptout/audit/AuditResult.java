package dev.aioptout.audit;

import java.util.List;

/** Every check and every account, with the exit code they add up to. */
public record AuditResult(String organizationId, List<Check> checks, List<AccountAudit> accounts, ApiCalls calls) {

    public AuditResult {
        checks = List.copyOf(checks);
        accounts = List.copyOf(accounts);
    }

    public static final int COMPLIANT = 0;
    public static final int NON_COMPLIANT = 1;
    public static final int INCOMPLETE = 3;

    /** Only when every check passed (or did not apply) and every ACTIVE account was evaluated. */
    public boolean compliant() {
        return checks.stream().allMatch(c -> c.status() == Check.Status.PASS || c.status() == Check.Status.SKIP);
    }

    /** 0 compliant; 1 something is non-compliant; 3 nothing failed but something could not be evaluated. */
    public int exitCode() {
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL)) {
            return NON_COMPLIANT;
        }
        return compliant() ? COMPLIANT : INCOMPLETE;
    }

    public long count(java.util.function.Predicate<AccountAudit> which) {
        return accounts.stream().filter(AccountAudit::active).filter(which).count();
    }
}
