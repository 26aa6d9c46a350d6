package dev.aioptout.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs give the same archive bytes, whatever the files' times and modes, the order they
 * were made in, the umask and the time zone; entries are sorted, with fixed times, modes and owners.
 */
class ReleaseArchiveTest {

    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SPEC = """
            # a comment, then a blank line

            bin/tool      src/tool.sh   executable
            lib/          lib/
            README.md     README.md
            """;

    @TempDir
    Path dir;

    /** A source tree; {@code reversed} makes its files in the other order, with other times and modes. */
    private Path tree(String name, boolean reversed) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        List<String[]> files = new ArrayList<>(List.of(
                new String[] {"src/tool.sh", "#!/bin/sh\necho tool\n"},
                new String[] {"lib/b/second.txt", "second\n"},
                new String[] {"lib/a.txt", "first\n"},
                new String[] {"lib/.terraform/provider", "left by a local run\n"},
                new String[] {"lib/b.txt", "between a folder and its name\n"},
                new String[] {"README.md", "# read me\n"}));
        if (reversed) {
            java.util.Collections.reverse(files);
        }
        long minute = 0;
        for (String[] f : files) {
            Path file = root.resolve(f[0]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, f[1]);
            Files.setLastModifiedTime(
                    file, FileTime.from(Instant.parse("2024-05-05T10:00:00Z").plusSeconds(60 * minute++)));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(reversed ? "rwxrwxrwx" : "rw-------"));
        }
        return root;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Path[] write(Path root, String out, String zone) throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            List<ReleaseArchive.Entry> entries = ReleaseArchive.entries(root, SPEC);
            Path folder = Files.createDirectories(dir.resolve(out));
            Path tar = folder.resolve("tool-1.0.tar.gz");
            Path zip = folder.resolve("tool-1.0.zip");
            ReleaseArchive.writeTarGz(tar, "tool-1.0", entries, TIME);
            ReleaseArchive.writeZip(zip, "tool-1.0", entries, TIME);
            return new Path[] {tar, zip};
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void theSameInputsGiveTheSameBytesWhateverTheirTimesModesOrderAndTheTimeZone() throws Exception {
        Path[] first = write(tree("one", false), "out-one", "UTC");
        Path[] second = write(tree("two", true), "out-two", "Pacific/Kiritimati");
        assertThat(sha256(second[0])).isEqualTo(sha256(first[0]));
        assertThat(sha256(second[1])).isEqualTo(sha256(first[1]));
        // And the gzip header carries no time.
        byte[] gz = Files.readAllBytes(first[0]);
        assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).containsOnly(0);
    }

    @Test
    void theTarIsSortedWithFixedTimesModesAndOwnersAndNoHiddenFiles() throws Exception {
        Path tar = write(tree("one", false), "out", "UTC")[0];
        List<String> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tar));
                TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                assertThat(e.getModTime().toInstant()).as(e.getName()).isEqualTo(TIME);
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                assertThat(e.getUserName()).isEmpty();
                assertThat(e.getGroupName()).isEmpty();
                lines.add(Integer.toOctalString(e.getMode() & 07777) + " " + e.getName());
            }
        }
        assertThat(lines)
                .containsExactly(
                        "755 tool-1.0/",
                        "644 tool-1.0/README.md",
                        "755 tool-1.0/bin/",
                        "755 tool-1.0/bin/tool",
                        "755 tool-1.0/lib/",
                        "644 tool-1.0/lib/a.txt",
                        "644 tool-1.0/lib/b.txt",
                        "755 tool-1.0/lib/b/",
                        "644 tool-1.0/lib/b/second.txt");
    }

    @Test
    void theZipHoldsTheSameEntriesWithUnixModes() throws Exception {
        Path zip = write(tree("one", false), "out", "UTC")[1];
        List<String> lines = new ArrayList<>();
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(file.getEntries())) {
                lines.add(Integer.toOctalString(e.getUnixMode()) + " " + e.getName());
                if (e.getName().equals("tool-1.0/bin/tool")) {
                    try (InputStream in = file.getInputStream(e)) {
                        assertThat(new String(in.readAllBytes())).isEqualTo("#!/bin/sh\necho tool\n");
                    }
                }
            }
        }
        assertThat(lines)
                .containsExactly(
                        "40755 tool-1.0/",
                        "100644 tool-1.0/README.md",
                        "40755 tool-1.0/bin/",
                        "100755 tool-1.0/bin/tool",
                        "40755 tool-1.0/lib/",
                        "100644 tool-1.0/lib/a.txt",
                        "100644 tool-1.0/lib/b.txt",
                        "40755 tool-1.0/lib/b/",
                        "100644 tool-1.0/lib/b/second.txt");
    }

    @Test
    void aMissingSourceOrABadLineIsAnErrorNamingIt() throws Exception {
        Path root = tree("one", false);
        assertThatThrownBy(() -> ReleaseArchive.entries(root, "LICENSE LICENSE\n"))
                .hasMessageContaining("no file " + root.resolve("LICENSE") + " for LICENSE");
        assertThatThrownBy(() -> ReleaseArchive.entries(root, "docs/ docs/\n"))
                .hasMessageContaining("no folder " + root.resolve("docs/") + " for docs/");
        assertThatThrownBy(() -> ReleaseArchive.entries(root, "bin/tool src/tool.sh exec\n"))
                .hasMessageContaining("not ARCHIVE-PATH SOURCE [executable]");
    }
}
