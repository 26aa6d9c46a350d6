package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How ai-optout writes a report or file output ({@code --output}, {@code --report}), by what the
 * path names:
 *
 * <ul>
 *   <li>nothing yet, or a regular file: the new content goes to a temporary file in the same
 *       folder, which a rename puts in place, so a reader (or a run that was killed) sees the old
 *       file or the new one, never a part of either;
 *   <li>{@code -} or {@code /dev/stdout}: standard output;
 *   <li>a character or block device or a named pipe ({@code /dev/null}, a FIFO a pipeline reads),
 *       or a symbolic link to one ({@code /dev/stderr}): written in place; it stays what it was;
 *   <li>any other symbolic link or a folder: refused (bad input), since replacing it would replace
 *       the link, and writing through it would write outside the path given.
 * </ul>
 *
 * A failure the user can fix (permission denied, a full or read-only disk) is {@link OutputRefused}
 * naming the path and the reason; nothing has changed then.
 */
public final class AtomicFiles {

    /** The conventional name of standard output. */
    public static final String STANDARD_OUTPUT = "-";
    /** Names of this process's standard output: written through the command's own stream. */
    private static final Set<Path> STDOUT =
            Set.of(Path.of("/dev/stdout"), Path.of("/dev/fd/1"), Path.of("/proc/self/fd/1"));

    private AtomicFiles() {}

    /** A report: to standard output when no file was named (or {@code -}), else to {@code file} as {@link #write} does. */
    public static void writeOrPrint(Path file, String text, PrintWriter out) throws IOException {
        if (file == null || isStandardOutput(file)) {
            out.print(text);
            out.flush();
        } else {
            write(file, text);
        }
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file} as the class says, creating its folder when
     * needed; {@code -} and {@code /dev/stdout} are the process's standard output.
     *
     * @throws OutputRefused when the path may not be written, or the file system refused it for a
     *     reason the user can fix; nothing has changed then
     * @throws IOException for any other failure, naming the file and the reason
     */
    public static void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (isStandardOutput(file)) {
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
            return;
        }
        try {
            switch (target(file)) {
                case REPLACED -> replace(file.toAbsolutePath(), bytes, true);
                case DEVICE -> inPlace(file, bytes, LinkOption.NOFOLLOW_LINKS);
                case LINK_TO_DEVICE -> inPlace(file, bytes);
            }
        } catch (FileAlreadyExistsException e) {
            // createDirectories met a file where the report's folder should be
            throw refused(
                    "cannot write " + FileErrors.shown(file) + ": " + FileErrors.shown(Path.of(e.getFile()))
                            + " is a file, not a folder",
                    "name a file in a folder");
        } catch (IOException e) {
            String what = "cannot write " + FileErrors.shown(file) + where(file, e);
            if (FileErrors.isTheUsers(e)) {
                throw new OutputRefused(List.of(FileErrors.problem(what, e).orElseThrow()));
            }
            throw new IOException(what + ": " + FileErrors.reason(e), e);
        }
    }

    /**
     * Whether {@link #write} writes to {@code file} as it is rather than replacing it: standard
     * output, a device, a named pipe, or a link to one of those.
     */
    public static boolean writesInPlace(Path file) {
        if (isStandardOutput(file)) {
            return true;
        }
        try {
            return target(file) != Target.REPLACED;
        } catch (IOException | OutputRefused e) {
            return false;
        }
    }

    private enum Target {
        /** Nothing yet, or a regular file. */
        REPLACED,
        DEVICE,
        LINK_TO_DEVICE
    }

    private static boolean isStandardOutput(Path file) {
        return file.toString().equals(STANDARD_OUTPUT)
                || STDOUT.contains(file.toAbsolutePath().normalize());
    }

    private static Target target(Path file) throws IOException {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Target.REPLACED;
        } catch (FileSystemException e) {
            if ("not a directory".equals(FileErrors.reason(e))) {
                return Target.REPLACED; // a file where a folder should be: said when the folder is made
            }
            throw e;
        }
        if (own.isRegularFile()) {
            return Target.REPLACED;
        }
        if (own.isDirectory()) {
            throw refused(FileErrors.shown(file) + " is a folder", "name a file");
        }
        if (own.isOther()) {
            return Target.DEVICE;
        }
        BasicFileAttributes to;
        try {
            to = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw refused(
                    FileErrors.shown(file) + " is a symbolic link to nothing",
                    "ai-optout does not write through links: name the file itself, or remove the link");
        }
        if (to.isOther()) {
            return Target.LINK_TO_DEVICE;
        }
        throw refused(
                FileErrors.shown(file) + " is a symbolic link to a " + (to.isDirectory() ? "folder" : "file"),
                "ai-optout replaces a report file whole and does not write through links: name the file itself,"
                        + " or remove the link");
    }

    /** The atomic replacement alone, for ai-optout's own files (a journal); failures as the file system gives them. */
    static void replace(Path absolute, byte[] bytes) throws IOException {
        replace(absolute, bytes, false);
    }

    /**
     * @param users a file in the user's folder: its temporary file is removed when a signal stops
     *     the run while it is written ({@link Temporaries}); ai-optout's own files are in a staging
     *     folder, which the publisher's own clean-up removes whole
     */
    private static void replace(Path absolute, byte[] bytes, boolean users) throws IOException {
        Files.createDirectories(absolute.getParent());
        // Created like any new file (permissions from the umask, not createTempFile's 0600), so a
        // report is as readable as the user's other files; a file being replaced keeps its own.
        Path temp = absolute.resolveSibling(temporaryName(absolute));
        if (users) {
            Temporaries.add(temp);
        }
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (users) {
                TestPoints.at("report-written");
            }
            keepPermissions(absolute, temp);
            rename(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
            if (users) {
                Temporaries.remove(temp);
            }
        }
    }

    /**
     * The temporary files of reports being written now, beside the user's files: one shutdown hook
     * removes those that are left when SIGTERM or SIGINT stops the run (the JVM runs the hooks, not
     * the {@code finally} of the thread that writes), so the folder is left as it was.
     */
    private static final class Temporaries {
        private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean HOOKED = new AtomicBoolean();

        private Temporaries() {}

        static void add(Path temp) {
            if (HOOKED.compareAndSet(false, true)) {
                try {
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(Temporaries::removeAll, "ai-optout report clean-up"));
                } catch (IllegalStateException shuttingDown) {
                    // the hooks have started: this write is cleaned up by its own finally, or not at all
                }
            }
            LIVE.add(temp);
        }

        static void remove(Path temp) {
            LIVE.remove(temp);
        }

        private static void removeAll() {
            for (Path temp : LIVE) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the JVM is ending: nothing else to do
                }
            }
        }
    }

    private static String temporaryName(Path file) {
        return "." + file.getFileName() + "." + UUID.randomUUID() + ".tmp";
    }

    /** A device or a pipe: opened for writing as it is, never created, replaced or truncated. */
    private static void inPlace(Path file, byte[] bytes, OpenOption... options) throws IOException {
        OpenOption[] all = new OpenOption[options.length + 1];
        all[0] = StandardOpenOption.WRITE;
        System.arraycopy(options, 0, all, 1, options.length);
        try (OutputStream stream = Files.newOutputStream(file, all)) {
            stream.write(bytes);
        }
    }

    /** " on FOLDER" when the file system named a folder above the file rather than the file. */
    private static String where(Path file, IOException e) {
        if (!(e instanceof FileSystemException fs) || fs.getFile() == null) {
            return "";
        }
        Path named = Path.of(fs.getFile()).toAbsolutePath();
        if (named.getParent() != null
                && named.getParent().equals(file.toAbsolutePath().getParent())) {
            return ""; // the file, or its temporary sibling
        }
        return " (" + FileErrors.shown(named) + ")";
    }

    private static OutputRefused refused(String message, String hint) {
        return new OutputRefused(List.of(Problem.error(null, "", message, hint)));
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
