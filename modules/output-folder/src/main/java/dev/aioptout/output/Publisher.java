package dev.aioptout.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.PrettyJson;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Puts generated files into an output folder, all or nothing, and touches only what ai-optout
 * wrote there before ({@link OwnedFiles}).
 *
 * <ol>
 *   <li>{@link #open}: the output folder is checked (bad input when it is a file, the file-system
 *       root or not writable) and created when missing; staging folders of killed runs are rolled
 *       back and removed; a new staging folder {@value #STAGING_PREFIX}* is made inside the output
 *       folder (so every rename stays on one file system), with a lock file beside it that the
 *       operating system releases when the process ends, however it ends.</li>
 *   <li>The caller writes the generated files into {@link #scratch()}.</li>
 *   <li>{@link #publish()}: every path is checked before anything changes. A file or folder
 *       ai-optout did not write, or changed since, or a symbolic link where it would write, stops
 *       the run as bad input naming the path. Then a journal of operations is written and each
 *       operation is one rename (the file it replaces is set aside in the staging folder), and a
 *       marker says the whole set is in place.</li>
 *   <li>{@link #close()}: an unfinished set is rolled back from the journal, and the staging
 *       folder removed. SIGTERM and SIGINT do the same through a shutdown hook; after SIGKILL the
 *       next run finds the journal and rolls back before it starts.</li>
 * </ol>
 */
public final class Publisher implements AutoCloseable {

    public static final String STAGING_PREFIX = ".ai-optout-staging-";
    private static final String LOCK_SUFFIX = ".lock";
    private static final String NEW = "new";
    private static final String OLD = "old";
    private static final String JOURNAL = "journal.json";
    private static final String COMMITTED = "committed";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind {
        MKDIR,
        CREATE,
        REPLACE,
        REMOVE,
        RMDIR
    }

    /** One step of publishing, on a path relative to the output folder. */
    record Operation(Kind kind, String path) {}

    private enum State {
        OPEN,
        APPLYING,
        COMMITTED,
        CLOSED
    }

    private final Path out;
    private final String shown;
    private final PrintWriter err;
    /** Folders made for the output folder itself, outermost first; removed again when nothing was published. */
    private final List<Path> created;

    private final Path staging;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final Thread hook;
    private State state = State.OPEN;
    private List<Operation> operations = List.of();
    /** A roll-back failed: the staging folder stays, so the next run can finish it from the journal. */
    private boolean keepStaging;

    private Publisher(Path out, String shown, PrintWriter err, List<Path> created, Path lockFile, FileChannel lock)
            throws IOException {
        this.out = out;
        this.shown = shown;
        this.err = err;
        this.created = created;
        this.lockFile = lockFile;
        this.lockChannel = lock;
        String name = lockFile.getFileName().toString();
        this.staging = out.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
        Files.createDirectory(staging);
        Files.createDirectory(staging.resolve(NEW));
        this.hook = new Thread(this::stop, "ai-optout clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Checks and prepares the output folder.
     *
     * @throws OutputRefused when the folder cannot be an output folder, with the reason
     */
    public static Publisher open(Path folder, PrintWriter err) throws IOException {
        String shown = folder.toString();
        Path out = folder.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            throw bad(err, shown + " is the root of the file system", "give a folder for the generated files");
        }
        List<Path> created = new ArrayList<>();
        if (InputFile.present(out)) {
            if (!Files.isDirectory(out)) {
                throw bad(
                        err,
                        shown
                                + (Files.isSymbolicLink(out)
                                        ? " is a symbolic link to no folder"
                                        : " exists and is a file"),
                        "give a folder, or remove the file");
            }
            out = out.toRealPath();
        } else {
            create(out, shown, created, err);
        }
        Path lockFile;
        try {
            lockFile = Files.createTempFile(out, STAGING_PREFIX, LOCK_SUFFIX);
        } catch (FileSystemException e) {
            removeCreated(created);
            throw bad(err, shown + " is not writable (" + reason(e) + ")", "choose a folder you can write to");
        }
        FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        try {
            lock.lock();
            recoverStale(out, err);
            Publisher publisher = new Publisher(out, shown, err, created, lockFile, lock);
            TestPoints.at("staged", err);
            return publisher;
        } catch (IOException | RuntimeException e) {
            lock.close();
            Files.deleteIfExists(lockFile);
            removeCreated(created);
            throw e;
        }
    }

    /** Where the caller writes what is to be published, as it should appear in the output folder. */
    public Path scratch() {
        return staging.resolve(NEW);
    }

    /**
     * Publishes everything in {@link #scratch()}, with the record of what ai-optout owns.
     *
     * @throws OutputRefused when a path is not ai-optout's to write; nothing has changed then
     * @throws IOException when a step failed; the output folder has been rolled back
     */
    public void publish() throws IOException {
        TestPoints.at("generated", err);
        Plan plan = plan();
        if (!plan.collisions.isEmpty()) {
            throw new OutputRefused(plan.collisions);
        }
        Files.writeString(scratch().resolve(OwnedFiles.FILE_NAME), plan.record.text());
        synchronized (this) {
            operations = plan.operations;
            AtomicFiles.write(staging.resolve(JOURNAL), journal(operations));
            state = State.APPLYING;
        }
        try {
            TestPoints.at("journaled", err);
            for (int i = 0; i < operations.size(); i++) {
                synchronized (this) {
                    if (state != State.APPLYING) {
                        throw new IOException("stopped by a signal");
                    }
                    apply(operations.get(i));
                }
                if (i == 0) {
                    TestPoints.at("moved-1", err);
                }
            }
            synchronized (this) {
                if (state != State.APPLYING) {
                    throw new IOException("stopped by a signal");
                }
                AtomicFiles.write(staging.resolve(COMMITTED), "");
                state = State.COMMITTED;
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (state == State.APPLYING) {
                    try {
                        undo(out, staging, operations);
                        state = State.OPEN;
                    } catch (IOException | RuntimeException undo) {
                        state = State.OPEN;
                        keepStaging = true;
                        throw new IOException(
                                "writing " + shown + " failed (" + e.getMessage() + ") and so did restoring it ("
                                        + undo.getMessage() + "); the next synth into it restores it from "
                                        + out.relativize(staging),
                                e);
                    }
                }
            }
            throw new IOException("writing " + shown + " failed (" + e.getMessage() + "); it was left as it was", e);
        }
        TestPoints.at("committed", err);
        plan.warnings.forEach(w -> err.println("ai-optout: " + DisplayText.of(w)));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            finish();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or ran, and found everything done
        }
    }

    /** The shutdown hook: SIGTERM or SIGINT arrived while publishing. */
    private void stop() {
        boolean generating;
        synchronized (this) {
            generating = state == State.OPEN;
        }
        if (generating) {
            // The jsii runtime's Node process may be writing into the staging folder: end it first.
            List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
            children.forEach(ProcessHandle::destroy);
            for (ProcessHandle child : children) {
                try {
                    child.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
        synchronized (this) {
            if (state != State.CLOSED) {
                finish();
            }
        }
    }

    /** Rolls back what is unfinished, removes the staging folder and releases the lock. Holds the monitor. */
    private void finish() {
        if (state == State.APPLYING) {
            try {
                undo(out, staging, operations);
            } catch (IOException | RuntimeException e) {
                keepStaging = true;
                err.println("ai-optout: could not restore " + shown + " (" + e.getMessage()
                        + "); the next synth into it restores it");
            }
        }
        boolean published = state == State.COMMITTED;
        state = State.CLOSED;
        try {
            if (!keepStaging) {
                deleteTree(staging);
            }
        } catch (IOException e) {
            // What is left has no lock once the lock file is gone: the next run removes it.
            err.println("ai-optout: could not remove " + out.relativize(staging) + ": " + e.getMessage());
        }
        try {
            lockChannel.close();
            if (!keepStaging) {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException e) {
            err.println("ai-optout: could not remove " + out.relativize(lockFile) + ": " + e.getMessage());
        }
        if (!published) {
            removeCreated(created);
        }
        err.flush();
    }

    /** What publishing would do, and what stops it. */
    private record Plan(
            List<Operation> operations, OwnedFiles record, List<Problem> collisions, List<String> warnings) {}

    private Plan plan() throws IOException {
        List<Problem> collisions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        OwnedFiles owned = OwnedFiles.read(out).orElse(null);
        boolean recordRefused = owned == null;
        if (recordRefused) {
            collisions.add(collision(
                    OwnedFiles.FILE_NAME,
                    "exists and is not ai-optout's record of the files it wrote",
                    "move or rename it, or choose another --out"));
            owned = OwnedFiles.none();
        }
        SortedMap<String, byte[]> generated = generated();

        // Folders the new files need, outermost first.
        Set<String> needed = new TreeSet<>();
        generated.keySet().forEach(f -> needed.addAll(OwnedFiles.parents(f)));
        List<String> mkdirs = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (String folder : needed) {
            if (OwnedFiles.parents(folder).stream().anyMatch(blocked::contains)) {
                blocked.add(folder);
                continue;
            }
            Path at = out.resolve(folder);
            if (!InputFile.present(at)) {
                mkdirs.add(folder);
            } else if (Files.isSymbolicLink(at)) {
                blocked.add(folder);
                collisions.add(collision(
                        folder,
                        "is a symbolic link where ai-optout writes a folder",
                        "ai-optout never writes through links in its output folder; replace it with a folder, or"
                                + " choose another --out"));
            } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                blocked.add(folder);
                collisions.add(collision(
                        folder, "is a file where ai-optout writes a folder", "move it, or choose another --out"));
            }
        }

        List<Operation> files = new ArrayList<>();
        Operation recordOperation = null;
        for (Map.Entry<String, byte[]> file : generated.entrySet()) {
            String relative = file.getKey();
            if (OwnedFiles.parents(relative).stream().anyMatch(blocked::contains)
                    || (recordRefused && relative.equals(OwnedFiles.FILE_NAME))) {
                continue;
            }
            Path at = out.resolve(relative);
            Kind kind;
            if (!InputFile.present(at)) {
                kind = Kind.CREATE;
            } else if (Files.isSymbolicLink(at)) {
                collisions.add(collision(
                        relative,
                        "is a symbolic link where ai-optout writes a file",
                        "ai-optout never writes through links in its output folder; remove the link, or choose"
                                + " another --out"));
                continue;
            } else if (!Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                collisions.add(collision(
                        relative, "is a folder where ai-optout writes a file", "move it, or choose another --out"));
                continue;
            } else if (relative.equals(OwnedFiles.FILE_NAME)) {
                kind = Kind.REPLACE; // read and found to be ai-optout's above
            } else {
                byte[] present = Files.readAllBytes(at);
                if (owned.ownsUnchanged(relative, present) || Arrays.equals(present, file.getValue())) {
                    kind = Kind.REPLACE;
                } else if (owned.files().containsKey(relative)) {
                    collisions.add(collision(
                            relative,
                            "was changed after ai-optout wrote it",
                            "ai-optout does not overwrite changes: keep them elsewhere and delete the file, or"
                                    + " choose another --out"));
                    continue;
                } else {
                    collisions.add(collision(
                            relative,
                            "exists and was not written by ai-optout",
                            "ai-optout writes only its own files: move or rename it, or choose another --out"));
                    continue;
                }
            }
            Operation operation = new Operation(kind, relative);
            if (relative.equals(OwnedFiles.FILE_NAME)) {
                recordOperation = operation;
            } else {
                files.add(operation);
            }
        }
        if (recordOperation == null) {
            recordOperation = new Operation(
                    InputFile.present(out.resolve(OwnedFiles.FILE_NAME)) ? Kind.REPLACE : Kind.CREATE,
                    OwnedFiles.FILE_NAME);
        }

        // Files written before that this run does not write: removed while unchanged.
        Set<String> removed = new TreeSet<>();
        for (String relative : owned.files().keySet()) {
            if (generated.containsKey(relative)
                    || relative.equals(OwnedFiles.FILE_NAME)
                    || !realFolders(OwnedFiles.parent(relative))) {
                continue;
            }
            Path at = out.resolve(relative);
            if (Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                if (owned.ownsUnchanged(relative, Files.readAllBytes(at))) {
                    removed.add(relative);
                } else {
                    warnings.add("kept " + relative + ": it is no longer generated, but was changed after"
                            + " ai-optout wrote it");
                }
            }
        }
        // Folders ai-optout made that are no longer needed: removed when nothing else is left in them.
        List<String> rmdirs = new ArrayList<>();
        Set<String> keptFolders = new TreeSet<>();
        List<String> candidates = owned.folders().stream()
                .filter(f -> !needed.contains(f))
                .filter(f -> Files.isDirectory(out.resolve(f), LinkOption.NOFOLLOW_LINKS) && realFolders(f))
                .sorted(Comparator.comparingInt((String f) -> f.split("/").length)
                        .reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        Set<String> goingAway = new HashSet<>(removed);
        for (String folder : candidates) {
            boolean empty;
            try (Stream<Path> entries = Files.list(out.resolve(folder))) {
                empty = entries.map(p -> folder + "/" + p.getFileName()).allMatch(goingAway::contains);
            }
            if (empty) {
                rmdirs.add(folder);
                goingAway.add(folder);
            } else {
                keptFolders.add(folder);
                boolean hadGenerated = owned.files().keySet().stream()
                        .anyMatch(f -> f.startsWith(folder + "/") && f.indexOf('/', folder.length() + 1) < 0);
                if (hadGenerated) {
                    warnings.add("kept " + folder + ": it is no longer generated but holds other files (Terraform"
                            + " state?); remove it once its resources are handled");
                }
            }
        }

        SortedMap<String, String> recordFiles = new TreeMap<>();
        generated.forEach((f, bytes) -> recordFiles.put(f, OwnedFiles.sha256(bytes)));
        recordFiles.remove(OwnedFiles.FILE_NAME);
        Set<String> recordFolders = new TreeSet<>(mkdirs);
        for (String folder : owned.folders()) {
            if (needed.contains(folder) && !mkdirs.contains(folder) && !blocked.contains(folder)) {
                recordFolders.add(folder);
            }
        }
        recordFolders.addAll(keptFolders);

        List<Operation> operations = new ArrayList<>();
        mkdirs.forEach(f -> operations.add(new Operation(Kind.MKDIR, f)));
        operations.addAll(files);
        removed.forEach(f -> operations.add(new Operation(Kind.REMOVE, f)));
        rmdirs.forEach(f -> operations.add(new Operation(Kind.RMDIR, f)));
        operations.add(recordOperation);
        return new Plan(operations, new OwnedFiles(recordFiles, new TreeSet<>(recordFolders)), collisions, warnings);
    }

    /**
     * Whether {@code folder} and every folder above it is a real folder, not a link, so that nothing
     * is deleted through one. The output folder itself is "".
     */
    private boolean realFolders(String folder) {
        return realFolders(out, folder);
    }

    private static boolean realFolders(Path out, String folder) {
        if (folder.isEmpty()) {
            return true;
        }
        List<String> chain = new ArrayList<>(OwnedFiles.parents(folder));
        chain.add(folder);
        for (String f : chain) {
            if (!Files.isDirectory(out.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private SortedMap<String, byte[]> generated() throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        Path root = scratch();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                files.put(relative, Files.readAllBytes(file));
            }
        }
        files.remove(OwnedFiles.FILE_NAME);
        files.put(OwnedFiles.FILE_NAME, new byte[0]); // written once the plan is known
        return files;
    }

    private void apply(Operation operation) throws IOException {
        Path target = out.resolve(operation.path());
        Path fresh = staging.resolve(NEW).resolve(operation.path());
        Path old = staging.resolve(OLD).resolve(operation.path());
        switch (operation.kind()) {
            case MKDIR -> Files.createDirectory(target);
            case CREATE -> AtomicFiles.rename(fresh, target);
            case REPLACE -> {
                Files.createDirectories(old.getParent());
                AtomicFiles.rename(target, old);
                AtomicFiles.rename(fresh, target);
            }
            case REMOVE -> {
                Files.createDirectories(old.getParent());
                AtomicFiles.rename(target, old);
            }
            case RMDIR -> Files.delete(target);
        }
    }

    /**
     * Undoes the operations, last first. Each undo looks at what is on disk, so it is right after a
     * crash at any point and when run twice: a file is set aside in {@code old/} before its
     * replacement moves in, and moved back out to {@code new/} when undone.
     */
    static void undo(Path out, Path staging, List<Operation> operations) throws IOException {
        for (int i = operations.size() - 1; i >= 0; i--) {
            Operation operation = operations.get(i);
            if (!realFolders(out, OwnedFiles.parent(operation.path()))) {
                continue; // a folder became a link since: nothing is moved through it
            }
            Path target = out.resolve(operation.path());
            Path fresh = staging.resolve(NEW).resolve(operation.path());
            Path old = staging.resolve(OLD).resolve(operation.path());
            switch (operation.kind()) {
                case MKDIR -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && isEmpty(target)) {
                        Files.delete(target);
                    }
                }
                case CREATE -> {
                    if (!InputFile.present(fresh) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(fresh.getParent());
                        AtomicFiles.rename(target, fresh);
                    }
                }
                case REPLACE -> {
                    if (InputFile.present(old)) {
                        if (!InputFile.present(fresh) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectories(fresh.getParent());
                            AtomicFiles.rename(target, fresh);
                        }
                        AtomicFiles.rename(old, target);
                    }
                }
                case REMOVE -> {
                    if (InputFile.present(old)) {
                        AtomicFiles.rename(old, target);
                    }
                }
                case RMDIR -> {
                    if (!InputFile.present(target)) {
                        Files.createDirectory(target);
                    }
                }
            }
        }
    }

    /**
     * Staging folders whose run is gone (its lock is free): rolled back from their journal unless
     * they were complete, and removed. A staging folder whose lock another run holds is left alone.
     */
    private static void recoverStale(Path out, PrintWriter err) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(out)) {
            entries = list.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX))
                    .sorted()
                    .toList();
        }
        Set<Path> busy = new HashSet<>();
        for (Path lock : entries) {
            String name = lock.getFileName().toString();
            if (!name.endsWith(LOCK_SUFFIX) || !Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path folder = lock.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
                FileLock held;
                try {
                    held = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    held = null; // another publisher in this process
                }
                if (held == null) {
                    busy.add(folder);
                    continue;
                }
                recover(out, folder, err);
                Files.delete(lock);
            }
        }
        for (Path folder : entries) {
            if (!folder.getFileName().toString().endsWith(LOCK_SUFFIX)
                    && !busy.contains(folder)
                    && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(folder.resolveSibling(folder.getFileName() + LOCK_SUFFIX))) {
                recover(out, folder, err);
            }
        }
    }

    private static void recover(Path out, Path folder, PrintWriter err) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path journal = folder.resolve(JOURNAL);
        if (Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS) && !InputFile.present(folder.resolve(COMMITTED))) {
            undo(out, folder, readJournal(journal));
            err.println("ai-optout: rolled back an interrupted synth in this folder");
        }
        deleteTree(folder);
    }

    private static String journal(List<Operation> operations) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Operation o : operations) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("kind", o.kind().name());
            entry.put("path", o.path());
            list.add(entry);
        }
        return PrettyJson.write(Map.of("operations", list));
    }

    private static List<Operation> readJournal(Path file) throws IOException {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode o : JSON.readTree(file.toFile()).path("operations")) {
            String path = o.path("path").asText();
            if (!OwnedFiles.isPlainRelative(path)) {
                throw new IOException("the journal in " + file.getParent().getFileName() + " names " + path);
            }
            operations.add(new Operation(Kind.valueOf(o.path("kind").asText()), path));
        }
        return operations;
    }

    private static void create(Path out, String shown, List<Path> created, PrintWriter err) {
        List<Path> missing = new ArrayList<>();
        Path existing = out;
        while (existing != null && !InputFile.present(existing)) {
            missing.add(0, existing);
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            // The file as the user wrote its path: theirs, without the missing folders below it.
            Path file = Path.of(shown);
            for (int i = 0; i < missing.size() && file != null; i++) {
                file = file.getParent();
            }
            throw bad(
                    err,
                    shown + " cannot be created: " + (file == null ? existing : file) + " is a file",
                    "give a folder path");
        }
        try {
            for (Path folder : missing) {
                Files.createDirectory(folder);
                created.add(folder);
            }
        } catch (IOException e) {
            removeCreated(created);
            throw bad(err, shown + " cannot be created (" + reason(e) + ")", "choose a folder you can write to");
        }
    }

    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                if (isEmpty(created.get(i))) {
                    Files.delete(created.get(i));
                }
            } catch (IOException e) {
                return;
            }
        }
        created.clear();
    }

    private Problem collision(String relative, String message, String hint) {
        return Problem.error(null, "--out", Path.of(shown).resolve(relative) + " " + message, hint);
    }

    private static OutputRefused bad(PrintWriter err, String message, String hint) {
        return new OutputRefused(List.of(Problem.error(null, "--out", message, hint)));
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage();
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes a folder and what it holds; links are removed, never followed. */
    public static void deleteTree(Path root) throws IOException {
        if (!InputFile.present(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
