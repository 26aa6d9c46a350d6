package dev.aioptout.cli;

import dev.aioptout.output.OwnedFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything under a folder, links not followed: each file with the SHA-256 of its bytes, each
 * folder, each link with its target. Two equal snapshots mean nothing was written, moved, deleted
 * or left behind.
 */
record FolderSnapshot(SortedMap<String, String> entries) {

    static FolderSnapshot of(Path root) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                entries.put(name(root, dir) + "/", "folder");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                entries.put(
                        name(root, file),
                        attrs.isSymbolicLink()
                                ? "link to " + Files.readSymbolicLink(file)
                                : attrs.isRegularFile()
                                        ? "file " + OwnedFiles.sha256(Files.readAllBytes(file))
                                        : "other");
                return FileVisitResult.CONTINUE;
            }
        });
        return new FolderSnapshot(entries);
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
