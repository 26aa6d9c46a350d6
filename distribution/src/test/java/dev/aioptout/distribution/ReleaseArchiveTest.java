package dev.aioptout.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * In a git clone a folder entry takes the files git tracks: not a file a run left there, nor a
     * symbolic link (tracked or not), nor what the link points to, whose bytes are not the commit's;
     * unless git ignores the folder (a build's output, such as the runtime folder).
     */
    @Test
    void inAGitCloneAFolderHoldsOnlyTrackedFilesAndNoLinks() throws Exception {
        Path root = tree("clone", false);
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not the commit's\n");
        Files.createSymbolicLink(root.resolve("lib/tracked-link.txt"), outside);
        git(root, "init", "-q");
        git(root, "add", "-A");
        Files.writeString(root.resolve("lib/terraform.tfstate"), "left by a local run\n");
        Files.createDirectories(root.resolve("lib/cdktf.out"));
        Files.writeString(root.resolve("lib/cdktf.out/manifest.json"), "{}\n");
        Files.createSymbolicLink(root.resolve("lib/untracked-link.txt"), outside);
        Files.createSymbolicLink(root.resolve("lib/linked-folder"), dir);

        assertThat(ReleaseArchive.entries(root, SPEC).stream().map(ReleaseArchive.Entry::path))
                .containsExactly("README.md", "bin/tool", "lib/a.txt", "lib/b.txt", "lib/b/second.txt");

        // A folder git ignores is a build's output: taken whole (still without links).
        Files.writeString(root.resolve(".gitignore"), "target/\n");
        Files.createDirectories(root.resolve("target/runtime/js"));
        Files.writeString(root.resolve("target/runtime/env.sh"), "built\n");
        Files.writeString(root.resolve("target/runtime/js/kernel.js"), "built\n");
        Files.createSymbolicLink(root.resolve("target/runtime/link.txt"), outside);
        assertThat(ReleaseArchive.entries(root, "lib/runtime/ target/runtime/\n").stream()
                        .map(ReleaseArchive.Entry::path))
                .containsExactly("lib/runtime/env.sh", "lib/runtime/js/kernel.js");
    }

    /** Outside a git clone (a copy of the sources) a folder entry takes every file, but never a link. */
    @Test
    void outsideAGitCloneAFolderHoldsEveryFileButNoLinks() throws Exception {
        Path root = tree("copy", false);
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not the sources'\n");
        Files.createSymbolicLink(root.resolve("lib/link.txt"), outside);
        Files.createSymbolicLink(root.resolve("lib/linked-folder"), dir);
        Files.writeString(root.resolve("lib/c.txt"), "third\n");

        assertThat(ReleaseArchive.entries(root, SPEC).stream().map(ReleaseArchive.Entry::path))
                .containsExactly("README.md", "bin/tool", "lib/a.txt", "lib/b.txt", "lib/b/second.txt", "lib/c.txt");
    }

    private static void git(Path root, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(arguments));
        Process git;
        try {
            git = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            assumeTrue(false, "no git on PATH: the release archive's git clone test is skipped");
            return;
        }
        String said = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(said).isZero();
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
