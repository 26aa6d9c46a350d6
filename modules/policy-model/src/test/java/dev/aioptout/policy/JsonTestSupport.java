package dev.aioptout.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Map;

/** An independent (Jackson) view of JSON text, to check CanonicalJson output against. */
final class JsonTestSupport {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private JsonTestSupport() {}

    /** Parses strictly; throws when the text is not exactly one valid JSON value. */
    static JsonNode tree(String json) {
        try {
            return STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not valid JSON: " + e.getOriginalMessage() + "\n" + json, e);
        }
    }

    /** The same JSON re-written by Jackson, compact, with every object's keys sorted. */
    static String sortedCompact(String json) {
        try {
            Object plain = STRICT.treeToValue(tree(json), Object.class);
            return STRICT.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** True when every object in the tree lists its keys in ascending order. */
    static boolean keysSorted(JsonNode node) {
        if (node.isObject()) {
            String previous = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (previous != null && previous.compareTo(e.getKey()) >= 0) {
                    return false;
                }
                previous = e.getKey();
                if (!keysSorted(e.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!keysSorted(item)) {
                    return false;
                }
            }
        }
        return true;
    }
}
