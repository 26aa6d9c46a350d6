package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Several outputs of one run ({@code --output} and each {@code --report}) are a set: {@link #check}
 * finds what can be found before the work that makes them, and {@link #writeAll} replaces the regular
 * files only once all of them are written, the rest (devices, pipes, standard output) last.
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
        writeAll(List.of(new Output(file, text)), out);
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
        writeOrPrint(file, text, new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    }

    private static void writeAs(Target target, Path file, byte[] bytes) throws IOException {
        switch (target) {
            case REPLACED -> replace(file.toAbsolutePath(), bytes, true);
            case DEVICE -> inPlace(file, bytes, LinkOption.NOFOLLOW_LINKS);
            case LINK_TO_DEVICE -> inPlace(file, bytes);
        }
    }

    /**
     * What can be told before the work that makes the output, without changing anything: a path
     * {@link #write} refuses (a folder, a link to a file), a file where a folder should be, a folder
     * (the nearest that exists) on a read-only file system or that this user may not write, a device
     * this user may not write. Standard output is always fine. A full disk, or a folder whose file
     * system refuses even root, shows only when written.
     *
     * @return the problem, naming the path and what to do; empty when it may be written as far as can be told
     */
    public static Optional<Problem> check(Path file) {
        if (isStandardOutput(file)) {
            return Optional.empty();
        }
        String what = "cannot write " + FileErrors.shown(file);
        try {
            if (target(file) != Target.REPLACED) {
                return Files.isWritable(file)
                        ? Optional.empty()
                        : FileErrors.problem(what, new AccessDeniedException(file.toString()));
            }
            Path parent = file.toAbsolutePath().getParent();
            Path folder = parent;
            while (folder != null && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                folder = folder.getParent();
            }
            if (folder == null) {
                return Optional.empty();
            }
            if (!Files.isDirectory(folder)) {
                return Optional.of(notAFolder(file, folder));
            }
            String where = folder.equals(parent) ? "" : " (" + FileErrors.shown(folder) + ")";
            if (Files.getFileStore(folder).isReadOnly()) {
                return FileErrors.problem(
                        what + where, new FileSystemException(folder.toString(), null, "Read-only file system"));
            }
            if (!Files.isWritable(folder)) {
                return FileErrors.problem(what + where, new AccessDeniedException(folder.toString()));
            }
            return Optional.empty();
        } catch (OutputRefused refused) {
            return Optional.of(refused.problems().get(0));
        } catch (IOException e) {
            return FileErrors.problem(what, e);
        }
    }

    /** One output of a set: its file, or null (or a name of standard output) for standard output. */
    public record Output(Path file, String text) {

        boolean toStandardOutput() {
            return file == null || isStandardOutput(file);
        }

        /** As a message names it. */
        String shown() {
            return toStandardOutput() ? "standard output" : FileErrors.shown(file);
        }
    }

    /**
     * Writes a set of outputs so that a failure leaves as little of a mix of this run's and an
     * earlier run's files as it can: every regular file is written to a temporary file beside it
     * first, and only once all are written are they renamed into place, in order; then the outputs
     * that can only be written in place (standard output, devices, pipes, links to them), in order.
     *
     * @throws OutputRefused     when an output may not be written, or the file system refused it for
     *                           a reason the user can fix, before anything was renamed: nothing has
     *                           changed then (a temporary file or a folder made for the set is removed)
     * @throws IOException       for any other failure before anything was renamed
     * @throws OutputPartlyWritten when an output failed after another one was in place: names both
     */
    public static void writeAll(List<Output> outputs, PrintWriter out) throws IOException {
        List<Output> replaced = new ArrayList<>();
        List<Output> inPlace = new ArrayList<>();
        for (Output o : outputs) {
            try {
                (o.toStandardOutput() || target(o.file()) != Target.REPLACED ? inPlace : replaced).add(o);
            } catch (IOException e) {
                throw failure(o.file(), e);
            }
        }
        List<Path> staged = new ArrayList<>();
        List<Path> madeFolders = new ArrayList<>();
        List<String> written = new ArrayList<>();
        try {
            for (Output o : replaced) {
                Path absolute = o.file().toAbsolutePath();
                try {
                    madeFolders.addAll(createFolders(absolute.getParent()));
                    staged.add(stage(absolute, o.text().getBytes(StandardCharsets.UTF_8), true));
                } catch (IOException e) {
                    throw failure(o.file(), e);
                }
            }
            for (int i = 0; i < replaced.size(); i++) {
                Output o = replaced.get(i);
                try {
                    rename(staged.get(i), o.file().toAbsolutePath());
                } catch (IOException e) {
                    throw failure(written, outputs, o, e);
                }
                Temporaries.remove(staged.set(i, null));
                written.add(o.shown());
            }
            for (Output o : inPlace) {
                if (o.toStandardOutput()) {
                    out.print(o.text());
                    out.flush();
                } else {
                    try {
                        writeAs(target(o.file()), o.file(), o.text().getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw failure(written, outputs, o, e);
                    } catch (OutputRefused e) {
                        if (written.isEmpty()) {
                            throw e;
                        }
                        throw partly(written, outputs, o, e);
                    }
                }
                written.add(o.shown());
            }
        } finally {
            for (Path temp : staged) {
                if (temp != null) {
                    discard(temp);
                }
            }
            if (written.isEmpty()) {
                removeIfEmpty(madeFolders);
            }
            Temporaries.removeFolders(madeFolders);
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

    /**
     * Whether the path names this process's standard output: {@code -}, {@code /dev/stdout},
     * {@code /dev/fd/1} or {@code /proc/self/fd/1}. The one home of that list: such an output is
     * written through the command's own stream, and two of them are one target.
     */
    public static boolean isStandardOutput(Path file) {
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
        if (!users) {
            Files.createDirectories(absolute.getParent());
        }
        List<Path> madeFolders = users ? createFolders(absolute.getParent()) : List.of();
        boolean renamed = false;
        try {
            Path temp = stage(absolute, bytes, users);
            try {
                rename(temp, absolute);
                renamed = true;
            } finally {
                discard(temp);
            }
        } finally {
            if (!renamed) {
                removeIfEmpty(madeFolders);
            }
            Temporaries.removeFolders(madeFolders);
        }
    }

    /**
     * The new content in a temporary file beside {@code absolute}, ready to be renamed over it.
     *
     * @param users as for {@link #replace(Path, byte[], boolean)}
     */
    private static Path stage(Path absolute, byte[] bytes, boolean users) throws IOException {
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
            return temp;
        } catch (IOException | RuntimeException e) {
            discard(temp);
            throw e;
        }
    }

    /** A temporary file no longer needed: removed if it is still there, and no longer the hook's. */
    private static void discard(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } finally {
            Temporaries.remove(temp);
        }
    }

    /**
     * The temporary files of reports being written now, beside the user's files, and the folders
     * made for them: one shutdown hook removes the files that are left when SIGTERM or SIGINT stops
     * the run (the JVM runs the hooks, not the {@code finally} of the thread that writes), then
     * those folders that are empty, the deepest first, so the user's folders are left as they were.
     * A folder is registered once made (never one that someone else made meanwhile) and
     * deregistered when the write is over, whether it stays (a report was renamed into it) or not.
     */
    private static final class Temporaries {
        private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
        private static final Set<Path> FOLDERS = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean HOOKED = new AtomicBoolean();

        private Temporaries() {}

        static void add(Path temp) {
            hook();
            LIVE.add(temp);
        }

        static void addFolder(Path folder) {
            hook();
            FOLDERS.add(folder);
        }

        static void removeFolders(List<Path> folders) {
            folders.forEach(FOLDERS::remove);
        }

        private static void hook() {
            if (HOOKED.compareAndSet(false, true)) {
                try {
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(Temporaries::removeAll, "ai-optout report clean-up"));
                } catch (IllegalStateException shuttingDown) {
                    // the hooks have started: this write is cleaned up by its own finally, or not at all
                }
            }
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
            removeIfEmpty(FOLDERS.stream()
                    .sorted(Comparator.comparingInt(Path::getNameCount))
                    .toList());
        }
    }

    /**
     * Makes the folder and those above it that are missing; the ones it made, the topmost first,
     * each registered with {@link Temporaries} once made.
     */
    private static List<Path> createFolders(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        Path there = folder;
        for (; there != null && !Files.exists(there, LinkOption.NOFOLLOW_LINKS); there = there.getParent()) {
            missing.add(0, there);
        }
        if (there != null && !Files.isDirectory(there)) {
            throw new FileAlreadyExistsException(there.toString()); // a file where a folder should be
        }
        List<Path> made = new ArrayList<>();
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(p)) {
                        throw e;
                    }
                    continue; // made meanwhile by someone else: not ours to remove
                }
                Temporaries.addFolder(p);
                made.add(p);
            }
        } catch (IOException | RuntimeException e) {
            removeIfEmpty(made);
            Temporaries.removeFolders(made);
            throw e;
        }
        return made;
    }

    /** The folders (topmost first) that are empty, the deepest first: a folder with anything in it stays. */
    private static void removeIfEmpty(List<Path> folders) {
        for (int i = folders.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(folders.get(i));
            } catch (IOException e) {
                // not empty (someone else's file), or gone: left as it is
            }
        }
    }

    /** A failed write of a file: the problem naming the path and the reason, and whether the user can fix it. */
    private record Failed(Problem problem, boolean theUsers) {}

    private static Failed failed(Path file, IOException e) {
        if (e instanceof FileAlreadyExistsException exists) {
            // making the file's folder met a file where a folder should be
            return new Failed(notAFolder(file, Path.of(exists.getFile())), true);
        }
        String what = "cannot write " + FileErrors.shown(file) + where(file, e);
        return FileErrors.problem(what, e)
                .map(problem -> new Failed(problem, true))
                .orElseGet(() -> new Failed(Problem.error(null, "", what + ": " + FileErrors.reason(e), null), false));
    }

    /**
     * A failed write of {@code file} as the command line takes it: {@link OutputRefused} (thrown
     * here) when it is the user's to fix, else the IOException to throw, naming the path and the reason.
     */
    private static IOException failure(Path file, IOException e) {
        Failed failed = failed(file, e);
        if (failed.theUsers()) {
            throw new OutputRefused(List.of(failed.problem()));
        }
        return new IOException(failed.problem().message(), e);
    }

    /** A failed write in a set: as {@link #failure(Path, IOException)} while nothing is written yet, else partly written. */
    private static IOException failure(List<String> written, List<Output> outputs, Output failing, IOException e) {
        if (written.isEmpty()) {
            return failure(failing.file(), e);
        }
        throw partly(written, outputs, failing, e);
    }

    private static Problem notAFolder(Path file, Path notFolder) {
        return Problem.error(
                null,
                "",
                "cannot write " + FileErrors.shown(file) + ": " + FileErrors.shown(notFolder)
                        + " is a file, not a folder",
                "name a file in a folder");
    }

    /** The set's outputs once {@code failing} failed after another output was in place: what was written, what was not. */
    private static OutputPartlyWritten partly(List<String> written, List<Output> outputs, Output failing, Exception e) {
        Failed failed = e instanceof OutputRefused refused
                ? new Failed(refused.problems().get(0), true)
                : failed(failing.file(), (IOException) e);
        List<String> notWritten = outputs.stream()
                .map(Output::shown)
                .filter(shown -> !written.contains(shown))
                .toList();
        return new OutputPartlyWritten(failed.problem(), failed.theUsers(), written, notWritten, e);
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
