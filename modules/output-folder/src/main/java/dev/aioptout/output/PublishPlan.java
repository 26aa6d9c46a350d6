package dev.aioptout.output;

import dev.aioptout.output.Journal.Kind;
import dev.aioptout.output.Journal.Operation;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The paths checked before anything changes: what publishing the generated files would do to the
 * output folder, one operation per path, and what stops it. ai-optout creates what is missing,
 * replaces or removes only files its record lists (and only while unchanged) or that hold exactly
 * the bytes it would write, removes folders it made once they are empty, and never goes through a
 * symbolic link.
 *
 * @param operations folders made, files written, files removed, folders removed, then the record
 * @param record     the record of what ai-optout owns once the operations are done
 * @param collisions paths that are not ai-optout's to write; when there is one, nothing is done
 * @param warnings   files and folders kept although they are no longer generated
 */
record PublishPlan(List<Operation> operations, OwnedFiles record, List<Problem> collisions, List<String> warnings) {

    /**
     * @param out     the output folder (absolute, real)
     * @param shown   the output folder as the user named it, for messages
     * @param scratch the generated files, as they go into the output folder
     */
    static PublishPlan of(Path out, String shown, Path scratch) throws IOException {
        return new Checks(out, shown).plan(generated(scratch));
    }

    /** The generated files by relative path, with an empty record file (written once the plan is known). */
    private static SortedMap<String, byte[]> generated(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                files.put(relative, Files.readAllBytes(file));
            }
        }
        files.remove(OwnedFiles.FILE_NAME);
        files.put(OwnedFiles.FILE_NAME, new byte[0]);
        return files;
    }

    /**
     * Whether {@code folder} and every folder above it is a real folder, not a link, so that nothing
     * is deleted through one. The output folder itself is "".
     */
    static boolean realFolders(Path out, String folder) {
        if (folder.isEmpty()) {
            return true;
        }
        List<String> chain = new ArrayList<>(OwnedFiles.parents(folder));
        chain.add(folder);
        for (String f : chain) {
            if (!Files.isDirectory(out.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /** The checks of one plan, path by path, and what they found. */
    private static final class Checks {
        private final Path out;
        private final String shown;
        private final List<Problem> collisions = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        /** Folders the new files need, outermost first. */
        private final Set<String> needed = new TreeSet<>();
        /** Folders to make, outermost first. */
        private final List<String> mkdirs = new ArrayList<>();
        /** Folders in the way (a link or a file): nothing is written below them. */
        private final Set<String> blocked = new HashSet<>();

        Checks(Path out, String shown) {
            this.out = out;
            this.shown = shown;
        }

        PublishPlan plan(SortedMap<String, byte[]> generated) throws IOException {
            OwnedFiles owned = OwnedFiles.read(out).orElse(null);
            boolean recordRefused = owned == null;
            if (recordRefused) {
                collision(
                        OwnedFiles.FILE_NAME,
                        "exists and is not ai-optout's record of the files it wrote",
                        "move or rename it, or choose another --out");
                owned = OwnedFiles.none();
            }
            generated.keySet().forEach(f -> needed.addAll(OwnedFiles.parents(f)));
            folders();
            List<Operation> files = files(generated, owned, recordRefused);
            Set<String> removed = removals(generated, owned);
            Set<String> keptFolders = new TreeSet<>();
            List<String> rmdirs = folderRemovals(owned, removed, keptFolders);

            List<Operation> operations = new ArrayList<>();
            mkdirs.forEach(f -> operations.add(new Operation(Kind.MKDIR, f)));
            files.stream().filter(o -> !o.path().equals(OwnedFiles.FILE_NAME)).forEach(operations::add);
            removed.forEach(f -> operations.add(new Operation(Kind.REMOVE, f)));
            rmdirs.forEach(f -> operations.add(new Operation(Kind.RMDIR, f)));
            operations.add(files.stream()
                    .filter(o -> o.path().equals(OwnedFiles.FILE_NAME))
                    .findFirst()
                    .orElseGet(() -> new Operation(
                            InputFile.present(out.resolve(OwnedFiles.FILE_NAME)) ? Kind.REPLACE : Kind.CREATE,
                            OwnedFiles.FILE_NAME)));
            return new PublishPlan(operations, record(generated, owned, keptFolders), collisions, warnings);
        }

        /** Each folder the files need: made when missing; a link or a file there stops the run. */
        private void folders() {
            for (String folder : needed) {
                if (OwnedFiles.parents(folder).stream().anyMatch(blocked::contains)) {
                    blocked.add(folder);
                    continue;
                }
                Path at = out.resolve(folder);
                if (!InputFile.present(at)) {
                    mkdirs.add(folder);
                } else if (Files.isSymbolicLink(at)) {
                    blocked.add(folder);
                    collision(
                            folder,
                            "is a symbolic link where ai-optout writes a folder",
                            "ai-optout never writes through links in its output folder; replace it with a folder, or"
                                    + " choose another --out");
                } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    blocked.add(folder);
                    collision(folder, "is a file where ai-optout writes a folder", "move it, or choose another --out");
                }
            }
        }

        /** Each generated file: created, or replaced when what is there is ai-optout's; anything else stops the run. */
        private List<Operation> files(SortedMap<String, byte[]> generated, OwnedFiles owned, boolean recordRefused)
                throws IOException {
            List<Operation> files = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : generated.entrySet()) {
                String relative = file.getKey();
                if (OwnedFiles.parents(relative).stream().anyMatch(blocked::contains)
                        || (recordRefused && relative.equals(OwnedFiles.FILE_NAME))) {
                    continue;
                }
                Kind kind = kind(relative, file.getValue(), owned);
                if (kind != null) {
                    files.add(new Operation(kind, relative));
                }
            }
            return files;
        }

        /** CREATE or REPLACE, or null (with the collision said) when the path is not ai-optout's to write. */
        private Kind kind(String relative, byte[] content, OwnedFiles owned) throws IOException {
            Path at = out.resolve(relative);
            if (!InputFile.present(at)) {
                return Kind.CREATE;
            }
            if (Files.isSymbolicLink(at)) {
                collision(
                        relative,
                        "is a symbolic link where ai-optout writes a file",
                        "ai-optout never writes through links in its output folder; remove the link, or choose"
                                + " another --out");
                return null;
            }
            if (!Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                collision(relative, "is a folder where ai-optout writes a file", "move it, or choose another --out");
                return null;
            }
            if (relative.equals(OwnedFiles.FILE_NAME)) {
                return Kind.REPLACE; // read and found to be ai-optout's
            }
            byte[] present = Files.readAllBytes(at);
            if (owned.ownsUnchanged(relative, present) || Arrays.equals(present, content)) {
                return Kind.REPLACE;
            }
            if (owned.files().containsKey(relative)) {
                collision(
                        relative,
                        "was changed after ai-optout wrote it",
                        "ai-optout does not overwrite changes: keep them elsewhere and delete the file, or"
                                + " choose another --out");
            } else {
                collision(
                        relative,
                        "exists and was not written by ai-optout",
                        "ai-optout writes only its own files: move or rename it, or choose another --out");
            }
            return null;
        }

        /** Files written before that this run does not write: removed while unchanged, kept with a warning otherwise. */
        private Set<String> removals(SortedMap<String, byte[]> generated, OwnedFiles owned) throws IOException {
            Set<String> removed = new TreeSet<>();
            for (String relative : owned.files().keySet()) {
                if (generated.containsKey(relative)
                        || relative.equals(OwnedFiles.FILE_NAME)
                        || !realFolders(out, OwnedFiles.parent(relative))) {
                    continue;
                }
                Path at = out.resolve(relative);
                if (Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                    if (owned.ownsUnchanged(relative, Files.readAllBytes(at))) {
                        removed.add(relative);
                    } else {
                        warnings.add("kept " + relative + ": it is no longer generated, but was changed after"
                                + " ai-optout wrote it");
                    }
                }
            }
            return removed;
        }

        /**
         * Folders ai-optout made that are no longer needed, innermost first: removed when nothing
         * else is left in them, else kept (in {@code kept}), with a warning when they held generated files.
         */
        private List<String> folderRemovals(OwnedFiles owned, Set<String> removed, Set<String> kept)
                throws IOException {
            List<String> rmdirs = new ArrayList<>();
            List<String> candidates = owned.folders().stream()
                    .filter(f -> !needed.contains(f))
                    .filter(f -> Files.isDirectory(out.resolve(f), LinkOption.NOFOLLOW_LINKS) && realFolders(out, f))
                    .sorted(Comparator.comparingInt((String f) -> f.split("/").length)
                            .reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            Set<String> goingAway = new HashSet<>(removed);
            for (String folder : candidates) {
                boolean empty;
                try (Stream<Path> entries = Files.list(out.resolve(folder))) {
                    empty = entries.map(p -> folder + "/" + p.getFileName()).allMatch(goingAway::contains);
                }
                if (empty) {
                    rmdirs.add(folder);
                    goingAway.add(folder);
                } else {
                    kept.add(folder);
                    boolean hadGenerated = owned.files().keySet().stream()
                            .anyMatch(f -> f.startsWith(folder + "/") && f.indexOf('/', folder.length() + 1) < 0);
                    if (hadGenerated) {
                        warnings.add("kept " + folder + ": it is no longer generated but holds other files (Terraform"
                                + " state?); remove it once its resources are handled");
                    }
                }
            }
            return rmdirs;
        }

        /** The new record: every generated file with its hash; the folders ai-optout made and still has. */
        private OwnedFiles record(SortedMap<String, byte[]> generated, OwnedFiles owned, Set<String> keptFolders) {
            SortedMap<String, String> files = new TreeMap<>();
            generated.forEach((f, bytes) -> files.put(f, OwnedFiles.sha256(bytes)));
            files.remove(OwnedFiles.FILE_NAME);
            Set<String> folders = new TreeSet<>(mkdirs);
            for (String folder : owned.folders()) {
                if (needed.contains(folder) && !mkdirs.contains(folder) && !blocked.contains(folder)) {
                    folders.add(folder);
                }
            }
            folders.addAll(keptFolders);
            return new OwnedFiles(files, new TreeSet<>(folders));
        }

        private void collision(String relative, String message, String hint) {
            collisions.add(Problem.error(
                    null, "--out", FileErrors.shown(Path.of(shown).resolve(relative)) + " " + message, hint));
        }
    }
}
