package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aioptout.output.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where pipelines send reports: {@code --output} to standard output ({@code /dev/stdout}, {@code
 * -}), a named pipe, a device, writes there in place and leaves it what it was; a link to a file is
 * refused; a full disk is bad input with the reason. Each run is a real process (a fresh JVM), so
 * that its {@code /dev/stdout} is a pipe, as in a pipeline. And {@code init} never writes a layout
 * beside the other spelling of its name.
 */
class OutputTargetsTest {

    @TempDir
    Path dir;

    private Path org;
    private Path layout;
    /** The plan report as standard output has it without --output. */
    private String report;

    @BeforeEach
    void anOrganizationAndItsLayout() throws Exception {
        org = Files.writeString(dir.resolve("org.json"), BrownfieldCommandsTest.ORG);
        layout = dir.resolve("layout.yaml");
        Cli init = Cli.run("init", "--org", org.toString(), "--output", layout.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        Cli plan = Cli.run("plan", "--config", layout.toString(), "--org", org.toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        report = plan.out();
        assertThat(report).contains("r-ab12");
    }

    private Cli planTo(String output) throws Exception {
        return plan(org.toString(), "--output", output);
    }

    /** plan of the layout on that organization file, in a fresh JVM in the test's folder. */
    private Cli plan(String orgFile, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", "--config", layout.toString(), "--org", orgFile));
        args.addAll(List.of(more));
        return Cli.runIn(dir, Map.of(), args.toArray(String[]::new));
    }

    @Test
    void devStdoutAndDashPrintTheReportAndDevStdoutStaysALink() throws Exception {
        for (String output : new String[] {"/dev/stdout", "-"}) {
            Cli cli = planTo(output);
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.out()).as(output).isEqualTo(report);
        }
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
        assertThat(dir.resolve("-")).doesNotExist();

        Cli init = Cli.runIn(dir, Map.of(), "init", "--org", org.toString(), "--output", "/dev/stdout");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).isEqualTo(Files.readString(layout).replace("layout.yaml", "ai-optout.yaml"));
        assertThat(init.err()).contains("wrote the layout to /dev/stdout (lock: full); save and review it");
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
    }

    @Test
    void aNamedPipeGetsTheReportAndStaysAPipe() throws Exception {
        Path fifo = dir.resolve("report.fifo");
        CompletableFuture<String> read = SpecialFiles.pipeReadBy(fifo);
        Cli cli = planTo(fifo.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(report);
        assertThat(SpecialFiles.kind(fifo)).isEqualTo("other");
    }

    @Test
    void aDeviceNodeIsWrittenToAndStaysADevice() throws Exception {
        Path device = SpecialFiles.nullDevice(dir.resolve("null-device"));
        Cli plan = planTo(device.toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).isEmpty();
        // init does not ask for --force to write to a device: it replaces nothing.
        Cli init = Cli.runIn(dir, Map.of(), "init", "--org", org.toString(), "--output", device.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(SpecialFiles.kind(device)).isEqualTo("other");
        assertThat(Files.size(device)).isZero();
    }

    @Test
    void aFullDiskIsBadInputWithTheReason() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Cli cli = planTo("/dev/full"); // a device that answers every write with ENOSPC, as a full disk does
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .isEqualTo(
                        "error: cannot write /dev/full: no space left on device (free some space on that file system,"
                                + " or write somewhere else)\nai-optout: 1 error; nothing was written\n");
    }

    @Test
    void aReportThatFailsOnceAnotherIsInPlaceSaysWhichWereWritten() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Path out = Files.writeString(dir.resolve("out.txt"), "an earlier run's\n");
        Cli cli = plan(org.toString(), "--output", "out.txt", "--report", "json=/dev/full");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .isEqualTo("error: cannot write /dev/full: no space left on device (free some space on that file"
                        + " system, or write somewhere else)\nai-optout: 1 error; written: out.txt; not written (as they"
                        + " were): /dev/full\n");
        assertThat(Files.readString(out)).isEqualTo(report);
    }

    @Test
    void everyReportTargetIsCheckedBeforeTheProofAndNoneIsReplacedWhenOneIsRefused() throws Exception {
        Path out = Files.writeString(dir.resolve("out.txt"), "an earlier run's\n");
        Path json = Files.writeString(dir.resolve("plan.json"), "{}\n");
        Files.createDirectory(dir.resolve("reports"));
        Path link = Files.createSymbolicLink(dir.resolve("plan.html"), json);
        Files.writeString(dir.resolve("file"), "");
        Map<String, String> before = dev.aioptout.output.FolderTree.of(dir);
        Cli cli = plan(
                "no-such-org.json",
                "--output",
                "out.txt",
                "--report",
                "json=plan.json",
                "--report",
                "html=reports/",
                "--report",
                "text=file/plan.txt",
                "--report",
                "html=plan.html");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .as("said before the organization file is even read")
                .isEqualTo("error: reports is a folder (name a file)\n"
                        + "error: cannot write file/plan.txt: file is a file, not a folder (name a file in a folder)\n"
                        + "error: plan.html is a symbolic link to a file (ai-optout replaces a report file whole and"
                        + " does not write through links: name the file itself, or remove the link)\n"
                        + "ai-optout: 3 errors; nothing was written\n");
        assertThat(dev.aioptout.output.FolderTree.of(dir)).isEqualTo(before);
        assertThat(Files.readString(out)).isEqualTo("an earlier run's\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aLinkToAFileIsRefusedAndNeitherChanges() throws Exception {
        Path theirs = Files.writeString(dir.resolve("theirs.txt"), "theirs");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), theirs);
        Cli cli = planTo("report.txt");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err())
                .startsWith("error: report.txt is a symbolic link to a file (ai-optout replaces a report file whole and"
                        + " does not write through links");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(theirs)).isEqualTo("theirs");
    }

    @Test
    void initNeverWritesALayoutBesideTheOtherSpellingOfItsName() throws Exception {
        Files.writeString(dir.resolve("ai-optout.yml"), "version: 1\n");
        Cli beside = Cli.runIn(dir, Map.of(), "init", "--org", "org.json");
        assertThat(beside.exit()).isEqualTo(2);
        assertThat(beside.err())
                .isEqualTo(
                        "error: --output: ai-optout.yml exists beside ai-optout.yaml, and the commands that look for a"
                                + " layout in a folder refuse to choose between the two (remove or rename ai-optout.yml, or"
                                + " name another file with --output)\nai-optout: 1 error; nothing was written\n");
        assertThat(dir.resolve("ai-optout.yaml")).doesNotExist();

        // The other way round, and with --force too.
        Files.move(
                dir.resolve("ai-optout.yml"),
                Files.createDirectory(dir.resolve("sub")).resolve("ai-optout.yaml"));
        Cli forced = Cli.run(
                "init",
                "--org",
                org.toString(),
                "--output",
                dir.resolve("sub/ai-optout.yml").toString(),
                "--force");
        assertThat(forced.exit()).isEqualTo(2);
        assertThat(forced.err())
                .contains(dir.resolve("sub/ai-optout.yaml") + " exists beside " + dir.resolve("sub/ai-optout.yml"));
        assertThat(dir.resolve("sub/ai-optout.yml")).doesNotExist();
        assertThat(Files.readString(dir.resolve("sub/ai-optout.yaml"))).isEqualTo("version: 1\n");
    }

    @Test
    void aLockWaitThatIsNotANumberOrPastAWeekIsBadInput() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "version: 1\n");
        for (String wait : List.of("soon", "604801", "9223372036854775807")) {
            Cli cli = Cli.runIn(
                    dir, Map.of("AI_OPTOUT_LOCK_WAIT", wait), "synth", "--module", "--config", plain.toString());
            assertThat(cli.exit()).as(wait).isEqualTo(2);
            assertThat(cli.err())
                    .contains("error: AI_OPTOUT_LOCK_WAIT: \"" + wait + "\" is not a number of seconds from 0 to 604800"
                            + " (7 days)")
                    .doesNotContain("Exception", "overflow");
            assertThat(dir.resolve("ai-optout-module")).doesNotExist();
        }
    }
}
