package dev.aioptout.layout;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How strictly to read a layout.
 *
 * @param strictServices unknown service keys are errors instead of warnings
 * @param today          the date expiry is judged against (UTC today in normal use)
 */
public record LayoutOptions(boolean strictServices, LocalDate today) {

    public static LayoutOptions defaults() {
        return new LayoutOptions(false, LocalDate.now(ZoneOffset.UTC));
    }
}
