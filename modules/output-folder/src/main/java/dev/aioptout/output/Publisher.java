package dev.aioptout.output;

import dev.aioptout.output.Journal.Operation;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts generated files into an output folder, all or nothing, and touches only what ai-optout
 * wrote there before ({@link OwnedFiles}).
 *
 * <ol>
 *   <li>{@link #open}: the output folder is checked (bad input when it is a file, the file-system
 *       root or not writable) and created when missing; the folder's lock is taken
 *       ({@link FolderLock}: a second run waits for it a bounded time, then stops as bad input
 *       naming the process that holds it); what runs that were killed left is rolled back and
 *       removed ({@link Journal#recoverStale}), which only the holder of the lock does, so a live
 *       run's staging folder is never touched; a new staging folder {@value #STAGING_PREFIX}* is
 *       made inside the output folder (so every rename stays on one file system), with a lock file
 *       beside it that the run holds, for older versions of ai-optout ({@link #stage}).</li>
 *   <li>The caller writes the generated files into {@link #scratch()}.</li>
 *   <li>{@link #publish()}: every path is checked before anything changes ({@link PublishPlan}). A
 *       file or folder ai-optout did not write, or changed since, or a symbolic link where it would
 *       write, stops the run as bad input naming the path. Then the operations are written down
 *       ({@link Journal}), each is one rename (the file it replaces is set aside in the staging
 *       folder), and a marker says the whole set is in place.</li>
 *   <li>{@link #close()}: an unfinished set is rolled back from the journal, the staging folder
 *       removed and the lock released. SIGTERM and SIGINT do the same through a shutdown hook;
 *       after SIGKILL the kernel releases the lock, and the next run finds the journal and rolls
 *       back before it starts.</li>
 * </ol>
 */
public final class Publisher implements AutoCloseable {

    public static final String STAGING_PREFIX = ".ai-optout-staging-";
    private static final SecureRandom RANDOM = new SecureRandom();

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

    private final FolderLock lock;
    private final Path staging;
    /** {@code <staging>.lock}, held for the run: what an older ai-optout looks for (see {@link #stage}). */
    private final Path stagingLock;

    private final FileChannel stagingLockChannel;
    private final Thread hook;
    private State state = State.OPEN;
    private List<Operation> operations = List.of();
    /** A roll-back failed: the staging folder stays, so the next run can finish it from the journal. */
    private boolean keepStaging;

    private Publisher(Path out, String shown, PrintWriter err, List<Path> created, FolderLock lock, Staged staged)
            throws IOException {
        this.out = out;
        this.shown = shown;
        this.err = err;
        this.created = created;
        this.lock = lock;
        this.staging = staged.folder();
        this.stagingLock = staged.lockFile();
        this.stagingLockChannel = staged.channel();
        Files.createDirectory(staging.resolve(Journal.NEW));
        this.hook = new Thread(this::stop, "ai-optout clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Checks and prepares the output folder, waiting for another run into it as long as
     * {@value FolderLock#WAIT_VARIABLE} says (default 60 seconds).
     *
     * @throws OutputRefused when the folder cannot be an output folder, or another run holds it,
     *     with the reason
     */
    public static Publisher open(Path folder, PrintWriter err) throws IOException {
        return open(folder, err, FolderLock.configuredWait());
    }

    /** {@link #open(Path, PrintWriter)}, waiting up to {@code wait} for another run into the folder. */
    public static Publisher open(Path folder, PrintWriter err, Duration wait) throws IOException {
        String shown = FileErrors.shown(folder);
        Path out = folder.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            throw bad(shown + " is the root of the file system", "give a folder for the generated files");
        }
        List<Path> created = new ArrayList<>();
        FolderLock lock = null;
        for (int attempt = 0; lock == null; attempt++) {
            out = prepare(out, shown, created);
            try {
                lock = FolderLock.acquire(out, shown, wait, err);
            } catch (NoSuchFileException e) {
                if (attempt == 2) {
                    throw bad(shown + " was removed while ai-optout was preparing it", "run again");
                }
                // another run removed the folder it had made, just as this one arrived: make it again
            } catch (IOException | RuntimeException e) {
                removeCreated(created);
                throw e;
            }
        }
        Publisher publisher = null;
        Staged staged = null;
        try {
            Journal.recoverStale(out, err);
            staged = stage(out);
            publisher = new Publisher(out, shown, err, created, lock, staged);
            TestPoints.at("staged", err);
            return publisher;
        } catch (IOException | RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            } else {
                try {
                    if (staged != null) {
                        staged.remove();
                    }
                } catch (IOException unstage) {
                    e.addSuppressed(unstage);
                }
                try {
                    lock.close();
                } catch (IOException unlock) {
                    e.addSuppressed(unlock);
                }
                removeCreated(created);
            }
            throw e;
        }
    }

    /** A staging folder, and the lock file beside it that this run holds. */
    private record Staged(Path folder, Path lockFile, FileChannel channel) {
        /** Removes the folder and its lock file, then releases that lock. */
        void remove() throws IOException {
            try {
                deleteTree(folder);
                Files.deleteIfExists(lockFile);
            } finally {
                channel.close();
            }
        }
    }

    /**
     * A new staging folder {@value #STAGING_PREFIX}N, with {@code <folder>.lock} beside it, locked
     * first. This ai-optout needs no such file (the folder's lock keeps every other run of it out),
     * but ai-optout before the folder's lock (065a31c and older) rolls back and removes a staging
     * folder whose lock file is missing or free: with a held one, an older ai-optout that runs into
     * the same folder at the same time leaves this run alone. Such a run may also remove a lock file
     * it finds free before this run has locked it; the name is then given up for another.
     */
    private static Staged stage(Path out) throws IOException {
        while (true) {
            Path folder = out.resolve(STAGING_PREFIX + Long.toUnsignedString(RANDOM.nextLong()));
            Path lockFile = out.resolve(folder.getFileName() + ".lock");
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            boolean staged = false;
            try {
                if (channel.tryLock() == null || !InputFile.present(lockFile)) {
                    Files.deleteIfExists(lockFile);
                    continue;
                }
                Files.createDirectory(folder);
                staged = true;
                return new Staged(folder, lockFile, channel);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(lockFile);
                continue;
            } finally {
                if (!staged) {
                    channel.close();
                }
            }
        }
    }

    /** Where the caller writes what is to be published, as it should appear in the output folder. */
    public Path scratch() {
        return staging.resolve(Journal.NEW);
    }

    /**
     * Publishes everything in {@link #scratch()}, with the record of what ai-optout owns.
     *
     * @throws OutputRefused when a path is not ai-optout's to write, or the file system refused a
     *     step for a reason the user can fix (permissions, a full or read-only disk); the output
     *     folder is as it was then
     * @throws IOException when a step failed otherwise; the output folder has been rolled back
     */
    public void publish() throws IOException {
        TestPoints.at("generated", err);
        PublishPlan plan = PublishPlan.of(out, shown, scratch());
        if (!plan.collisions().isEmpty()) {
            throw new OutputRefused(plan.collisions());
        }
        Operation current = null;
        try {
            Files.writeString(
                    scratch().resolve(OwnedFiles.FILE_NAME), plan.record().text());
            synchronized (this) {
                operations = plan.operations();
                Journal.write(staging, operations);
                state = State.APPLYING;
            }
            TestPoints.at("journaled", err);
            for (int i = 0; i < operations.size(); i++) {
                synchronized (this) {
                    if (state != State.APPLYING) {
                        throw new IOException("stopped by a signal");
                    }
                    current = operations.get(i);
                    Journal.apply(out, staging, current);
                    current = null;
                }
                if (i == 0) {
                    TestPoints.at("moved-1", err);
                }
            }
            synchronized (this) {
                if (state != State.APPLYING) {
                    throw new IOException("stopped by a signal");
                }
                Journal.markCommitted(staging);
                state = State.COMMITTED;
            }
        } catch (IOException | RuntimeException e) {
            rollBack(e);
            throw failed(e, current);
        }
        TestPoints.at("committed", err);
        plan.warnings().forEach(w -> err.println("ai-optout: " + DisplayText.of(w)));
    }

    /** After a failed step: the operations undone; when that fails too, the next run undoes them. */
    private synchronized void rollBack(Exception cause) throws IOException {
        if (state != State.APPLYING) {
            return;
        }
        state = State.OPEN;
        try {
            Journal.undo(out, staging, operations);
        } catch (IOException | RuntimeException undo) {
            keepStaging = true;
            throw new IOException(
                    "writing " + shown + " failed (" + message(cause) + ") and so did restoring it (" + message(undo)
                            + "); the next synth into it restores it from " + out.relativize(staging),
                    cause);
        }
    }

    /**
     * A failed step, rolled back: bad input when the file system gave a reason the user can fix
     * (naming the path and the reason), else a failure of ai-optout's.
     */
    private IOException failed(Exception e, Operation at) {
        if (e instanceof IOException io && FileErrors.isTheUsers(io)) {
            String path = at == null ? shown : FileErrors.shown(Path.of(shown).resolve(at.path()));
            String what = at == null ? "cannot write " + path : path + " could not be " + at.done();
            Problem problem = FileErrors.problem(what, io).orElseThrow();
            throw new OutputRefused(List.of(Problem.error(
                    null, "--out", problem.message() + "; " + shown + " was left as it was", problem.hint())));
        }
        return new IOException(
                "writing " + shown + " failed (" + (at == null ? "" : at.path() + ": ") + message(e)
                        + "); it was left as it was",
                e);
    }

    private static String message(Exception e) {
        return e instanceof IOException io ? FileErrors.reason(io) : String.valueOf(e.getMessage());
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
                Journal.undo(out, staging, operations);
            } catch (IOException | RuntimeException e) {
                keepStaging = true;
                err.println("ai-optout: could not restore " + shown + " (" + message(e)
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
            // Left without a lock: the next run removes it.
            err.println("ai-optout: could not remove " + out.relativize(staging) + ": " + FileErrors.reason(e));
        }
        try {
            Files.deleteIfExists(stagingLock); // what is left of the staging folder is the next run's to finish
        } catch (IOException e) {
            err.println("ai-optout: could not remove " + out.relativize(stagingLock) + ": " + FileErrors.reason(e));
        }
        try {
            stagingLockChannel.close();
        } catch (IOException e) {
            // released all the same
        }
        try {
            lock.close();
        } catch (IOException e) {
            err.println("ai-optout: could not remove the lock file of " + shown + ": " + FileErrors.reason(e));
        }
        if (!published) {
            removeCreated(created);
        }
        err.flush();
    }

    /**
     * The output folder, real and existing: made (with the folders above it that are missing, each
     * recorded in {@code created}) when it is not there.
     */
    private static Path prepare(Path out, String shown, List<Path> created) throws IOException {
        if (InputFile.present(out)) {
            if (!Files.isDirectory(out)) {
                throw bad(
                        shown
                                + (Files.isSymbolicLink(out)
                                        ? " is a symbolic link to no folder"
                                        : " exists and is a file"),
                        "give a folder, or remove the file");
            }
            return out.toRealPath();
        }
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
                    shown + " cannot be created: " + (file == null ? FileErrors.shown(existing) : file) + " is a file",
                    "give a folder path");
        }
        try {
            for (Path folder : missing) {
                try {
                    Files.createDirectory(folder);
                    created.add(folder);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(folder)) {
                        throw e;
                    }
                    // another run made it just now: it is not this run's to remove
                }
            }
        } catch (IOException e) {
            removeCreated(created);
            throw bad(shown + " cannot be created (" + FileErrors.reason(e) + ")", "choose a folder you can write to");
        }
        return out.toRealPath();
    }

    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                if (Journal.isEmpty(created.get(i))) {
                    Files.delete(created.get(i));
                }
            } catch (IOException e) {
                return;
            }
        }
        created.clear();
    }

    private static OutputRefused bad(String message, String hint) {
        return new OutputRefused(List.of(Problem.error(null, "--out", message, hint)));
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
