package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report output: a regular file is replaced whole (no temporary file left, sensible permissions);
 * standard output, a device and a named pipe are written in place and stay what they were; a link
 * to anything else and a folder are refused; a reason the user can fix is bad input naming the path.
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsReadableLikeAnyOtherNewFileAndNothingElseIsLeft() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // what the umask gives a new file
        Path report = dir.resolve("reports/report.json");
        AtomicFiles.write(report, "{}\n");
        assertThat(Files.readString(report)).isEqualTo("{}\n");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var left = Files.list(report.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    /**
     * SIGTERM while a report's temporary file is written (the run paused there): the JVM ends
     * through its shutdown hooks, not the writing thread's clean-up, and the folder is as it was,
     * with the old report and nothing beside it.
     */
    @Test
    void aRunStoppedBySigtermWhileWritingAReportLeavesNoTemporaryFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("reports"));
        Path report = Files.writeString(folder.resolve("report.json"), "old\n");
        stopWithSigtermAtTheFirstReport(List.of(report.toString(), "new\n"), () -> {
            try (var during = Files.list(folder)) {
                assertThat(during.map(p -> p.getFileName().toString()))
                        .as("the new report, written beside the old one")
                        .hasSize(2)
                        .anyMatch(name -> name.startsWith(".report.json.") && name.endsWith(".tmp"));
            }
        });
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
        assertThat(report).hasContent("old");
    }

    /**
     * SIGTERM while a set of reports is written into folders the set makes (the run paused at its
     * first temporary file): the shutdown hook removes the temporary file and then those folders,
     * the deepest first, so the folder is as it was (review2 finding 6); the same for one report
     * written alone. A folder that was there before stays.
     */
    @Test
    void aRunStoppedBySigtermWhileWritingLeavesNoFolderItMade() throws Exception {
        Path before = Files.createDirectories(dir.resolve("there"));
        List<List<String>> runs = List.of(
                List.of(
                        before.resolve("new/sub/plan.txt").toString(),
                        "plan\n",
                        before.resolve("new/sub/plan.json").toString(),
                        "{}\n"),
                List.of(before.resolve("one/sub/report.txt").toString(), "report\n"));
        for (List<String> outputs : runs) {
            stopWithSigtermAtTheFirstReport(outputs, () -> {
                try (var during = Files.list(Path.of(outputs.get(0)).getParent())) {
                    assertThat(during.map(p -> p.getFileName().toString()))
                            .as("the first report's temporary file, in the folders made for it")
                            .singleElement()
                            .matches(name -> name.endsWith(".tmp"));
                }
            });
            try (var left = Files.list(before)) {
                assertThat(left).as("what is left in " + before).isEmpty();
            }
        }
    }

    /** What the test looks at while the run is paused. */
    private interface WhilePaused {
        void check() throws IOException;
    }

    /**
     * Runs {@link WriteReport} with these arguments in a JVM of its own, paused at its first
     * temporary file; checks what is there then, and stops it with SIGTERM: it ends with 143.
     */
    private static void stopWithSigtermAtTheFirstReport(List<String> args, WhilePaused whilePaused) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + TestPoints.PAUSE + "=report-written",
                WriteReport.class.getName()));
        command.addAll(args);
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProcessLines lines = new ProcessLines(run);
        try {
            lines.await("ai-optout: test pause at report-written");
            whilePaused.check();
            ProcessLines.signal(run, "TERM");
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyForcibly();
        }
        assertThat(run.exitValue()).as(lines.all()).isEqualTo(143);
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path report = Files.writeString(dir.resolve("report.txt"), "old");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(report, ownerOnly);
        AtomicFiles.write(report, "new");
        assertThat(Files.readString(report)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(ownerOnly);
        assertThat(AtomicFiles.writesInPlace(report)).isFalse();
    }

    @Test
    void aFolderThatIsAFileIsOneSentence() throws IOException {
        Files.writeString(dir.resolve("file"), "");
        assertThat(refusal(() -> AtomicFiles.write(dir.resolve("file/report.txt"), "x")))
                .isEqualTo("error: cannot write " + dir.resolve("file/report.txt") + ": " + dir.resolve("file")
                        + " is a file, not a folder (name a file in a folder)");
    }

    @Test
    void dashAndDevStdoutAreTheCommandsStandardOutput() throws IOException {
        for (String name : new String[] {"-", "/dev/stdout", "/dev/fd/1"}) {
            StringWriter out = new StringWriter();
            AtomicFiles.writeOrPrint(Path.of(name), "report\n", new PrintWriter(out));
            assertThat(out).hasToString("report\n");
            assertThat(AtomicFiles.writesInPlace(Path.of(name))).isTrue();
        }
        assertThat(Path.of("-")).doesNotExist();
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
    }

    @Test
    void aNamedPipeIsWrittenInPlaceAndStaysAPipe() throws Exception {
        Path fifo = dir.resolve("report.fifo");
        CompletableFuture<String> read = SpecialFiles.pipeReadBy(fifo);
        AtomicFiles.write(fifo, "through the pipe\n");
        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("through the pipe\n");
        assertThat(SpecialFiles.kind(fifo)).isEqualTo("other");
        assertThat(AtomicFiles.writesInPlace(fifo)).isTrue();
        assertThat(FolderTree.of(dir)).containsOnlyKeys("report.fifo");
    }

    @Test
    void aDeviceIsWrittenInPlaceAndStaysADevice() throws Exception {
        Path device = SpecialFiles.nullDevice(dir.resolve("null-device"));
        AtomicFiles.write(device, "into the device\n");
        assertThat(SpecialFiles.kind(device)).isEqualTo("other");
        assertThat(Files.size(device)).isZero();
        // Through a link too: the link stays a link.
        Path link = Files.createSymbolicLink(dir.resolve("link"), device);
        AtomicFiles.write(link, "through the link\n");
        assertThat(SpecialFiles.kind(link)).isEqualTo("link");
        assertThat(SpecialFiles.kind(device)).isEqualTo("other");
        assertThat(FolderTree.of(dir)).containsOnlyKeys("null-device", "link");
    }

    @Test
    void aFullDiskIsBadInputWithTheReason() {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        // /dev/full is a device that answers every write with ENOSPC, as a full disk does.
        assertThat(refusal(() -> AtomicFiles.write(Path.of("/dev/full"), "x")))
                .isEqualTo("error: cannot write /dev/full: no space left on device (free some space on that file"
                        + " system, or write somewhere else)");
    }

    @Test
    void aFolderWhereTheFileCannotBeWrittenIsBadInputWithTheReason() throws IOException {
        Path locked;
        if ("root".equals(System.getProperty("user.name"))) {
            locked = Path.of("/sys/kernel"); // permissions do not stop root; sysfs refuses new entries to everyone
        } else {
            locked = Files.createDirectory(dir.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        assertThat(refusal(() -> AtomicFiles.write(locked.resolve("report.txt"), "x")))
                .startsWith("error: cannot write " + locked.resolve("report.txt") + ": permission denied (check who"
                        + " owns the folder and its permissions");
    }

    @Test
    void linksToFilesOrNothingAndFoldersAreRefusedAndLeftAsTheyWere() throws IOException {
        Path target = Files.writeString(dir.resolve("target.txt"), "theirs");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), target);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("nothing"));
        Path folderLink = Files.createSymbolicLink(dir.resolve("folder-link"), Files.createDirectory(dir.resolve("f")));
        Map<String, String> before = FolderTree.of(dir);
        assertThat(refusal(() -> AtomicFiles.write(link, "x")))
                .isEqualTo("error: " + link + " is a symbolic link to a file (ai-optout replaces a report file whole"
                        + " and does not write through links: name the file itself, or remove the link)");
        assertThat(refusal(() -> AtomicFiles.write(dangling, "x")))
                .contains(dangling + " is a symbolic link to nothing");
        assertThat(refusal(() -> AtomicFiles.write(folderLink, "x")))
                .contains(folderLink + " is a symbolic link to a folder");
        assertThat(refusal(() -> AtomicFiles.write(dir.resolve("f"), "x"))).contains(dir.resolve("f") + " is a folder");
        assertThat(FolderTree.of(dir)).isEqualTo(before);
        assertThat(AtomicFiles.writesInPlace(link)).isFalse();
    }

    @Test
    void aCheckBeforeTheWorkFindsWhatWriteWouldRefuseAndChangesNothing() throws IOException {
        Path target = Files.writeString(dir.resolve("target.txt"), "theirs");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), target);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path file = Files.writeString(dir.resolve("file"), "");
        Map<String, String> before = FolderTree.of(dir);

        assertThat(AtomicFiles.check(link).map(Problem::format))
                .hasValueSatisfying(p -> assertThat(p).contains(link + " is a symbolic link to a file"));
        assertThat(AtomicFiles.check(folder).map(Problem::format))
                .hasValue("error: " + folder + " is a folder (name a file)");
        assertThat(AtomicFiles.check(file.resolve("deeper/report.txt")).map(Problem::format))
                .hasValue("error: cannot write " + file.resolve("deeper/report.txt") + ": " + file
                        + " is a file, not a folder (name a file in a folder)");
        assertThat(AtomicFiles.check(dir.resolve("new/folders/report.txt"))).isEmpty();
        assertThat(AtomicFiles.check(target)).isEmpty();
        for (String stdout : new String[] {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}) {
            assertThat(AtomicFiles.isStandardOutput(Path.of(stdout))).as(stdout).isTrue();
            assertThat(AtomicFiles.check(Path.of(stdout))).as(stdout).isEmpty();
        }
        assertThat(AtomicFiles.isStandardOutput(Path.of("/dev/stderr"))).isFalse();
        assertThat(FolderTree.of(dir)).isEqualTo(before);
    }

    @Test
    void aSetIsRenamedIntoPlaceOnlyOnceEveryFileIsWrittenThenStandardOutput() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "old a");
        Path b = dir.resolve("sub/b.json");
        StringWriter out = new StringWriter();
        AtomicFiles.writeAll(
                List.of(
                        new AtomicFiles.Output(null, "main\n"),
                        new AtomicFiles.Output(a, "new a"),
                        new AtomicFiles.Output(b, "new b")),
                new PrintWriter(out));
        assertThat(out).hasToString("main\n");
        assertThat(Files.readString(a)).isEqualTo("new a");
        assertThat(Files.readString(b)).isEqualTo("new b");
        assertThat(FolderTree.of(dir)).containsOnlyKeys("a.txt", "sub/", "sub/b.json");
    }

    @Test
    void aFileOfTheSetThatCannotBeWrittenLeavesEveryFileAsItWasAndNoFolderMadeForIt() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "old a");
        Path file = Files.writeString(dir.resolve("file"), "");
        Map<String, String> before = FolderTree.of(dir);
        StringWriter out = new StringWriter();
        // The second output's folder is a file: found while staging, before anything is renamed.
        assertThat(refusal(() -> AtomicFiles.writeAll(
                        List.of(
                                new AtomicFiles.Output(null, "main\n"),
                                new AtomicFiles.Output(a, "new a"),
                                new AtomicFiles.Output(dir.resolve("new/folders/c.txt"), "new c"),
                                new AtomicFiles.Output(file.resolve("b.txt"), "new b")),
                        new PrintWriter(out))))
                .startsWith("error: cannot write " + file.resolve("b.txt"));
        assertThat(FolderTree.of(dir))
                .as("no file replaced, no temporary file or folder left")
                .isEqualTo(before);
        assertThat(out).as("standard output comes last: not written").hasToString("");
    }

    @Test
    void aFailureAfterTheFirstRenameNamesWhatWasWrittenAndWhatWasNot() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Path a = Files.writeString(dir.resolve("a.txt"), "old a");
        Path b = dir.resolve("b.json");
        StringWriter out = new StringWriter();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> AtomicFiles.writeAll(
                List.of(
                        new AtomicFiles.Output(a, "new a"),
                        new AtomicFiles.Output(Path.of("/dev/full"), "full"),
                        new AtomicFiles.Output(b, "new b"),
                        new AtomicFiles.Output(Path.of("-"), "main\n")),
                new PrintWriter(out)));
        assertThat(thrown).isInstanceOfSatisfying(OutputPartlyWritten.class, partly -> {
            assertThat(partly.problem().format())
                    .isEqualTo("error: cannot write /dev/full: no space left on device (free some space on that file"
                            + " system, or write somewhere else)");
            assertThat(partly.theUsers()).isTrue();
            assertThat(partly.written()).containsExactly(a.toString(), b.toString());
            assertThat(partly.notWritten()).containsExactly("/dev/full", "standard output");
        });
        assertThat(Files.readString(a)).isEqualTo("new a");
        assertThat(Files.readString(b)).isEqualTo("new b");
        assertThat(FolderTree.of(dir)).containsOnlyKeys("a.txt", "b.json");
    }

    @Test
    void pathsInsideTheWorkingFolderAreShownRelativeToIt() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(FileErrors.shown(here.resolve("out/report.json"))).isEqualTo("out/report.json");
        assertThat(FileErrors.shown(here)).isEqualTo(".");
        assertThat(FileErrors.shown(Path.of("out/./report.json"))).isEqualTo("out/report.json");
        assertThat(FileErrors.shown(Path.of("/elsewhere/report.json"))).isEqualTo("/elsewhere/report.json");
    }

    private interface Write {
        void run() throws IOException;
    }

    private static String refusal(Write write) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(write::run);
        assertThat(thrown).isInstanceOf(OutputRefused.class);
        return ((OutputRefused) thrown).problems().get(0).format();
    }
}
