package dev.aioptout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.policy.PrettyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CDKTF's {@code manifest.json}, which cdktf-cli reads to find each stack. Edited as JSON and
 * written back as CDKTF writes it (JavaScript's {@code JSON.stringify(manifest, null, 2)}), so
 * that an unedited manifest reads and writes back byte for byte.
 */
final class CdktfManifest {

    static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdktfManifest() {}

    /** Points the stack's {@code synthesizedStackPath} at {@code stacks/<stack>/<file>}. */
    static void pointStackAt(Path manifest, String stack, String file) throws IOException {
        Files.writeString(manifest, withStackFile(Files.readString(manifest), stack, file));
    }

    static String withStackFile(String manifest, String stack, String file) throws IOException {
        JsonNode root = JSON.readTree(manifest);
        if (!(root.path("stacks").path(stack) instanceof ObjectNode entry)) {
            throw new IOException(FILE_NAME + " has no stack \"" + stack + "\"");
        }
        entry.put("synthesizedStackPath", "stacks/" + stack + "/" + file);
        return PrettyJson.writeAsJavaScript(root);
    }
}
