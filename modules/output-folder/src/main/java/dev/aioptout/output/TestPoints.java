package dev.aioptout.output;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Named points in publishing where the tests stop a run: {@code -Dai-optout.test.pause-at=POINT}
 * prints {@code ai-optout: test pause at POINT} on standard error and waits, so a test can send a
 * signal at exactly that point; {@code -Dai-optout.test.fail-at=POINT} fails the run there as a
 * full disk would. Without these properties each point is a comparison and nothing else. A pause
 * never holds the publisher's lock, so a signal's clean-up can run while it waits.
 */
public final class TestPoints {

    public static final String PAUSE = "ai-optout.test.pause-at";
    public static final String FAIL = "ai-optout.test.fail-at";
    /** A paused run goes on after this long, so that a test that died cannot leave it waiting forever. */
    private static final long PAUSE_MILLIS = 120_000;

    private TestPoints() {}

    static void at(String point, PrintWriter err) throws IOException {
        if (point.equals(System.getProperty(FAIL))) {
            throw new IOException("failure injected at " + point + " (" + FAIL + ")");
        }
        if (point.equals(System.getProperty(PAUSE))) {
            err.println("ai-optout: test pause at " + point);
            err.flush();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
