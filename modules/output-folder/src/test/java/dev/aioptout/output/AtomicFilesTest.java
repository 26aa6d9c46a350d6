package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic write: whole content or none, no temporary file left, sensible permissions. */
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

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path report = Files.writeString(dir.resolve("report.txt"), "old");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(report, ownerOnly);
        AtomicFiles.write(report, "new");
        assertThat(Files.readString(report)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(ownerOnly);
    }

    @Test
    void aFolderThatIsAFileIsOneSentence() throws IOException {
        Files.writeString(dir.resolve("file"), "");
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("file/report.txt"), "x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write")
                .hasMessageContaining("is a file, not a folder");
    }
}
