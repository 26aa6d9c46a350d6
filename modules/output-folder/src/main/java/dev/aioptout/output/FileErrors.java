package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a failed file-system call means to the user: the reason the operating system gave, the path
 * as the user knows it, and whether it is theirs to fix (a folder they may not write, a full or
 * read-only disk: bad input, exit 2) or a fault of ai-optout's (exit 70).
 */
public final class FileErrors {

    /** Reasons (strerror, lower case) that the user's file system or permissions give, not a fault of ai-optout's. */
    private static final List<String> THE_USERS = List.of(
            "permission denied",
            "operation not permitted",
            "no space left on device",
            "disk quota exceeded",
            "read-only file system",
            "file too large",
            "not a directory",
            "is a directory",
            "file name too long");

    private FileErrors() {}

    /** The operating system's reason in lower case, such as "permission denied" or "no space left on device". */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        // strerror's sentence case ("No space left on device") as part of a sentence
        return reason.length() > 1 && Character.isUpperCase(reason.charAt(0)) && Character.isLowerCase(reason.charAt(1))
                ? Character.toLowerCase(reason.charAt(0)) + reason.substring(1)
                : reason;
    }

    /** Whether the failure is the user's to fix: permissions, a full disk, a read-only file system. */
    public static boolean isTheUsers(IOException e) {
        String reason = reason(e).toLowerCase(Locale.ROOT);
        return THE_USERS.stream().anyMatch(reason::startsWith);
    }

    /**
     * A path as the user knows it: relative to the working folder when it is inside it, as given
     * otherwise (an absolute path elsewhere stays absolute).
     */
    public static String shown(Path path) {
        if (!path.isAbsolute()) {
            return path.normalize().toString().isEmpty()
                    ? "."
                    : path.normalize().toString();
        }
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.normalize();
        if (absolute.equals(here)) {
            return ".";
        }
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /** What to do about a reason the user can fix. */
    static String hint(String reason) {
        if (reason.startsWith("permission denied") || reason.startsWith("operation not permitted")) {
            return "check who owns the folder and its permissions, or write somewhere else";
        }
        if (reason.startsWith("no space left")
                || reason.startsWith("disk quota")
                || reason.startsWith("file too large")) {
            return "free some space on that file system, or write somewhere else";
        }
        if (reason.startsWith("read-only file system")) {
            return "write to a file system that is mounted read-write";
        }
        return null;
    }

    /**
     * The user's problem as one line (exit 2), naming the path relative to the working folder and
     * the reason; empty when the failure is not theirs to fix.
     *
     * @param what what could not be done, such as "cannot write report.json"
     */
    public static Optional<Problem> problem(String what, IOException e) {
        if (!isTheUsers(e)) {
            return Optional.empty();
        }
        String reason = reason(e);
        return Optional.of(Problem.error(null, "", what + ": " + reason, hint(reason)));
    }

    /**
     * A failure that reached the command line without naming what failed: the path the operating
     * system named, and the reason.
     */
    public static Optional<Problem> problem(IOException e) {
        String what = e instanceof FileSystemException fs && fs.getFile() != null
                ? shown(Path.of(fs.getFile()))
                : "a file-system call failed";
        return problem(what, e);
    }
}
