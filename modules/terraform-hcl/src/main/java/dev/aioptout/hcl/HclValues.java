package dev.aioptout.hcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.policy.CanonicalJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns JSON-syntax values into native expressions: literals, references, templates and jsonencode(). */
final class HclValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]*$");

    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "for", "in", "if");
    /** A single-line list longer than this is written one element a line. */
    private static final int MAX_INLINE_LIST = 100;

    private HclValues() {}

    /**
     * A value's lines: the first follows {@code name = }, the rest are indented absolutely.
     *
     * @param reference the JSON string is a bare reference or type (depends_on, import to, variable type)
     */
    static List<String> value(JsonNode v, int indent, boolean reference) {
        if (v.isTextual()) {
            String text = v.asText();
            if (reference) {
                return List.of(text);
            }
            String expression = wholeInterpolation(text);
            if (expression != null) {
                return List.of(expression);
            }
            JsonNode document = canonicalDocument(text);
            if (document != null) {
                return jsonencode(document, indent);
            }
            return List.of(HclStrings.template(text));
        }
        if (v.isArray()) {
            return list(v, indent, reference);
        }
        if (v.isObject()) {
            return object(v, indent, false);
        }
        return List.of(v.toString());
    }

    private static List<String> list(JsonNode v, int indent, boolean reference) {
        List<List<String>> items = new ArrayList<>();
        boolean inline = true;
        int length = 2;
        for (JsonNode item : v) {
            List<String> lines = value(item, indent + 1, reference);
            items.add(lines);
            inline &= lines.size() == 1;
            length += lines.get(0).length() + 2;
        }
        if (items.isEmpty()) {
            return List.of("[]");
        }
        if (inline && length <= MAX_INLINE_LIST) {
            return List.of(
                    "[" + String.join(", ", items.stream().map(l -> l.get(0)).toList()) + "]");
        }
        return multiLine(items, indent);
    }

    /** A list one element a line, each followed by a comma. */
    private static List<String> multiLine(List<List<String>> items, int indent) {
        List<String> out = new ArrayList<>();
        out.add("[");
        for (List<String> lines : items) {
            out.add(HclWriter.pad(indent + 1) + lines.get(0) + (lines.size() == 1 ? "," : ""));
            for (int i = 1; i < lines.size(); i++) {
                out.add(lines.get(i) + (i == lines.size() - 1 ? "," : ""));
            }
        }
        out.add(HclWriter.pad(indent) + "]");
        return out;
    }

    /** An object constructor {@code { key = value }}; {@code literal} keeps strings as strings (jsonencode). */
    private static List<String> object(JsonNode v, int indent, boolean literal) {
        if (v.isEmpty()) {
            return List.of("{}");
        }
        List<HclWriter.Item> items = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            // "//" is a comment only in a body; in a value (a map, a policy document) it is an ordinary key.
            List<String> lines =
                    literal ? literalValue(field.getValue(), indent + 1) : value(field.getValue(), indent + 1, false);
            items.add(new HclWriter.Attribute(key(field.getKey()), lines));
        }
        List<String> out = new ArrayList<>();
        out.add("{");
        out.addAll(HclWriter.body(items, indent + 1));
        out.add(HclWriter.pad(indent) + "}");
        return out;
    }

    /** A JSON document as HCL for jsonencode: keys in sorted order (jsonencode sorts them anyway), strings never templates. */
    private static List<String> jsonencode(JsonNode document, int indent) {
        List<String> lines = new ArrayList<>(literalValue(document, indent));
        lines.set(0, "jsonencode(" + lines.get(0));
        int last = lines.size() - 1;
        lines.set(last, lines.get(last) + ")");
        return lines;
    }

    private static List<String> literalValue(JsonNode v, int indent) {
        if (v.isTextual()) {
            String reference = TerraformJson.traversal(v.asText());
            return List.of(reference != null ? reference : HclStrings.literal(v.asText()));
        }
        if (v.isObject()) {
            return object(sorted(v), indent, true);
        }
        if (v.isArray()) {
            List<List<String>> items = new ArrayList<>();
            boolean inline = true;
            for (JsonNode item : v) {
                List<String> lines = literalValue(item, indent + 1);
                inline &= lines.size() == 1;
                items.add(lines);
            }
            if (inline) {
                return List.of("["
                        + String.join(", ", items.stream().map(l -> l.get(0)).toList()) + "]");
            }
            // Objects in lists (IAM-style statements): one element a line, as elsewhere.
            return multiLine(items, indent);
        }
        return List.of(v.toString());
    }

    private static JsonNode sorted(JsonNode object) {
        var copy = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        names.forEach(n -> copy.set(n, object.get(n)));
        return copy;
    }

    /**
     * A JSON object string exactly as jsonencode would write it, so that {@code jsonencode({...})}
     * yields the same bytes; null for anything else. The one template it takes is a string value
     * that is a whole plain reference, {@code "${aws_sns_topic.t.arn}"} (a policy naming a resource
     * of the same configuration), which jsonencode then takes as the bare reference: the same text
     * for any value that JSON writes unescaped, as ARNs and ids are (and a correctly escaped one for
     * any other, where the JSON syntax would splice the value in raw).
     */
    static JsonNode canonicalDocument(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed == null || !parsed.isObject() || !templatesAreWholeReferences(parsed)) {
                return null;
            }
            Object plain = JSON.convertValue(parsed, Object.class);
            return CanonicalJson.write(plain).equals(text) ? parsed : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** No key holds a template sequence, and every string value that does is one whole plain reference. */
    private static boolean templatesAreWholeReferences(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            return !hasTemplate(text) || TerraformJson.traversal(text) != null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (hasTemplate(field.getKey()) || !templatesAreWholeReferences(field.getValue())) {
                    return false;
                }
            }
        }
        for (JsonNode item : node.isArray() ? node : JSON.createArrayNode()) {
            if (!templatesAreWholeReferences(item)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasTemplate(String text) {
        return text.contains("${") || text.contains("%{");
    }

    /** {@code ${expr}} covering the whole string: the expression, else null. */
    static String wholeInterpolation(String text) {
        if (!text.startsWith("${") || !text.endsWith("}")) {
            return null;
        }
        int end = HclStrings.templateEnd(text, 2);
        return end == text.length() - 1 ? text.substring(2, end) : null;
    }

    static String key(String name) {
        return IDENTIFIER.matcher(name).matches() && !KEYWORDS.contains(name) ? name : HclStrings.literal(name);
    }
}
