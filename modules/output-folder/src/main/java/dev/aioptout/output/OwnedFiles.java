package dev.aioptout.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.PrettyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What ai-optout wrote in an output folder, kept in the folder itself ({@value #FILE_NAME}) so it
 * travels with the output when it is committed: each file with the SHA-256 of the bytes written,
 * and the folders it created. A later run replaces or removes only these files, and only while
 * they are unchanged; everything else in the folder is the user's. cdktf-cli's
 * {@code manifest.json} stays exactly as CDKTF writes it.
 *
 * @param files   path (relative, with '/') to the hex SHA-256 of its content
 * @param folders folders ai-optout created, relative, with '/'
 */
public record OwnedFiles(SortedMap<String, String> files, SortedSet<String> folders) {

    public static final String FILE_NAME = "ai-optout-generated.json";
    /** The marker that says the record is ai-optout's, and in which shape. */
    private static final String GENERATOR = "ai-optout";

    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public OwnedFiles {
        files = new TreeMap<>(files);
        folders = new TreeSet<>(folders);
    }

    static OwnedFiles none() {
        return new OwnedFiles(new TreeMap<>(), new TreeSet<>());
    }

    /** Whether the file at {@code relative} is one ai-optout wrote and nobody changed since. */
    boolean ownsUnchanged(String relative, byte[] content) {
        return sha256(content).equals(files.get(relative));
    }

    String text() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generator", GENERATOR);
        json.put("version", VERSION);
        json.put(
                "about",
                "The files ai-optout synth wrote in this folder. It replaces or removes only these, and only while"
                        + " their content is unchanged; every other file here is left alone.");
        json.put("files", files);
        json.put("folders", folders);
        return PrettyJson.write(json);
    }

    /**
     * The record in {@code folder}; none when there is no record file. Empty when the file is there
     * but is not an ai-optout record (a user's file of that name, or one edited into something
     * else): then nothing in the folder is known to be ai-optout's.
     */
    static Optional<OwnedFiles> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(none());
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null
                || !GENERATOR.equals(json.path("generator").asText(null))
                || json.path("version").asInt() != VERSION
                || !json.path("files").isObject()
                || !json.path("folders").isArray()) {
            return Optional.empty();
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!isPlainRelative(entry.getKey()) || !entry.getValue().isTextual()) {
                return Optional.empty();
            }
            files.put(entry.getKey(), entry.getValue().asText());
        }
        SortedSet<String> folders = new TreeSet<>();
        for (JsonNode f : json.path("folders")) {
            if (!f.isTextual() || !isPlainRelative(f.asText())) {
                return Optional.empty();
            }
            folders.add(f.asText());
        }
        return Optional.of(new OwnedFiles(files, folders));
    }

    /**
     * A path inside the folder: relative, '/'-separated, no empty, "." or ".." part. A record that
     * names anything else (edited by hand, or crafted to reach outside) is not trusted.
     */
    static boolean isPlainRelative(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The folders above a relative path, outermost first: {@code a/b/c.json} gives a, a/b. */
    static List<String> parents(String relative) {
        List<String> out = new ArrayList<>();
        int slash = relative.indexOf('/');
        while (slash > 0) {
            out.add(relative.substring(0, slash));
            slash = relative.indexOf('/', slash + 1);
        }
        return out;
    }

    /** The folder holding a relative path; "" for the output folder itself. */
    static String parent(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
