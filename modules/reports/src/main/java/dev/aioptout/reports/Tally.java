package dev.aioptout.reports;

import dev.aioptout.plan.AccountVerdict;

/**
 * The accounts below a root or OU, counted by verdict, and the mark the node gets: non-compliant
 * when any account below is, else unverified when any is, else compliant. The text and HTML
 * reports both mark OUs this way.
 */
public record Tally(int accounts, int nonCompliant, int unverified) {

    public static final Tally NONE = new Tally(0, 0, 0);

    public static Tally of(AccountVerdict.Status status) {
        return new Tally(
                1,
                status == AccountVerdict.Status.NON_COMPLIANT ? 1 : 0,
                status == AccountVerdict.Status.UNVERIFIED ? 1 : 0);
    }

    public Tally plus(Tally other) {
        return new Tally(accounts + other.accounts, nonCompliant + other.nonCompliant, unverified + other.unverified);
    }

    public int compliant() {
        return accounts - nonCompliant - unverified;
    }

    /** What a node with no accounts below it shows instead of a verdict mark: nothing was judged there. */
    public static final String EMPTY_MARK = "–";

    /** The node's mark: its status's, or {@link #EMPTY_MARK} over no accounts (never a vacuous ✓). */
    public String mark() {
        return accounts == 0 ? EMPTY_MARK : status().mark();
    }

    public AccountVerdict.Status status() {
        if (nonCompliant > 0) {
            return AccountVerdict.Status.NON_COMPLIANT;
        }
        return unverified > 0 ? AccountVerdict.Status.UNVERIFIED : AccountVerdict.Status.COMPLIANT;
    }
}
