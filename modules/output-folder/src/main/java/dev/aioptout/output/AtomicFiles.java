package dev.aioptout.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/**
 * The one way ai-optout replaces a file: the new content goes to a temporary file in the same
 * folder, which a rename puts in place, so a reader (or a run that was killed) sees the old file or
 * the new one, never a part of either.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating its folder when needed. A failure is
     * one sentence naming the file and the reason the file system gave.
     */
    /** A report: to {@code file} as {@link #write} does, or to standard output when no file was named. */
    public static void writeOrPrint(Path file, String text, PrintWriter out) throws IOException {
        if (file == null) {
            out.print(text);
            out.flush();
        } else {
            write(file, text);
        }
    }

    public static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            // Created like any new file (permissions from the umask, not createTempFile's 0600), so a
            // report is as readable as the user's other files; a file being replaced keeps its own.
            Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(
                        temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                keepPermissions(absolute, temp);
                rename(temp, absolute);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + file + ": " + e.getFile() + " is a file, not a folder", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + file + ": permission denied on " + e.getFile(), e);
        } catch (FileSystemException e) {
            throw new IOException(
                    "cannot write " + file + ": " + (e.getReason() == null ? "the file system refused" : e.getReason()),
                    e);
        }
    }

    private static void keepPermissions(Path existing, Path replacement) throws IOException {
        if (Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)
                && Files.getFileStore(replacement).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(existing));
        }
    }

    /**
     * Moves {@code from} to {@code to} in one step, replacing what is there. A symbolic link is
     * moved as the link itself. Both are on one file system (ai-optout stages next to its output),
     * where a rename is atomic; the plain move is for file systems that do not say so.
     */
    static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
