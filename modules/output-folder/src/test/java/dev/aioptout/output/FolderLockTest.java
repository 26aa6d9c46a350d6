package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time per output folder, in this process and across processes: a second run waits a
 * bounded time and then stops as bad input naming the process that holds the folder, or runs after
 * it; the lock is released when its process dies, however it dies; and only then is what that run
 * left rolled back. The other process is a real JVM ({@link HoldFolder}), stopped with real signals.
 */
class FolderLockTest {

    private static final Duration NO_WAIT = Duration.ZERO;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private Publisher open(Path out, Duration wait) throws Exception {
        return Publisher.open(out, new PrintWriter(err, true), wait);
    }

    private static String refusal(Throwable e) {
        assertThat(e).isInstanceOf(OutputRefused.class);
        return ((OutputRefused) e).problems().get(0).format();
    }

    @Test
    void aSecondRunInThisProcessWaitsThenStopsNamingTheFolderAndLeavesTheFirstAlone() throws Exception {
        Path out = dir.resolve("out");
        try (Publisher first = open(out, NO_WAIT)) {
            Files.writeString(first.scratch().resolve("a.txt"), "first\n");
            Map<String, String> during = FolderTree.of(out);
            long started = System.nanoTime();
            assertThatThrownBy(() -> open(out, Duration.ofSeconds(1)))
                    .satisfies(e -> assertThat(refusal(e))
                            .isEqualTo("error: --out: another synth (this process) is writing " + out
                                    + " and still was after 1 s (run again once it has finished;"
                                    + " AI_OPTOUT_LOCK_WAIT sets how many seconds to wait (now 1))"));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
            assertThat(err.toString())
                    .contains("another synth (this process) is writing " + out + "; waiting up to 1 s");
            assertThat(FolderTree.of(out)).isEqualTo(during);
            first.publish();
        }
        assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", OwnedFiles.FILE_NAME);
        open(out, NO_WAIT).close(); // free again
    }

    @Test
    void aRunThatWaitsRunsAsSoonAsTheOneBeforeItHasFinished() throws Exception {
        Path out = dir.resolve("out");
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            Future<Void> after;
            try (Publisher first = open(out, NO_WAIT)) {
                Files.writeString(first.scratch().resolve("a.txt"), "first\n");
                after = second.submit(() -> {
                    try (Publisher p = open(out, Duration.ofSeconds(60))) {
                        Files.writeString(p.scratch().resolve("a.txt"), "second\n");
                        p.publish();
                    }
                    return null;
                });
                Thread.sleep(500);
                assertThat(after).isNotDone();
                first.publish();
            }
            after.get(60, TimeUnit.SECONDS);
        } finally {
            second.shutdownNow();
        }
        assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", OwnedFiles.FILE_NAME);
        assertThat(out.resolve("a.txt")).hasContent("second");
    }

    /**
     * The bug this replaces: the run opened a second channel on its own lock file and closed it,
     * which released its lock (POSIX locks are per process), so another process got in.
     */
    @Test
    void anotherProcessIsKeptOutForTheWholeRunAndGetsInOnceItEnds() throws Exception {
        Path out = dir.resolve("out");
        try (Publisher run = open(out, NO_WAIT)) {
            Files.writeString(run.scratch().resolve("a.txt"), "mine\n");
            try (Child other = Child.start(out, 0, false)) {
                assertThat(other.finish()).isEqualTo(2);
                assertThat(other.output())
                        .contains("error: --out: another synth (process "
                                + ProcessHandle.current().pid() + ") is writing " + out);
            }
            run.publish();
            try (Child other = Child.start(out, 0, false)) {
                assertThat(other.finish()).as(other.output()).isEqualTo(2);
            }
        }
        try (Child other = Child.start(out, 0, false)) {
            other.await("held");
            assertThat(other.finish()).isZero();
        }
        assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", OwnedFiles.FILE_NAME);
    }

    @Test
    void aStoppedRunIsNeverRolledBackAndAKilledOneIs() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "the user's\n");
        Map<String, String> before = FolderTree.of(out);
        try (Child other = Child.start(
                out, 0, true, "-D" + TestPoints.PAUSE + "=moved-1", "-D" + TestPoints.PAUSE_MILLIS + "=120000")) {
            other.await("ai-optout: test pause at moved-1");
            other.signal("STOP");
            Map<String, String> halfway = FolderTree.of(out);
            assertThat(halfway).containsKey("a.txt").doesNotContainKey("b.txt");
            assertThat(halfway.keySet()).anyMatch(k -> k.startsWith(Publisher.STAGING_PREFIX));

            assertThatThrownBy(() -> open(out, Duration.ofSeconds(1)))
                    .satisfies(e -> assertThat(refusal(e)).contains("another synth (process " + other.pid() + ")"));
            assertThat(err.toString()).doesNotContain("rolled back");
            assertThat(FolderTree.of(out)).isEqualTo(halfway);

            other.process.destroyForcibly(); // SIGKILL: the kernel releases its lock
            other.process.waitFor(60, TimeUnit.SECONDS);
        }
        try (Publisher next = open(out, NO_WAIT)) {
            assertThat(err.toString()).contains("ai-optout: rolled back an interrupted synth in this folder");
            assertThat(FolderTree.of(out).keySet())
                    .containsOnly(
                            "notes.txt",
                            FolderLock.FILE_NAME,
                            next.scratch().getParent().getFileName() + ".lock",
                            next.scratch().getParent().getFileName() + "/",
                            next.scratch().getParent().getFileName() + "/new/");
        }
        assertThat(FolderTree.of(out)).isEqualTo(before);
    }

    /** Another user's run reads the lock to wait for it (SharedFolderTest runs one as nobody). */
    @Test
    void theLockFileIsReadableByEveryUser() throws Exception {
        Path out = dir.resolve("out");
        try (Publisher run = open(out, NO_WAIT)) {
            Path lock = out.resolve(FolderLock.FILE_NAME);
            assertThat(Files.getPosixFilePermissions(lock)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
            // (Not read here: closing a second channel on it would release this process's lock.)
        }
    }

    /**
     * ai-optout before the folder's lock (065a31c) rolls back a staging folder unless a lock file
     * beside it, {@code <staging>.lock}, is held: a run holds one, which that version's own test
     * (an exclusive lock on it) finds held, and removes it when it ends.
     */
    @Test
    void aRunHoldsALockFileBesideItsStagingFolderForOlderVersions() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (Child other = Child.start(
                out, 0, true, "-D" + TestPoints.PAUSE + "=moved-1", "-D" + TestPoints.PAUSE_MILLIS + "=120000")) {
            other.await("ai-optout: test pause at moved-1");
            List<Path> staging;
            try (Stream<Path> list = Files.list(out)) {
                staging = list.filter(p -> p.getFileName().toString().startsWith(Publisher.STAGING_PREFIX))
                        .filter(Files::isDirectory)
                        .toList();
            }
            assertThat(staging).hasSize(1);
            Path beside = staging.get(0).resolveSibling(staging.get(0).getFileName() + ".lock");
            assertThat(beside).isRegularFile();
            try (FileChannel older = FileChannel.open(beside, StandardOpenOption.WRITE)) {
                assertThat(older.tryLock()).as("the older version's test: held").isNull();
            }
            assertThat(FolderLock.isLeftOver(beside)).isFalse();
            other.process.destroyForcibly();
            other.process.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(FolderTree.of(out).keySet()).anyMatch(p -> p.endsWith(".lock") && !p.equals(FolderLock.FILE_NAME));
        open(out, Duration.ofSeconds(5)).close();
        assertThat(FolderTree.of(out))
                .as("rolled back, and nothing of ai-optout's left")
                .isEmpty();
    }

    /**
     * A run of another user (a CI job beside root's container job) may read the lock file but not
     * write it: it waits for the run that holds the folder, naming its process, and runs as soon as
     * that one has finished; a lock file that a killed run of root left, it takes over. Run as nobody
     * where this is root and can switch user.
     */
    @Test
    void aRunOfAnotherUserWaitsForTheLockAndTakesOverALeftOverOne() throws Exception {
        List<String> nobody = OtherUser.prefix("the lock test with another user");
        assumeTrue(!nobody.isEmpty(), "not root: this user cannot make a file that another user may only read");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classPath = Child.readableClassPath(dir.resolve("classes"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        String pid = Long.toString(ProcessHandle.current().pid());
        try (Publisher run = open(out, NO_WAIT)) {
            Files.writeString(run.scratch().resolve("root.txt"), "root's\n");
            try (Child other = Child.startAs(nobody, classPath, out, 60, true)) {
                other.await("ai-optout: another synth (process " + pid + ") is writing " + out
                        + "; waiting up to 60 s for it to finish");
                assertThat(other.process.isAlive()).as("waits").isTrue();
                run.publish();
                run.close();
                other.await("published");
                assertThat(other.finish()).as(other.output()).isZero();
            }
        }
        assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", "b.txt", OwnedFiles.FILE_NAME);

        // Left by a run of root that was killed: root's, every user may read it, nobody holds it.
        Path left = Files.writeString(out.resolve(FolderLock.FILE_NAME), "1\n");
        Files.setPosixFilePermissions(left, PosixFilePermissions.fromString("rw-r--r--"));
        try (Child other = Child.startAs(nobody, classPath, out, 0, true)) {
            other.await("published");
            assertThat(other.finish()).as(other.output()).isZero();
        }
        assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", "b.txt", OwnedFiles.FILE_NAME);
    }

    /**
     * Where the file system has no hard links (vfat, exFAT: link(2) fails with EPERM, injected here
     * through {@link TestPoints#NO_HARD_LINKS}, as this container cannot mount one), the lock is the
     * lock file itself, locked in place: another process, with or without hard links, is kept out
     * for the whole run; a stopped run is never rolled back and a killed one is; the file stays,
     * empty, between runs.
     */
    @Test
    void withoutHardLinksTheLockIsTakenInPlaceWithTheSameGuarantees() throws Exception {
        String noLinks = "-D" + TestPoints.NO_HARD_LINKS + "=true";
        System.setProperty(TestPoints.NO_HARD_LINKS, "true");
        try {
            Path out = dir.resolve("out");
            String pid = Long.toString(ProcessHandle.current().pid());
            try (Publisher run = open(out, NO_WAIT)) {
                Files.writeString(run.scratch().resolve("a.txt"), "mine\n");
                assertThat(out.resolve(FolderLock.FILE_NAME)).isRegularFile();
                for (String[] mode : List.of(new String[] {noLinks}, new String[0])) {
                    try (Child other = Child.start(out, 0, false, mode)) {
                        assertThat(other.finish()).as(other.output()).isEqualTo(2);
                        assertThat(other.output())
                                .contains("error: --out: another synth (process " + pid + ") is writing " + out);
                    }
                }
                run.publish();
            }
            assertThat(FolderTree.of(out)).containsOnlyKeys("a.txt", OwnedFiles.FILE_NAME, FolderLock.FILE_NAME);
            assertThat(out.resolve(FolderLock.FILE_NAME)).isEmptyFile();
            Map<String, String> before = FolderTree.of(out);

            try (Child other = Child.start(
                    out,
                    0,
                    true,
                    noLinks,
                    "-D" + TestPoints.PAUSE + "=moved-1",
                    "-D" + TestPoints.PAUSE_MILLIS + "=120000")) {
                other.await("ai-optout: test pause at moved-1");
                other.signal("STOP");
                Map<String, String> halfway = FolderTree.of(out);
                assertThat(halfway).isNotEqualTo(before);
                assertThatThrownBy(() -> open(out, Duration.ofSeconds(1)))
                        .satisfies(e -> assertThat(refusal(e)).contains("another synth (process " + other.pid() + ")"));
                assertThat(FolderTree.of(out)).isEqualTo(halfway);
                other.process.destroyForcibly();
                other.process.waitFor(60, TimeUnit.SECONDS);
            }
            open(out, Duration.ofSeconds(5)).close();
            assertThat(err.toString()).contains("ai-optout: rolled back an interrupted synth in this folder");
            assertThat(FolderTree.of(out)).isEqualTo(before);
        } finally {
            System.clearProperty(TestPoints.NO_HARD_LINKS);
        }
    }

    /**
     * The lock file a run makes in place (no hard links) is 0644 as the linked one is, whatever the
     * run's umask (077 here, common for root and hardened CI): another user can then read it, and is
     * told at once that it is another user's file rather than waiting for a run that is not there
     * (review2 finding 5).
     */
    @Test
    void aLockFileMadeInPlaceIsReadableByAllWhateverTheUmask() throws Exception {
        Path out = dir.resolve("out");
        try (Child run = Child.startAs(
                List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\""),
                System.getProperty("java.class.path"),
                out,
                0,
                true,
                "-D" + TestPoints.NO_HARD_LINKS + "=true")) {
            run.await("published");
            assertThat(Files.getPosixFilePermissions(out.resolve("a.txt")))
                    .as("the umask applies to what the run writes")
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(out.resolve(FolderLock.FILE_NAME)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(run.finish()).as(run.output()).isZero();
        }
        assertThat(Files.getPosixFilePermissions(out.resolve(FolderLock.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void theLockOfAKilledRunAndLeftOverFilesAreTakenOverAtOnce() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (Child other = Child.start(out, 0, false)) {
            other.await("held");
            other.process.destroyForcibly();
            other.process.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(out.resolve(FolderLock.FILE_NAME)).exists();
        Files.writeString(out.resolve(FolderLock.CANDIDATE_PREFIX + "123" + FolderLock.CANDIDATE_SUFFIX), "");
        // What an older ai-optout left: a staging folder with a lock file of its own beside it, and a lone one.
        Files.createDirectories(out.resolve(Publisher.STAGING_PREFIX + "1/new"));
        Files.writeString(out.resolve(Publisher.STAGING_PREFIX + "1.lock"), "");
        Files.writeString(out.resolve(Publisher.STAGING_PREFIX + "2.lock"), "");
        long started = System.nanoTime();
        open(out, Duration.ofSeconds(30)).close();
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(FolderTree.of(out)).isEmpty();
    }

    @Test
    void somethingElseWhereTheLockFileGoesStopsTheRun() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createDirectory(out.resolve(FolderLock.FILE_NAME));
        Map<String, String> before = FolderTree.of(dir);
        assertThatThrownBy(() -> open(out, NO_WAIT))
                .satisfies(e -> assertThat(refusal(e))
                        .isEqualTo("error: --out: " + out.resolve(FolderLock.FILE_NAME)
                                + " is not ai-optout's lock file (ai-optout keeps a lock file of that name there while it"
                                + " writes: remove or rename it)"));
        Files.delete(out.resolve(FolderLock.FILE_NAME));
        Files.createSymbolicLink(out.resolve(FolderLock.FILE_NAME), dir.resolve("elsewhere"));
        assertThatThrownBy(() -> open(out, NO_WAIT)).isInstanceOf(OutputRefused.class);
        assertThat(dir.resolve("elsewhere")).doesNotExist();
        Files.delete(out.resolve(FolderLock.FILE_NAME));
        Files.createDirectory(out.resolve(FolderLock.FILE_NAME));
        assertThat(FolderTree.of(dir)).isEqualTo(before);
    }

    @Test
    void sixRunsAtOnceEachPublishInTurn() throws Exception {
        Path out = dir.resolve("out");
        ExecutorService runs = Executors.newFixedThreadPool(6);
        List<Future<Void>> all = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String n = Integer.toString(i);
                all.add(runs.submit(() -> {
                    try (Publisher p = open(out, Duration.ofSeconds(60))) {
                        Files.writeString(p.scratch().resolve("run.txt"), n);
                        Files.writeString(p.scratch().resolve("run-" + n + ".txt"), n);
                        p.publish();
                    }
                    return null;
                }));
            }
            for (Future<Void> run : all) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            runs.shutdownNow();
        }
        // The last run's files, its record, and nothing else: each run removed the one before's file.
        String last = Files.readString(out.resolve("run.txt"));
        assertThat(FolderTree.of(out)).containsOnlyKeys("run.txt", "run-" + last + ".txt", OwnedFiles.FILE_NAME);
    }
}
