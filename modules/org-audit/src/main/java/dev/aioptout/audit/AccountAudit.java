package dev.aioptout.audit;

import dev.aioptout.plan.AccountVerdict;

/**
 * One account's result.
 *
 * @param source     how its effective policy is known: {@code engine}, {@code engine+aws} (AWS agreed),
 *                   or {@code unverified}
 * @param unverified why it could not be evaluated, or null; an unverified account is never compliant
 */
public record AccountAudit(AccountVerdict verdict, String source, String unverified) {

    public boolean active() {
        return "ACTIVE".equals(verdict.outcome().account().status());
    }

    public boolean compliant() {
        return unverified == null && verdict.compliant();
    }
}
