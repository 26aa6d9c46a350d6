package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one lock per output folder that keeps a second synth out while one runs: the file
 * {@value #FILE_NAME} in the folder, locked by the run (an operating-system lock, which the kernel
 * releases when the process ends, however it ends) on one open channel for the whole run, and
 * removed when the run ends. It holds the run's process id, for the message of a run that waits,
 * and every user may read it (0644): a run of another user (root in a container, a CI user beside
 * it) finds out with a shared lock on a read-only channel whether it is held, and waits.
 *
 * <p>The operating system's locks on Linux are per process and per file (fcntl): closing any other
 * channel this process has open on the locked file releases the lock. So the file is never opened
 * again while it is held, and a run never locks a file that another run could have removed under
 * it: each run locks a fresh file first, under a name of its own, and then links it in place as
 * {@value #FILE_NAME}, which succeeds only when there is none. A file that is there but that no
 * process holds was left by a run that was killed; it is removed (only while it is still the file
 * that was found free) and the next attempt takes its place. Within this process, a semaphore per
 * folder does the same, so that no second channel is ever opened on a lock this process holds.
 *
 * <p>Removing a left-over file takes an exclusive lock on it, so that one run at a time does it,
 * which needs the right to write the file: its owner's runs and root's. A run of another user,
 * which may only write the folder, moves the file aside to a name of its own instead and removes
 * it there when it is the one found free; when it is not (another run removed the left-over one and
 * linked its own in the meantime), it is linked back at once.
 *
 * <p>Where the file system has no hard links (vfat, exFAT, some network and FUSE mounts), the lock
 * is {@value #FILE_NAME} itself, opened with CREATE on the run's one channel and locked there. It is
 * then never removed (only emptied when the run ends): a run that waits on the file must find the
 * same file once it is free, which a removal and a new file would break. Such a file left by a run
 * that was killed is simply locked by the next run.
 */
final class FolderLock implements AutoCloseable {

    static final String FILE_NAME = ".ai-optout.lock";
    /** A run's own file, locked before it is linked in place; removed at once either way. */
    static final String CANDIDATE_PREFIX = ".ai-optout.lock.";

    static final String CANDIDATE_SUFFIX = ".tmp";
    /** How long a run waits for another one, in seconds; {@link #DEFAULT_WAIT} when unset. */
    static final String WAIT_VARIABLE = "AI_OPTOUT_LOCK_WAIT";

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    /** The longest wait it takes: a week; far longer ones would overflow a clock's count of nanoseconds. */
    static final Duration MAX_WAIT = Duration.ofDays(7);

    private static final long POLL_MILLIS = 200;
    private static final Map<Path, Semaphore> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    /** Every user may read a lock file, to find out whether it is held and by whom. */
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path file;
    private final FileChannel channel;
    private final Semaphore local;
    /** The file this run locked (its file key), so that the run removes only that one; null when unknown. */
    private final Object key;
    /** Locked in place, where the file system has no hard links: emptied at the end, not removed. */
    private final boolean inPlace;

    private boolean released;

    private FolderLock(Path file, FileChannel channel, Semaphore local, Object key, boolean inPlace) {
        this.file = file;
        this.channel = channel;
        this.local = local;
        this.key = key;
        this.inPlace = inPlace;
    }

    /** The wait {@value #WAIT_VARIABLE} asks for, else {@link #DEFAULT_WAIT}. */
    static Duration configuredWait() {
        String value = System.getenv(WAIT_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_WAIT;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 0 && seconds <= MAX_WAIT.toSeconds()) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new OutputRefused(List.of(Problem.error(
                null,
                WAIT_VARIABLE,
                "\"" + value + "\" is not a number of seconds from 0 to " + MAX_WAIT.toSeconds() + " (7 days)",
                "give how long synth waits for another synth into the same --out, such as 60, or 0 not to wait")));
    }

    /**
     * Locks {@code folder} (an existing folder, its real path), waiting up to {@code wait} for a run
     * that holds it.
     *
     * @throws OutputRefused when another run still holds it after the wait, naming that process, or
     *     when the folder cannot hold the lock
     */
    static FolderLock acquire(Path folder, String shown, Duration wait, PrintWriter err) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore local = IN_THIS_PROCESS.computeIfAbsent(folder, f -> new Semaphore(1));
        Waiting waiting = new Waiting(shown, wait, err);
        if (!local.tryAcquire()) {
            waiting.say("this process");
            try {
                if (!local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw waiting.busy("this process");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw waiting.busy("this process");
            }
        }
        try {
            Path file = folder.resolve(FILE_NAME);
            boolean links = true;
            while (true) {
                FolderLock held;
                try {
                    held = links ? linkFresh(folder, file, shown, local) : inPlace(file, shown, local);
                } catch (NoHardLinks e) {
                    links = false;
                    continue;
                }
                if (held != null) {
                    return held;
                }
                Optional<String> holder = liveHolder(file, shown, links);
                if (holder.isEmpty()) {
                    continue; // gone, or left by a killed run and removed: try again at once
                }
                waiting.say(holder.get());
                if (System.nanoTime() - deadline >= 0) {
                    throw waiting.busy(holder.get());
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            local.release();
            throw new IOException("interrupted while waiting for the lock on " + shown, e);
        } catch (IOException | RuntimeException e) {
            local.release();
            throw e;
        }
    }

    /** {@link Files#createLink} is not supported in the folder: the lock is then taken in place. */
    private static final class NoHardLinks extends Exception {
        private static final long serialVersionUID = 1L;

        NoHardLinks(Throwable cause) {
            super(cause);
        }
    }

    /**
     * A fresh file, locked, then linked in place as the lock; null when there is a lock file already.
     * The file's own name is removed either way, so only the lock's name is left.
     *
     * @throws NoHardLinks when the folder's file system cannot link (vfat, exFAT, ...)
     */
    private static FolderLock linkFresh(Path folder, Path file, String shown, Semaphore local)
            throws IOException, NoHardLinks {
        Path candidate;
        try {
            candidate = Files.createTempFile(folder, CANDIDATE_PREFIX, CANDIDATE_SUFFIX);
        } catch (NoSuchFileException e) {
            throw e; // the folder itself is gone: the caller makes it again
        } catch (FileSystemException e) {
            throw notWritable(shown, e);
        }
        FileChannel channel = null;
        boolean linked = false;
        try {
            readableByAll(candidate);
            channel = FileChannel.open(candidate, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                return null; // cannot be: nobody else knows the name; try again
            }
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            Object key = keyOf(candidate);
            try {
                TestPoints.link(file, candidate);
            } catch (UnsupportedOperationException e) {
                throw new NoHardLinks(e);
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                throw e;
            } catch (FileSystemException e) {
                if (NO_LINKS.contains(FileErrors.reason(e).toLowerCase(Locale.ROOT))) {
                    throw new NoHardLinks(e);
                }
                throw e;
            }
            linked = true;
            return new FolderLock(file, channel, local, key, false);
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (NoSuchFileException e) {
            return null; // the lock's holder removed a leftover that was this one, before it was locked
        } finally {
            Files.deleteIfExists(candidate);
            if (!linked && channel != null) {
                channel.close();
            }
        }
    }

    /** What link(2) says where the file system has no hard links (EPERM on vfat, ENOTSUP, ENOSYS on some FUSE). */
    private static final Set<String> NO_LINKS =
            Set.of("operation not permitted", "operation not supported", "function not implemented");

    /**
     * The lock file itself, created when missing and locked on this run's channel; null when another
     * run holds it. For file systems without hard links, where nothing removes the file while runs
     * use it (see the class), so that the file a run locks is the one every other run opens.
     */
    private static FolderLock inPlace(Path file, String shown, Semaphore local) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw notWritable(shown, e);
            }
            if (probe(file).state() == State.FREE) {
                // Never removed where it is locked in place, so this user could never take it.
                throw new OutputRefused(List.of(Problem.error(
                        null,
                        "--out",
                        FileErrors.shown(Path.of(shown).resolve(FILE_NAME))
                                + " is another user's, and this user may not write it",
                        "remove it once no synth is writing there")));
            }
            return null; // held: the caller waits
        } catch (FileSystemException e) {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
                return null; // the caller says it is not a lock file
            }
            throw e;
        }
        boolean held = false;
        try {
            // 0644 as a linked lock is, whatever this run's umask: another user who cannot read it
            // would take it for held and wait, rather than be told at once that it is not theirs.
            // Only its owner can change it; another user's file stays as it is. Before the lock:
            // the change opens and closes the file, and closing any descriptor of a file drops
            // this process's locks on it (fcntl(2)); no other thread of this process locks it
            // meanwhile (the caller holds its semaphore).
            readableByAll(file);
            if (channel.tryLock() == null) {
                return null;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            held = true;
            return new FolderLock(file, channel, local, null, true);
        } finally {
            if (!held) {
                channel.close(); // this process holds no lock on the file: nothing to release
            }
        }
    }

    private static OutputRefused notWritable(String shown, IOException e) {
        return new OutputRefused(List.of(Problem.error(
                null,
                "--out",
                shown + " is not writable (" + FileErrors.reason(e) + ")",
                "choose a folder you can write to")));
    }

    /**
     * Who holds the lock file: the process id it names when a live process holds it; empty when it
     * is gone, or was left by a run that ended without removing it (then it is removed here, unless
     * {@code remove} is false: a lock taken in place is locked again, not removed).
     */
    private static Optional<String> liveHolder(Path file, String shown, boolean remove) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            throw new OutputRefused(List.of(Problem.error(
                    null,
                    "--out",
                    FileErrors.shown(Path.of(shown).resolve(FILE_NAME)) + " is not ai-optout's lock file",
                    "ai-optout keeps a lock file of that name there while it writes: remove or rename it")));
        }
        Probe seen = probe(file);
        if (seen.state() == State.HELD) {
            return Optional.of(seen.holder());
        }
        if (seen.state() == State.FREE && remove) {
            removeLeftOver(file, shown);
        }
        return Optional.empty();
    }

    private enum State {
        GONE,
        FREE,
        HELD
    }

    /** What a look at the lock file found; {@code holder} says who holds it, for a message. */
    private record Probe(State state, String holder) {}

    /** Held or free, by a shared lock on a read-only channel: all it takes, for any user. */
    private static Probe probe(Path file) throws IOException {
        try (FileChannel seen = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock free = seen.tryLock(0, Long.MAX_VALUE, true);
            if (free == null) {
                return new Probe(State.HELD, processOf(seen));
            }
            free.release();
            return new Probe(State.FREE, null);
        } catch (NoSuchFileException e) {
            return new Probe(State.GONE, null);
        } catch (AccessDeniedException e) {
            // An older ai-optout's lock file (0600) of another user: who holds it, if anyone, cannot be told.
            return new Probe(State.HELD, "a process of another user, whose lock file this user may not read");
        }
    }

    /**
     * Removes the lock file found free, one run at a time: under an exclusive lock where this user may
     * write the file, else by moving it aside ({@link #moveAside}).
     */
    private static void removeLeftOver(Path file, String shown) throws IOException {
        // An exclusive lock, so that one run at a time can find a left-over file free and remove it.
        try (FileChannel seen =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            if (seen.tryLock() != null) {
                removeIfStill(file);
            }
        } catch (NoSuchFileException e) {
            // removed by another run
        } catch (AccessDeniedException e) {
            moveAside(file, shown);
        }
    }

    /**
     * Removes the lock file while it is the one this process has just found free and locked: Java
     * refuses a second lock on a file this process holds (OverlappingFileLockException), which tells
     * it is the same file. It is removed before that second channel closes, as closing it releases
     * this process's lock (see the class). A different file is left alone (a live run's, or another
     * left-over one, which the next look finds).
     *
     * @return whether it was removed
     */
    private static boolean removeIfStill(Path file) throws IOException {
        try (FileChannel again = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            try {
                FileLock other = again.tryLock(0, Long.MAX_VALUE, true);
                if (other != null) {
                    other.release();
                }
                return false;
            } catch (OverlappingFileLockException same) {
                Files.deleteIfExists(file);
                return true;
            }
        } catch (NoSuchFileException gone) {
            return false; // removed by its run as it ended
        }
    }

    /**
     * A left-over lock file of another user, removed by one that may write the folder but not the
     * file: under a shared lock that tells nobody holds it, moved aside to a name of this run's, and
     * removed there when it is the file found free. Two such runs may find the same file free; the
     * second then moves the first one's new lock aside, and puts it back at once.
     */
    private static void moveAside(Path file, String shown) throws IOException {
        try (FileChannel seen = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock free = seen.tryLock(0, Long.MAX_VALUE, true);
            if (free == null) {
                return; // held again: the next look says by whom
            }
            Path aside = file.resolveSibling(CANDIDATE_PREFIX + UUID.randomUUID() + CANDIDATE_SUFFIX);
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                return;
            } catch (FileSystemException e) {
                // A sticky folder (as /tmp): only the file's owner may remove or rename it.
                throw new OutputRefused(List.of(Problem.error(
                        null,
                        "--out",
                        FileErrors.shown(Path.of(shown).resolve(FILE_NAME))
                                + " was left by a synth of another user that did not finish, and this user may not"
                                + " remove it (" + FileErrors.reason(e) + ")",
                        "remove it as its owner or root once no synth is writing there")));
            }
            if (removeIfStill(aside)) {
                return;
            }
            try {
                Files.createLink(file, aside); // another run's lock: back in place
            } catch (FileAlreadyExistsException e) {
                // a third run's lock took the name meanwhile; the run whose file this is removes
                // only its own file when it ends, and the folder's next run cleans this name up
                return;
            } catch (NoSuchFileException e) {
                return; // a left-over one after all, which the holder of the lock removed (Journal)
            }
            Files.deleteIfExists(aside);
        }
    }

    /** The file's identity (device and inode where the file system has them), or null. */
    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * 0644 whatever the umask (best effort: a file system without modes keeps its own). Never through
     * a symbolic link: in a folder others may write, the name could be one by now.
     */
    private static void readableByAll(Path file) {
        try {
            PosixFileAttributeView view =
                    Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                view.setPermissions(READABLE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // vfat and the like: every file is as readable as the mount says
        }
    }

    private static String processOf(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,19}") ? "process " + pid : "a process that did not say its id";
    }

    /** Whether a leftover of {@link #linkFresh} (its run killed in between) may be removed: nobody holds it. */
    static boolean isLeftOver(Path candidate) throws IOException {
        try (FileChannel seen = FileChannel.open(candidate, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock free = seen.tryLock(0, Long.MAX_VALUE, true);
            if (free != null) {
                free.release();
            }
            return free != null;
        } catch (NoSuchFileException | OverlappingFileLockException e) {
            return false;
        }
    }

    /** Removes the lock file, then releases the lock; the next run may take it from here on. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            if (inPlace) {
                channel.truncate(0); // stays: see the class
            } else if (key == null || key.equals(keyOf(file))) {
                Files.deleteIfExists(file); // while it is held, so no other run can be removing it
            }
        } finally {
            try {
                channel.close();
            } finally {
                local.release();
            }
        }
    }

    /** What a run that waits says: once that it waits, and when it gives up. */
    private static final class Waiting {
        private final String shown;
        private final Duration wait;
        private final PrintWriter err;
        private boolean said;

        Waiting(String shown, Duration wait, PrintWriter err) {
            this.shown = shown;
            this.wait = wait;
            this.err = err;
        }

        void say(String holder) {
            if (!said && !wait.isZero()) {
                said = true;
                err.println("ai-optout: another synth (" + holder + ") is writing " + shown + "; waiting up to "
                        + wait.toSeconds() + " s for it to finish");
                err.flush();
            }
        }

        OutputRefused busy(String holder) {
            return new OutputRefused(List.of(Problem.error(
                    null,
                    "--out",
                    "another synth (" + holder + ") is writing " + shown
                            + (wait.isZero() ? "" : " and still was after " + wait.toSeconds() + " s"),
                    "run again once it has finished; " + WAIT_VARIABLE + " sets how many seconds to wait (now "
                            + wait.toSeconds() + ")")));
        }
    }
}
