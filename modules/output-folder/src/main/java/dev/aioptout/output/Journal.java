package dev.aioptout.output;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.PrettyJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operations that publish a staging folder, written down before the first one runs, so that a
 * run stopped at any point (by a failure, a signal, or SIGKILL and then the next run) can be undone
 * from what is on disk. A staging folder holds {@value #NEW}/ (the generated files, as they go into
 * the output folder), {@value #OLD}/ (each file set aside before its replacement moves in), the
 * journal, and a marker once every operation is done.
 */
final class Journal {

    static final String NEW = "new";
    static final String OLD = "old";
    static final String FILE_NAME = "journal.json";
    static final String COMMITTED = "committed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Journal() {}

    enum Kind {
        MKDIR,
        CREATE,
        REPLACE,
        REMOVE,
        RMDIR
    }

    /** One step of publishing, on a path relative to the output folder. */
    record Operation(Kind kind, String path) {
        /** What the step does to the user's path, for a message: "created", "replaced", ... */
        String done() {
            return switch (kind) {
                case MKDIR -> "created";
                case CREATE -> "written";
                case REPLACE -> "replaced";
                case REMOVE, RMDIR -> "removed";
            };
        }
    }

    static void write(Path staging, List<Operation> operations) throws IOException {
        List<Map<String, String>> list = new ArrayList<>();
        for (Operation o : operations) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("kind", o.kind().name());
            entry.put("path", o.path());
            list.add(entry);
        }
        AtomicFiles.replace(
                staging.resolve(FILE_NAME),
                PrettyJson.write(Map.of("operations", list)).getBytes(UTF_8));
    }

    static void markCommitted(Path staging) throws IOException {
        AtomicFiles.replace(staging.resolve(COMMITTED), new byte[0]);
    }

    private static List<Operation> read(Path file) throws IOException {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode o : JSON.readTree(file.toFile()).path("operations")) {
            String path = o.path("path").asText();
            if (!OwnedFiles.isPlainRelative(path)) {
                throw new IOException("the journal in " + file.getParent().getFileName() + " names " + path);
            }
            operations.add(new Operation(Kind.valueOf(o.path("kind").asText()), path));
        }
        return operations;
    }

    /** Does one operation: each is one rename, or one folder made or removed. */
    static void apply(Path out, Path staging, Operation operation) throws IOException {
        Path target = out.resolve(operation.path());
        Path fresh = staging.resolve(NEW).resolve(operation.path());
        Path old = staging.resolve(OLD).resolve(operation.path());
        switch (operation.kind()) {
            case MKDIR -> Files.createDirectory(target);
            case CREATE -> AtomicFiles.rename(fresh, target);
            case REPLACE -> {
                Files.createDirectories(old.getParent());
                AtomicFiles.rename(target, old);
                AtomicFiles.rename(fresh, target);
            }
            case REMOVE -> {
                Files.createDirectories(old.getParent());
                AtomicFiles.rename(target, old);
            }
            case RMDIR -> Files.delete(target);
        }
    }

    /**
     * Undoes the operations, last first. Each undo looks at what is on disk, so it is right after a
     * crash at any point and when run twice: a file is set aside in {@code old/} before its
     * replacement moves in, and moved back out to {@code new/} when undone.
     */
    static void undo(Path out, Path staging, List<Operation> operations) throws IOException {
        for (int i = operations.size() - 1; i >= 0; i--) {
            Operation operation = operations.get(i);
            if (!PublishPlan.realFolders(out, OwnedFiles.parent(operation.path()))) {
                continue; // a folder became a link since: nothing is moved through it
            }
            Path target = out.resolve(operation.path());
            Path fresh = staging.resolve(NEW).resolve(operation.path());
            Path old = staging.resolve(OLD).resolve(operation.path());
            switch (operation.kind()) {
                case MKDIR -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && isEmpty(target)) {
                        Files.delete(target);
                    }
                }
                case CREATE -> moveBack(target, fresh);
                case REPLACE -> {
                    if (InputFile.present(old)) {
                        moveBack(target, fresh);
                        AtomicFiles.rename(old, target);
                    }
                }
                case REMOVE -> {
                    if (InputFile.present(old)) {
                        AtomicFiles.rename(old, target);
                    }
                }
                case RMDIR -> {
                    if (!InputFile.present(target)) {
                        Files.createDirectory(target);
                    }
                }
            }
        }
    }

    /** The new file back out of the user's folder, unless it is out already. */
    private static void moveBack(Path target, Path fresh) throws IOException {
        if (!InputFile.present(fresh) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(fresh.getParent());
            AtomicFiles.rename(target, fresh);
        }
    }

    /**
     * What runs that ended without cleaning up left in the output folder: staging folders, rolled
     * back from their journal unless they were complete, and removed; leftover lock candidates.
     * Called only while this run holds the folder's lock, so every one of them belongs to a run
     * that is gone. A staging folder with a lock file beside it that a live process still holds is
     * left alone (an older ai-optout's, which takes no folder lock; this one holds such a file too,
     * for the older ones); such a lock file that nobody holds is removed.
     */
    static void recoverStale(Path out, PrintWriter err) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(out)) {
            entries = list.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(Publisher.STAGING_PREFIX)
                                || name.startsWith(FolderLock.CANDIDATE_PREFIX);
                    })
                    .sorted()
                    .toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Path olderLock = entry.resolveSibling(name + ".lock");
                if (name.startsWith(Publisher.STAGING_PREFIX)
                        && (!InputFile.present(olderLock) || FolderLock.isLeftOver(olderLock))) {
                    recover(out, entry, err);
                    Files.deleteIfExists(olderLock);
                }
            } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                    && (name.startsWith(FolderLock.CANDIDATE_PREFIX) && name.endsWith(FolderLock.CANDIDATE_SUFFIX)
                            || name.startsWith(Publisher.STAGING_PREFIX) && name.endsWith(".lock"))
                    && FolderLock.isLeftOver(entry)) {
                Files.deleteIfExists(entry);
            }
        }
    }

    private static void recover(Path out, Path staging, PrintWriter err) throws IOException {
        Path journal = staging.resolve(FILE_NAME);
        if (Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS) && !InputFile.present(staging.resolve(COMMITTED))) {
            undo(out, staging, read(journal));
            err.println("ai-optout: rolled back an interrupted synth in this folder");
        }
        Publisher.deleteTree(staging);
    }

    static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
