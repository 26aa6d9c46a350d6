package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aioptout.output.OtherUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source launcher's build lock where it is not this user's to take as it would like: a lock
 * file of another user (root ran {@code ./ai-optout} once), and, without flock(1), a lock folder
 * left by a launcher that is gone or that cannot be checked. In a small checkout of the launcher,
 * this build's jar (linked, never changed) and its runtime folder: the jar is fresh, so no launcher
 * builds, and each runs {@code --version}.
 */
class LauncherLockTest {

    @TempDir
    Path dir;

    private Path checkout;

    @BeforeEach
    void checkout() throws IOException {
        Path root = E2e.root();
        Path target = root.resolve("main/target");
        TerraformTools.require(
                Files.isRegularFile(target.resolve("ai-optout.jar")),
                "main/target/ai-optout.jar is missing: build with mvn package");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        checkout = dir.resolve("checkout");
        Path copy = Files.createDirectories(checkout.resolve("main/target"));
        Files.copy(root.resolve("ai-optout"), checkout.resolve("ai-optout"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(root.resolve("pom.xml"), checkout.resolve("pom.xml"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(root.resolve("main/pom.xml"), checkout.resolve("main/pom.xml"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String file : List.of("ai-optout.jar", "ai-optout.jsa")) {
            if (Files.exists(target.resolve(file))) {
                E2e.linkOrCopy(target.resolve(file), copy.resolve(file));
            }
        }
        E2e.copyTree(
                target.resolve("runtime"),
                copy.resolve("runtime"),
                relative -> false,
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    /**
     * {@code sudo ./ai-optout} once leaves root's lock file in the owner's checkout: the owner's
     * launcher opens it for reading (flock needs no more) and runs. One that may not even read it
     * says so in one line naming it, and runs a fresh jar; a stale one it refuses to build.
     */
    @Test
    void anotherUsersLockFileDoesNotStopTheOwnersLauncher() throws Exception {
        List<String> asOwner = OtherUser.prefix("the other user's lock file test");
        assumeTrue(!asOwner.isEmpty(), "not root: the lock file of another user needs root to make it");
        assumeTrue(TerraformTools.onPath("flock").isPresent(), "no flock(1) here: the flock lock is not used");
        chownTree(checkout, "nobody");
        Path lock = checkout.resolve("main/target/.ai-optout-build.lock");

        Run root = run(List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh"), Map.of());
        assertThat(root.exit()).as(root.err()).isZero();
        assertThat(Files.getOwner(lock).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)))
                .as("the lock file a launcher makes, whatever its umask")
                .isEqualTo("rw-r--r--");

        Run owner = run(asOwner, Map.of());
        assertThat(owner.exit()).as(owner.err()).isZero();
        assertThat(owner.out()).startsWith("ai-optout ");
        assertThat(owner.err()).isEmpty();

        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-------"));
        Run unreadable = run(asOwner, Map.of());
        assertThat(unreadable.exit()).as(unreadable.err()).isZero();
        assertThat(unreadable.out()).startsWith("ai-optout ");
        assertThat(unreadable.err())
                .isEqualTo("ai-optout: cannot open the build lock " + lock
                        + " (another user's): running the jar without it\n");

        Path source = Files.createDirectories(checkout.resolve("main/src"));
        Files.writeString(source.resolve("Newer.java"), "");
        Run stale = run(asOwner, Map.of());
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.err())
                .isEqualTo("ai-optout: " + checkout.resolve("main/target/ai-optout.jar")
                        + " is missing or older than its sources, and this user cannot open the build lock " + lock
                        + " to build it (another user's; remove it, or build as that user)\n");
    }

    /**
     * Without flock(1): a lock folder whose launcher has ended is removed, also when its pid is
     * in use again by a later process (a container's next pid 1, a reboot), told apart by the
     * process's start; and so is one whose pid file stayed empty (killed between the two steps).
     */
    @Test
    void withoutFlockALockFolderOfALauncherThatHasEndedIsRemoved() throws Exception {
        Map<String, String> noFlock = noFlock();
        Path lockDir = checkout.resolve("main/target/.ai-optout-build.lock.d");
        long started = System.nanoTime();
        for (String holder : List.of(
                "1 " + pidSpace() + " 0", // pid 1 runs, but started before: another one
                "999999 " + pidSpace() + " 12345",
                "999999", // an older launcher's: only the pid
                "")) {
            Files.createDirectories(lockDir);
            Files.writeString(lockDir.resolve("pid"), holder.isEmpty() ? "" : holder + "\n");

            Run run = run(List.of(), noFlock);
            assertThat(run.exit()).as(holder + ": " + run.err()).isZero();
            assertThat(run.out()).startsWith("ai-optout ");
            assertThat(lockDir).doesNotExist();
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                .as("seconds: only the empty pid file is waited for, a few seconds")
                .isLessThan(30);
    }

    /**
     * Without flock(1): a holder this launcher can check is waited for while it runs, however long
     * (as flock would); one it cannot check (another pid namespace: a container) only up to
     * AI_OPTOUT_LOCK_WAIT seconds, and then the folder to remove is named.
     */
    @Test
    void withoutFlockALiveHolderIsWaitedForAndOneThatCannotBeCheckedForAWhile() throws Exception {
        Map<String, String> noFlock = new HashMap<>(noFlock());
        noFlock.put("AI_OPTOUT_LOCK_WAIT", "1");
        Path lockDir = checkout.resolve("main/target/.ai-optout-build.lock.d");
        Files.createDirectories(lockDir);
        Process holder = new ProcessBuilder("sleep", "4").start();
        try {
            Files.writeString(
                    lockDir.resolve("pid"), holder.pid() + " " + pidSpace() + " " + start(holder.pid()) + "\n");
            long started = System.nanoTime();
            Run waited = run(List.of(), noFlock);
            assertThat(waited.exit()).as(waited.err()).isZero();
            assertThat(waited.err()).isEqualTo("ai-optout: waiting for the build of process " + holder.pid() + "...\n");
            assertThat(holder.isAlive()).isFalse();
            assertThat(System.nanoTime() - started).isGreaterThan(TimeUnit.SECONDS.toNanos(2));
        } finally {
            holder.destroyForcibly();
        }

        Files.createDirectories(lockDir);
        String[] space = pidSpace().split(" ");
        Files.writeString(lockDir.resolve("pid"), "1 " + space[0] + " pid:[1] 5\n");
        Run elsewhere = run(List.of(), noFlock);
        assertThat(elsewhere.exit()).isEqualTo(2);
        assertThat(elsewhere.err().lines())
                .containsExactly(
                        "ai-optout: waiting for the build of process 1...",
                        "ai-optout: waited 1 s for the build lock " + lockDir + " of process 1, which this launcher"
                                + " cannot tell running or ended (another container, boot or host?): if no build is"
                                + " running, remove it (rm -rf '" + lockDir + "'); AI_OPTOUT_LOCK_WAIT sets how many"
                                + " seconds to wait (now 1)");
        assertThat(lockDir).exists();

        noFlock.put("AI_OPTOUT_LOCK_WAIT", "soon");
        Run bad = run(List.of(), noFlock);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err())
                .isEqualTo("ai-optout: AI_OPTOUT_LOCK_WAIT: \"soon\" is not a number of seconds from 0 to 604800"
                        + " (7 days): give how long to wait for another launcher's build lock, such as 60\n");
    }

    /** Without flock(1): another user's lock folder of a launcher that has ended, which this user cannot remove. */
    @Test
    void withoutFlockAnotherUsersLeftoverIsNamedWhenItCannotBeRemoved() throws Exception {
        List<String> asOwner = OtherUser.prefix("the other user's lock folder test");
        assumeTrue(!asOwner.isEmpty(), "not root: the lock folder of another user needs root to make it");
        chownTree(checkout, "nobody");
        Path lockDir = checkout.resolve("main/target/.ai-optout-build.lock.d");
        Files.createDirectories(lockDir);
        Files.writeString(lockDir.resolve("pid"), "999999 " + pidSpace() + " 12345\n");

        Run owner = run(asOwner, noFlock());
        assertThat(owner.exit()).isEqualTo(2);
        assertThat(owner.err())
                .isEqualTo("ai-optout: the build lock " + lockDir + " is left by a launcher that has ended, and this"
                        + " user cannot remove it: remove it as its owner or root (rm -rf '" + lockDir + "')\n");
    }

    /** A PATH without flock(1): the programs the launcher uses besides it, and java. */
    private Map<String, String> noFlock() throws IOException {
        Path bin = dir.resolve("no-flock");
        if (!Files.isDirectory(bin)) {
            List<String> programs = new ArrayList<>(E2e.LAUNCHER_TOOLS);
            programs.addAll(List.of("cat", "head", "sleep", "cut", "sed", "ps"));
            E2e.toolsFolder(bin, false, programs);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return Map.of("PATH", bin.toString());
    }

    /** The boot and pid namespace the launcher records (Linux's /proc; the test is skipped without it). */
    private static String pidSpace() throws IOException {
        Path boot = Path.of("/proc/sys/kernel/random/boot_id");
        assumeTrue(Files.isReadable(boot), "no /proc: the launcher records processes as ps says, not tested here");
        return Files.readString(boot).strip() + " " + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
    }

    /** When the process started, in clock ticks after the boot (/proc/PID/stat's 22nd field). */
    private static String start(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19];
    }

    /** What a launcher printed, and its exit code. */
    record Run(int exit, String out, String err) {}

    /** {@code ./ai-optout --version} in the checkout, as the user of the prefix, with these variables. */
    Run run(List<String> user, Map<String, String> variables) throws Exception {
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of(checkout.resolve("ai-optout").toString(), "--version"));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(checkout.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("HOME", dir.resolve("no-home").toString());
        builder.environment().putAll(variables);
        Process launcher = builder.start();
        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(launcher.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void chownTree(Path top, String name) throws IOException {
        UserPrincipal user = top.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        try (Stream<Path> files = Files.walk(top)) {
            for (Path file : files.toList()) {
                if (!Files.isSymbolicLink(file)
                        && !file.getFileName().toString().startsWith("ai-optout.j")) {
                    Files.setOwner(file, user);
                }
            }
        }
    }
}
