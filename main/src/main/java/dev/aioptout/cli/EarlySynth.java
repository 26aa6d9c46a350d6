package dev.aioptout.cli;

import dev.aioptout.output.Publisher;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.runtime.CdktfThread;
import dev.aioptout.runtime.JsiiLevers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CDKTF synthesises the plan while the layout is still being proven (lever {@code early-synth}):
 * on a layout of thousands of accounts each takes a few hundred milliseconds, and they need
 * different processors. CDKTF writes into a temporary folder of its own, because the output
 * folder is opened ({@link Publisher#open}, its lock taken) only once the proof passed, as
 * without this lever; {@link #into} then moves what it wrote into the publisher's scratch folder.
 * A proof that fails throws before that: nothing CDKTF wrote is published, and {@link #close}
 * removes it once CDKTF is done with it.
 *
 * <p>Without the lever (or when no temporary folder can be made) CDKTF synthesises straight into
 * the scratch folder after the proof, as before.
 *
 * <p>A run killed outright (SIGKILL, the OOM killer, a container stopped) cannot remove its
 * folder, and it is in no output folder whose publisher would recover it. So each run holds a lock
 * (fcntl(2), which the kernel drops when the process ends, in any pid namespace) on a file in its
 * folder for as long as it runs, and the next run with the lever removes the folders beside its own
 * that this user owns and whose lock nobody holds ({@link #reclaim}).
 */
final class EarlySynth implements AutoCloseable {

    /** The temporary folders' names: this, the pid of the run, a dash, and a random part. */
    static final String PREFIX = "ai-optout-synth-";
    /** In each temporary folder: locked by the run that made it until it ends. */
    static final String LOCK = "running.lock";
    /** In each temporary folder: what CDKTF writes. */
    private static final String OUT = "out";
    /**
     * A folder without a lock file older than this is a leftover of a version without one, or of a
     * run killed between making the folder and its lock file: removed too. Far above that moment.
     */
    static final Duration UNLOCKED_LEFTOVER = Duration.ofHours(1);
    /** The folders of this JVM's runs: another run in it never opens their lock files (see {@link #reclaim}). */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

    private final boolean enabled;
    private PolicyPlan plan;
    private Path folder;
    private FileChannel lock;
    private CdktfThread.Task task;
    /** Removes the temporary folder when the run is stopped (SIGTERM, SIGINT) before {@link #close}. */
    private Thread cleanUp;

    EarlySynth(boolean enabled) {
        this.enabled = enabled && JsiiLevers.EARLY_SYNTH.on();
    }

    /** The plan is made, its proof not yet run: CDKTF starts on it. */
    void start(PolicyPlan made) {
        if (!enabled || task != null) {
            return;
        }
        Path fresh;
        try {
            fresh = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException | UnsupportedOperationException e) {
            // No temporary folder: CDKTF runs after the proof, into the scratch folder.
            return;
        }
        OWN.add(fresh);
        try {
            lock = FileChannel.open(fresh.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (lock.tryLock() == null) {
                throw new IOException("cannot lock a new file");
            }
            Files.createDirectory(fresh.resolve(OUT));
        } catch (IOException | RuntimeException e) {
            // No lock (a file system without fcntl locks): a killed run's folder could not be told
            // from a live one's, so none is made; CDKTF runs after the proof, as without the lever.
            closeLock();
            remove(fresh);
            OWN.remove(fresh);
            return;
        }
        folder = fresh;
        plan = made;
        Path temporary = folder;
        cleanUp = new Thread(() -> remove(temporary), "ai-optout early synth clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        task = Synthesizer.start(made, folder.resolve(OUT).toString());
        reclaim(folder); // while CDKTF works: a listing of the temporary folder, as a rule
    }

    /**
     * Removes the temporary folders beside {@code own} that killed runs left: this user's (the
     * owner of {@code own}), not made by this JVM, whose lock file nobody holds, or that have none
     * and are older than {@link #UNLOCKED_LEFTOVER}. The lock is held while the folder is removed,
     * so two runs never remove the same one; a folder that cannot be removed is left as it is.
     * Never opens a lock file of this JVM's own runs: closing any descriptor of a file drops the
     * process's locks on it.
     */
    static void reclaim(Path own) {
        Path parent = own.getParent();
        UserPrincipal user;
        try {
            user = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return; // cannot tell whose a folder is: nothing removed
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path candidate : left) {
                if (!OWN.contains(candidate)
                        && Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)
                        && user.equals(Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS))) {
                    reclaimIfLeft(candidate);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A leftover that stays is no reason to fail a run
        }
    }

    private static void reclaimIfLeft(Path candidate) throws IOException {
        Path file = candidate.resolve(LOCK);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Instant made = Files.getLastModifiedTime(candidate, LinkOption.NOFOLLOW_LINKS)
                    .toInstant();
            if (made.isBefore(Instant.now().minus(UNLOCKED_LEFTOVER))) {
                remove(candidate);
            }
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock held = channel.tryLock()) {
            if (held != null) {
                remove(candidate); // its run is gone
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile by its run or another one
        }
    }

    /**
     * The stack of the proven {@code proven} in {@code scratch}: what CDKTF wrote for it early,
     * moved there, or synthesised now. What CDKTF threw is thrown here.
     */
    void into(Path scratch, PolicyPlan proven) throws IOException {
        if (task == null || plan != proven) {
            Synthesizer.synthInto(proven, scratch.toString());
            return;
        }
        task.await();
        move(folder.resolve(OUT), scratch);
    }

    /** Waits for CDKTF to finish with the temporary folder, then removes it. */
    @Override
    public void close() {
        if (task == null) {
            return;
        }
        task.settle();
        remove(folder);
        closeLock();
        OWN.remove(folder);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already: the hook has run or runs.
        }
    }

    private void closeLock() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
            lock = null;
        }
    }

    private static void remove(Path folder) {
        try {
            Publisher.deleteTree(folder);
        } catch (IOException e) {
            // A temporary folder left behind is no reason to fail a run, as for jsii's own.
        }
    }

    /** Every file under {@code from} to the same place under {@code to} (another file system, possibly). */
    private static void move(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.move(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
