package dev.aioptout.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named points in publishing where the tests stop a run: {@code -Dai-optout.test.pause-at=POINT}
 * prints {@code ai-optout: test pause at POINT} on standard error and waits, so a test can send a
 * signal at exactly that point; {@code -Dai-optout.test.fail-at=POINT} fails the run there as a
 * failure of ai-optout's own would (exit 70). Without these properties each point is a comparison
 * and nothing else. A pause holds the folder's lock (a second run waits for it, as for any run)
 * but never the publisher's monitor, so a signal's clean-up can run while it waits;
 * {@code -Dai-optout.test.pause-millis=N} makes it wait N ms instead of two minutes.
 * {@code -Dai-optout.test.no-hard-links=true} makes the folder's lock find no hard links, as on
 * vfat (link(2) fails with EPERM), so that its fallback runs on any file system.
 */
public final class TestPoints {

    public static final String PAUSE = "ai-optout.test.pause-at";
    public static final String FAIL = "ai-optout.test.fail-at";
    public static final String PAUSE_MILLIS = "ai-optout.test.pause-millis";
    public static final String NO_HARD_LINKS = "ai-optout.test.no-hard-links";
    /** A paused run goes on after this long, so that a test that died cannot leave it waiting forever. */
    private static final long DEFAULT_PAUSE_MILLIS = 120_000;

    private TestPoints() {}

    /** {@link #at(String, PrintWriter)}, saying so on the process's standard error. */
    static void at(String point) throws IOException {
        if (point.equals(System.getProperty(FAIL)) || point.equals(System.getProperty(PAUSE))) {
            at(point, new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        }
    }

    static void at(String point, PrintWriter err) throws IOException {
        if (point.equals(System.getProperty(FAIL))) {
            throw new IOException("failure injected at " + point + " (" + FAIL + ")");
        }
        if (point.equals(System.getProperty(PAUSE))) {
            err.println("ai-optout: test pause at " + point);
            err.flush();
            try {
                Thread.sleep(Long.getLong(PAUSE_MILLIS, DEFAULT_PAUSE_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link Files#createLink}, or its failure on a file system without hard links when {@value #NO_HARD_LINKS} is set. */
    static void link(Path link, Path existing) throws IOException {
        if (Boolean.getBoolean(NO_HARD_LINKS)) {
            throw new FileSystemException(link.toString(), existing.toString(), "Operation not permitted");
        }
        Files.createLink(link, existing);
    }
}
