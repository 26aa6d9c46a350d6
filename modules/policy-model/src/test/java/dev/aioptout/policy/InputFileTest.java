package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the user names is read only when it is a regular file of UTF-8 text within the limit;
 * everything else is one problem naming the file, found without reading more than the limit and
 * without waiting for a pipe.
 */
class InputFileTest {

    private static final long LIMIT = 1024;

    @TempDir
    Path dir;

    private static InputFile.Read read(Path file, String display) {
        return InputFile.read(file, display, "layout file", LIMIT, "pass --config");
    }

    private static Problem refused(InputFile.Read read) {
        assertThat(read.ok()).as("refused").isFalse();
        assertThat(read.text()).isNull();
        return read.problem();
    }

    @Test
    void utf8TextIsReadAndAByteOrderMarkDropped() throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.write(file, ("\uFEFFversion: 1 # é\n").getBytes(StandardCharsets.UTF_8));
        InputFile.Read read = read(file, "a.yaml");
        assertThat(read.ok()).isTrue();
        assertThat(read.text()).isEqualTo("version: 1 # é\n");
    }

    @Test
    void latin1IsNotUtf8AndTheByteIsLocated() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "version: 1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Problem p = refused(read(file, "latin1.yaml"));
        assertThat(p.format()).isEqualTo("latin1.yaml:2:6: error: not UTF-8 text (byte 0xE9) (save the file as UTF-8)");
    }

    @Test
    void aFileOverTheLimitIsRefusedFromItsSizeWithoutReadingIt() throws Exception {
        Path file = dir.resolve("big.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(10L * 1024 * 1024 * 1024); // 10 GiB, sparse: reading it would take long
        }
        Problem p = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(read(file, "big.yaml")));
        assertThat(p.format())
                .isEqualTo("big.yaml: error: the layout file is larger than 1024 bytes (ai-optout reads layout files of"
                        + " at most 1024 bytes; check that this is the right file)");
    }

    @Test
    void aFileThatReportsNoSizeIsStillCutAtTheLimit() {
        // /proc files report size 0; this one holds more than 1024 bytes.
        Path status = Path.of("/proc/self/smaps");
        Problem p = refused(read(status, "/proc/self/smaps"));
        assertThat(p.message()).isEqualTo("the layout file is larger than 1024 bytes");
    }

    @Test
    void aDeviceIsRefusedBeforeAnythingIsRead() {
        Problem p = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> refused(read(Path.of("/dev/zero"), "/dev/zero")));
        assertThat(p.format())
                .isEqualTo("/dev/zero: error: is a device, pipe or socket, not a regular file (give the path of the"
                        + " layout file: ai-optout reads only regular files)");
    }

    @Test
    void aPipeIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Problem p = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(read(fifo, "fifo.yaml")));
        assertThat(p.message()).isEqualTo("is a device, pipe or socket, not a regular file");
    }

    @Test
    void aFolderIsNamed() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("ai-optout.yaml"));
        Problem p = refused(read(folder, "ai-optout.yaml"));
        assertThat(p.format()).isEqualTo("ai-optout.yaml: error: is a folder (give the path of the layout file)");
    }

    @Test
    void aDanglingLinkIsNamedWithWhereItPoints() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("ai-optout.yaml"), Path.of("gone.yaml"));
        Problem p = refused(read(link, "ai-optout.yaml"));
        assertThat(p.format())
                .isEqualTo("ai-optout.yaml: error: layout file is a symbolic link to a missing file (gone.yaml)"
                        + " (point the link at an existing file, or remove it)");
    }

    @Test
    void aMissingFileSaysWhatToDo() {
        Problem p = refused(read(dir.resolve("nope.yaml"), "nope.yaml"));
        assertThat(p.format()).isEqualTo("nope.yaml: error: layout file not found (pass --config)");
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithTheReason() {
        // Reading /proc/self/mem from its start fails with EIO, for any user: an unreadable file.
        Problem p = refused(read(Path.of("/proc/self/mem"), "/proc/self/mem"));
        assertThat(p.format()).startsWith("/proc/self/mem: error: cannot read the layout file: ");
    }
}
