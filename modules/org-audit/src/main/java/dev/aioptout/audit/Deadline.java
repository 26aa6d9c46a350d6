package dev.aioptout.audit;

import java.time.Duration;

/**
 * When the whole run must end: every call is given what is left of it (its api-call timeout), no
 * retry waits past it, and a call it ends is reported with what the run had done by then.
 */
public final class Deadline {

    private final Duration limit;
    private final long end;

    private Deadline(Duration limit) {
        this.limit = limit;
        this.end = System.nanoTime() + limit.toNanos();
    }

    /** From now: the run may take {@code limit}. */
    public static Deadline after(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a deadline must be in the future: " + limit);
        }
        return new Deadline(limit);
    }

    public Duration limit() {
        return limit;
    }

    /** What is left; zero once it has passed. */
    public Duration remaining() {
        long left = end - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean passed() {
        return end - System.nanoTime() <= 0;
    }

    /** The limit as an option takes it: {@code 30m}, {@code 1h30m}, {@code 4s}, {@code 1500ms}. */
    public static String format(Duration d) {
        if (d.toMillisPart() != 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || out.length() == 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format(limit);
    }
}
