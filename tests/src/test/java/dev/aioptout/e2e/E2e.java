package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Paths of the build and the repository, the release archive, a PATH of a few programs, and
 * synthesis of a layout through the real command line.
 */
final class E2e {

    private E2e() {}

    static Path root() {
        return Path.of(System.getProperty("aioptout.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** tests/target: logs, the shared provider cache, the npm-installed cdktf-cli. */
    static Path buildDir() {
        return Path.of(System.getProperty("aioptout.build", "target"))
                .toAbsolutePath()
                .normalize();
    }

    /** The release archive mvn package wrote (present under mvn verify; skipped without it, failed under CI=true). */
    static Path releaseArchive() {
        Path archive = Path.of(System.getProperty("aioptout.archive", "no-archive"));
        TerraformTools.require(
                Files.isRegularFile(archive),
                "the release archive " + archive + " (mvn package writes it: run the tests with mvn verify)");
        return archive;
    }

    /** The archive's top folder, ai-optout-VERSION. */
    static String releaseName(Path archive) {
        return archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    }

    /** The version in the archive's name. */
    static String releaseVersion(Path archive) {
        return releaseName(archive).substring("ai-optout-".length());
    }

    /**
     * The tree {@code from} copied into {@code to}, folders made as they come, but the paths (relative
     * to {@code from}) that {@code skip} names.
     */
    static void copyTree(Path from, Path to, Predicate<Path> skip, CopyOption... options) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.toList()) {
                Path relative = from.relativize(file);
                if (skip.test(relative)) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, options);
                }
            }
        }
    }

    /** {@code from} linked as {@code to} (the jar is 150 MB), or copied where it cannot be (another file system). */
    static void linkOrCopy(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException otherFileSystem) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** The file's SHA-256, in hex, as sha256sum prints it. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What bin/ai-optout and the scripts it sources call besides java (and node, for synth). */
    static final List<String> LAUNCHER_TOOLS = List.of(
            "readlink", "dirname", "basename", "uname", "tr", "ls", "cksum", "grep", "mkdir", "find", "id", "rm", "mv");

    /**
     * A folder of links to java (the one running these tests), node when asked for, and the named
     * programs from PATH: a PATH that holds these and nothing else.
     */
    static Path toolsFolder(Path folder, boolean node, List<String> programs) throws IOException {
        Path bin = Files.createDirectories(folder);
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        if (node) {
            Optional<Path> found = TerraformTools.onPath("node");
            TerraformTools.require(found.isPresent(), "node is not on PATH (Node.js 20 or newer)");
            Files.createSymbolicLink(bin.resolve("node"), found.get());
        }
        for (String program : programs) {
            Optional<Path> found = TerraformTools.onPath(program);
            TerraformTools.require(found.isPresent(), program + " is not on PATH");
            Files.createSymbolicLink(bin.resolve(program), found.get());
        }
        return bin;
    }

    /** Writes the layout to {@code folder/ai-optout.yaml}, synthesises it, and returns the stack folder. */
    static Path synth(Path folder, String layout) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("ai-optout.yaml");
        Files.writeString(file, layout);
        return synthFile(folder, file);
    }

    static Path synthFile(Path folder, Path file) {
        Path out = folder.resolve("cdktf.out");
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new String[] {"synth", "--config", file.toString(), "--out", out.toString()},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(0);
        return out.resolve("stacks/ai-optout");
    }
}
