package dev.aioptout.layout;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How strictly to read a layout.
 *
 * @param strictServices unknown service keys are errors instead of warnings
 * @param today          the date expiry is judged against (UTC today in normal use)
 * @param refuseExpired  an exception that expired before {@code today} is an error; an audit
 *                       reads it as written and reports the expiry itself
 */
public record LayoutOptions(boolean strictServices, LocalDate today, boolean refuseExpired) {

    /** Expired exceptions refused, as before synthesis. */
    public LayoutOptions(boolean strictServices, LocalDate today) {
        this(strictServices, today, true);
    }

    public static LayoutOptions defaults() {
        return new LayoutOptions(false, LocalDate.now(ZoneOffset.UTC));
    }

    /** For an audit of what is deployed: expired exceptions are read, and the audit reports them. */
    public static LayoutOptions forAudit() {
        return new LayoutOptions(false, LocalDate.now(ZoneOffset.UTC), false);
    }
}
