package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one lock per output folder that keeps a second synth out while one runs: the file
 * {@value #FILE_NAME} in the folder, locked by the run (an operating-system lock, which the kernel
 * releases when the process ends, however it ends) on one open channel for the whole run, and
 * removed when the run ends. It holds the run's process id, for the message of a run that waits.
 *
 * <p>The operating system's locks on Linux are per process and per file (fcntl): closing any other
 * channel this process has open on the locked file releases the lock. So the file is never opened
 * again while it is held, and a run never locks a file that another run could have removed under
 * it: each run locks a fresh file first, under a name of its own, and then links it in place as
 * {@value #FILE_NAME}, which succeeds only when there is none. A file that is there but that no
 * process holds was left by a run that was killed; it is removed (only while it is still the file
 * that was found free) and the next attempt takes its place. Within this process, a semaphore per
 * folder does the same, so that no second channel is ever opened on a lock this process holds.
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

    private final Path file;
    private final FileChannel channel;
    private final Semaphore local;
    private boolean released;

    private FolderLock(Path file, FileChannel channel, Semaphore local) {
        this.file = file;
        this.channel = channel;
        this.local = local;
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
            while (true) {
                FileChannel held = linkFresh(folder, file, shown);
                if (held != null) {
                    return new FolderLock(file, held, local);
                }
                Optional<String> holder = liveHolder(file, shown);
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

    /**
     * A fresh file, locked, then linked in place as the lock; null when there is a lock file already.
     * The file's own name is removed either way, so only the lock's name is left.
     */
    private static FileChannel linkFresh(Path folder, Path file, String shown) throws IOException {
        Path candidate;
        try {
            candidate = Files.createTempFile(folder, CANDIDATE_PREFIX, CANDIDATE_SUFFIX);
        } catch (NoSuchFileException e) {
            throw e; // the folder itself is gone: the caller makes it again
        } catch (FileSystemException e) {
            throw new OutputRefused(List.of(Problem.error(
                    null,
                    "--out",
                    shown + " is not writable (" + FileErrors.reason(e) + ")",
                    "choose a folder you can write to")));
        }
        FileChannel channel = null;
        boolean linked = false;
        try {
            channel = FileChannel.open(candidate, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                return null; // cannot be: nobody else knows the name; try again
            }
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            Files.createLink(file, candidate);
            linked = true;
            return channel;
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

    /**
     * Who holds the lock file: the process id it names when a live process holds it; empty when it
     * is gone, or was left by a run that ended without removing it (then it is removed here).
     */
    private static Optional<String> liveHolder(Path file, String shown) throws IOException {
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
        // An exclusive lock, so that one run at a time can find a left-over file free and remove it.
        try (FileChannel seen =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock free = seen.tryLock();
            if (free == null) {
                return Optional.of(processOf(seen));
            }
            removeIfStill(file);
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the lock file while it is the one this process has just found free and locked: Java
     * refuses a second lock on a file this process holds (OverlappingFileLockException), which tells
     * it is the same file. A different file is left alone (a live run's, or another left-over one,
     * which the next look finds).
     */
    private static void removeIfStill(Path file) throws IOException {
        try (FileChannel again =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock other = again.tryLock();
            if (other != null) {
                other.release();
            }
        } catch (OverlappingFileLockException same) {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException gone) {
            // removed by its run as it ended
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
            Files.deleteIfExists(file); // while it is held, so no other run can be removing it
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
