package dev.aioptout.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every entry under a folder (not the folder itself), links not followed: files by the SHA-256 of
 * their content, folders (a name ending in '/'), links by their target, anything else (a device,
 * a pipe) as such. Two folders with equal trees hold the same bytes. Shared with the end-to-end
 * tests (test jar).
 */
public final class FolderTree {

    private FolderTree() {}

    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(name, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name + "/", "");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, OwnedFiles.sha256(Files.readAllBytes(p)));
                } else {
                    entries.put(name, "(not a file)");
                }
            }
        }
        return entries;
    }
}
