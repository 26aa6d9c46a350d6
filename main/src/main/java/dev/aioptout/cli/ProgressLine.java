package dev.aioptout.cli;

import dev.aioptout.audit.AuditProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How far verify or snapshot has got, on standard error only, never in a report: on a terminal one
 * line redrawn in place (at most five times a second); with --progress where standard error is not
 * a terminal (a CI log), a line every ten seconds; otherwise nothing. The line holds counts only,
 * never a name from the organization.
 */
final class ProgressLine implements Consumer<AuditProgress> {

    private static final String PREFIX = "ai-optout: ";
    /** Back to the start of the line; after the text, erase what a longer earlier line left. */
    private static final String REDRAW = "\r";

    private static final String ERASE_REST = "\u001b[K";

    private final PrintWriter err;
    private final boolean shown;
    private final boolean terminal;
    private final long intervalNanos;
    private long last = Long.MIN_VALUE;
    private String lastLine;

    private ProgressLine(PrintWriter err, boolean shown, boolean terminal) {
        this.err = err;
        this.shown = shown;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 10_000_000_000L;
    }

    static ProgressLine create(boolean forced, PrintWriter err) {
        boolean terminal = stderrIsTerminal();
        return new ProgressLine(err, forced || terminal, terminal);
    }

    @Override
    public void accept(AuditProgress progress) {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (last != Long.MIN_VALUE && now - last < intervalNanos) {
            return;
        }
        last = now;
        draw(progress.line());
    }

    /** The last state, drawn whatever the time, and the line ended: what follows starts on a line of its own. */
    void finish(AuditProgress progress) {
        if (!shown) {
            return;
        }
        String line = progress.line();
        if (terminal) {
            draw(line);
            err.println();
        } else if (!line.equals(lastLine)) {
            draw(line);
        }
        err.flush();
    }

    private void draw(String line) {
        lastLine = line;
        if (terminal) {
            err.print(REDRAW + PREFIX + line + ERASE_REST);
        } else {
            err.println(PREFIX + "progress: " + line);
        }
        err.flush();
    }

    /** Standard error is a terminal (Linux: fd 2 is a tty device), so a progress line helps rather than pollutes logs. */
    static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            return target.toString().startsWith("/dev/pts/")
                    || target.toString().startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
