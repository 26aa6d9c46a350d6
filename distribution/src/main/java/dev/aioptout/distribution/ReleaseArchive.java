package dev.aioptout.distribution;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The release archive, {@code NAME.tar.gz} and {@code NAME.zip}, written so that the same inputs
 * give the same bytes whatever the machine, the time, the umask, the time zone or the order a file
 * system lists a folder in:
 * <ul>
 *   <li>every entry under one top folder {@code NAME/}, sorted by path, each folder before what it holds;</li>
 *   <li>one fixed time for every entry (the build's {@code project.build.outputTimestamp}); the gzip
 *       header carries none;</li>
 *   <li>modes from the spec, not the file system: 0755 for folders and the files marked executable,
 *       0644 for the others; owner and group 0 with no names.</li>
 * </ul>
 * The spec file says what goes where, one entry a line: {@code ARCHIVE-PATH SOURCE [executable]},
 * the source relative to the root folder; a path ending in {@code /} takes the whole folder, without
 * hidden files or folders (a local {@code .terraform}, a staging folder), links, or, in a git clone,
 * files git does not track ({@link #filesUnder}). Blank lines and lines
 * starting with {@code #} are skipped. (The bytes of the compressed streams are those of the JDK's
 * zlib, so "the same" means with the same JDK, as for the jars inside.)
 */
public final class ReleaseArchive {

    private static final int FOLDER_MODE = 0755;
    private static final int FILE_MODE = 0644;
    private static final int EXECUTABLE_MODE = 0755;

    /** One file in the archive. */
    public record Entry(String path, Path source, boolean executable) {}

    private ReleaseArchive() {}

    /** {@code ReleaseArchive ROOT SPEC OUT-FOLDER NAME TIMESTAMP}: writes {@code OUT-FOLDER/NAME.tar.gz} and {@code .zip}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ReleaseArchive ROOT SPEC OUT-FOLDER NAME TIMESTAMP");
        }
        Path root = Path.of(args[0]);
        List<Entry> entries = entries(root, Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        Path out = Files.createDirectories(Path.of(args[2]));
        Instant time = Instant.parse(args[4]);
        writeTarGz(out.resolve(args[3] + ".tar.gz"), args[3], entries, time);
        writeZip(out.resolve(args[3] + ".zip"), args[3], entries, time);
    }

    /** The spec's entries, every folder walked, sorted by path; a missing source is an error naming it. */
    public static List<Entry> entries(Path root, String spec) throws IOException {
        Map<String, Entry> byPath = new TreeMap<>();
        for (String raw : spec.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !parts[2].equals("executable")) {
                throw new IllegalArgumentException("not ARCHIVE-PATH SOURCE [executable]: " + line);
            }
            Path source = root.resolve(parts[1]);
            boolean executable = parts.length == 3;
            if (parts[0].endsWith("/")) {
                if (!Files.isDirectory(source)) {
                    throw new IllegalArgumentException("no folder " + source + " for " + parts[0]);
                }
                for (Path relative : filesUnder(root, source)) {
                    if (hidden(relative)) {
                        continue;
                    }
                    String path = parts[0] + relative.toString().replace('\\', '/');
                    byPath.put(path, new Entry(path, source.resolve(relative), executable));
                }
            } else {
                if (!Files.isRegularFile(source)) {
                    throw new IllegalArgumentException("no file " + source + " for " + parts[0]);
                }
                byPath.put(parts[0], new Entry(parts[0], source, executable));
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /**
     * The regular files under {@code source}, relative to it. A folder of the sources in a git clone
     * ({@code root/.git}) gives those git tracks, so that what a run or a test left there (a
     * {@code cdktf.out/}, a state file) stays out and the same commit gives the same archive; a
     * folder git ignores (the build's output, {@code main/target/runtime}), or any folder outside a
     * clone (a copy of the sources), gives every one. Never a symbolic link, nor what it points to.
     */
    static List<Path> filesUnder(Path root, Path source) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.exists(root.resolve(".git"), LinkOption.NOFOLLOW_LINKS) && !ignored(source)) {
            for (String name : tracked(source)) {
                if (Files.isRegularFile(source.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    files.add(Path.of(name));
                }
            }
        } else {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path file : walk.toList()) {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(source.relativize(file));
                    }
                }
            }
        }
        return files;
    }

    /** {@code git ls-files} in {@code folder}: the files git tracks there, relative to it. */
    private static List<String> tracked(Path folder) throws IOException {
        Git listed = Git.run(folder, "ls-files", "-z", "--cached");
        listed.expect(0);
        List<String> names = new ArrayList<>();
        for (String name : listed.printed().split("\0")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether git ignores {@code folder} (a build's output): {@code check-ignore} exits 0 if so, 1 if not. */
    private static boolean ignored(Path folder) throws IOException {
        Git check = Git.run(folder, "check-ignore", "-q", ".");
        check.expect(0, 1);
        return check.exit() == 0;
    }

    /** A git command run in a folder: what it printed and its exit code. */
    private record Git(List<String> command, int exit, String printed) {
        static Git run(Path folder, String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
            command.addAll(List.of(arguments));
            Process git = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            git.getOutputStream().close();
            String printed = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                return new Git(command, git.waitFor(), printed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + String.join(" ", command) + " ran", e);
            }
        }

        void expect(int... exits) throws IOException {
            for (int expected : exits) {
                if (exit == expected) {
                    return;
                }
            }
            throw new IOException(String.join(" ", command) + " failed (exit " + exit + ")");
        }
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Every folder the entries need, and the entries, under {@code top/}, in order. */
    static List<String> folders(String top, List<Entry> entries) {
        TreeMap<String, Boolean> folders = new TreeMap<>();
        folders.put(top + "/", true);
        for (Entry e : entries) {
            String path = top + "/" + e.path();
            for (int i = path.indexOf('/'); i >= 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
                folders.put(path.substring(0, i + 1), true);
            }
        }
        return new ArrayList<>(folders.keySet());
    }

    /** Folders and files merged into one sorted sequence of names (a folder's name ends with '/'). */
    private static List<Object> ordered(String top, List<Entry> entries) {
        TreeMap<String, Object> all = new TreeMap<>();
        folders(top, entries).forEach(f -> all.put(f, f));
        entries.forEach(e -> all.put(top + "/" + e.path(), e));
        return new ArrayList<>(all.values());
    }

    public static void writeTarGz(Path target, String top, List<Entry> entries, Instant time) throws IOException {
        atOnce(target, partial -> {
            try (OutputStream bytes = new BufferedOutputStream(Files.newOutputStream(partial));
                    GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                write(tar, top, entries, (name, file) -> {
                    TarArchiveEntry entry = new TarArchiveEntry(
                            name, file == null ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
                    entry.setMode((file == null ? TarArchiveEntry.DEFAULT_DIR_MODE : TarArchiveEntry.DEFAULT_FILE_MODE)
                                    & ~0777
                            | mode(file));
                    if (file != null) {
                        entry.setSize(Files.size(file.source()));
                    }
                    entry.setModTime(time.toEpochMilli());
                    entry.setUserId(0);
                    entry.setGroupId(0);
                    entry.setUserName("");
                    entry.setGroupName("");
                    return entry;
                });
            }
        });
    }

    public static void writeZip(Path target, String top, List<Entry> entries, Instant time) throws IOException {
        // A zip entry's time is a local date and time: the same fields in every time zone.
        long dosTime = LocalDateTime.ofInstant(time, ZoneOffset.UTC)
                .atZone(ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli();
        atOnce(target, partial -> {
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(partial))) {
                zip.setEncoding(StandardCharsets.UTF_8.name());
                write(zip, top, entries, (name, file) -> {
                    ZipArchiveEntry entry = new ZipArchiveEntry(name);
                    entry.setUnixMode((file == null ? 0040000 : 0100000) | mode(file));
                    entry.setTime(dosTime);
                    return entry;
                });
            }
        });
    }

    /** How one format describes an entry: a folder when {@code file} is null. */
    private interface EntryFormat<E extends ArchiveEntry> {
        E entry(String name, Entry file) throws IOException;
    }

    /** Every folder and file in order, each file's bytes after its entry. */
    private static <E extends ArchiveEntry> void write(
            ArchiveOutputStream<E> out, String top, List<Entry> entries, EntryFormat<E> format) throws IOException {
        for (Object item : ordered(top, entries)) {
            Entry file = item instanceof Entry e ? e : null;
            out.putArchiveEntry(format.entry(file == null ? (String) item : top + "/" + file.path(), file));
            if (file != null) {
                Files.copy(file.source(), out);
            }
            out.closeArchiveEntry();
        }
        out.finish();
    }

    private static int mode(Entry file) {
        return file == null ? FOLDER_MODE : file.executable() ? EXECUTABLE_MODE : FILE_MODE;
    }

    private interface Writer {
        void write(Path partial) throws IOException;
    }

    /** Written beside the target and renamed into place: a reader never sees half an archive. */
    private static void atOnce(Path target, Writer writer) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        writer.write(partial);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
