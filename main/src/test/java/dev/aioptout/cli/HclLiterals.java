package dev.aioptout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the literal values of native HCL, just enough to check a module's variable defaults:
 * quoted strings (with escapes, no templates), numbers, true/false/null, lists and objects whose
 * keys are identifiers or quoted strings, separated by commas or newlines.
 */
final class HclLiterals {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("(?m)^variable \"([^\"]+)\" \\{$");

    private final String text;
    private int at;

    private HclLiterals(String text) {
        this.text = text;
    }

    /** The {@code default} of every variable of a variables.tf, by variable name, in file order. */
    static Map<String, JsonNode> defaults(String variablesTf) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(variablesTf);
        while (m.find()) {
            int end = variablesTf.indexOf("\n}\n", m.end());
            String body = variablesTf.substring(m.end(), end + 1);
            Matcher d = Pattern.compile("(?m)^  default +=").matcher(body);
            if (d.find()) {
                HclLiterals parser = new HclLiterals(body);
                parser.at = d.end();
                out.put(m.group(1), parser.value());
            } else {
                out.put(m.group(1), null);
            }
        }
        return out;
    }

    /** Variable names in file order. */
    static List<String> blockNames(String tf, String type) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + type + " \"([^\"]+)\" \\{").matcher(tf);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static JsonNode parse(String literal) {
        HclLiterals parser = new HclLiterals(literal);
        JsonNode value = parser.value();
        parser.skip(true);
        if (parser.at != literal.length()) {
            throw parser.error("trailing text");
        }
        return value;
    }

    private JsonNode value() {
        skip(false);
        char c = peek();
        if (c == '"') {
            return NODES.textNode(string());
        }
        if (c == '[') {
            at++;
            ArrayNode list = NODES.arrayNode();
            while (true) {
                skip(true);
                if (peek() == ']') {
                    at++;
                    return list;
                }
                list.add(value());
                skip(true);
                if (peek() == ',') {
                    at++;
                }
            }
        }
        if (c == '{') {
            at++;
            ObjectNode object = NODES.objectNode();
            while (true) {
                skip(true);
                if (peek() == '}') {
                    at++;
                    return object;
                }
                String key = peek() == '"' ? string() : word();
                skip(false);
                expect('=');
                if (object.has(key)) {
                    throw error("duplicate key " + key);
                }
                object.set(key, value());
                skip(false);
                if (peek() == ',') {
                    at++;
                }
            }
        }
        String word = word();
        return switch (word) {
            case "true" -> NODES.booleanNode(true);
            case "false" -> NODES.booleanNode(false);
            case "null" -> NODES.nullNode();
            default -> {
                try {
                    yield NODES.numberNode(new java.math.BigDecimal(word));
                } catch (NumberFormatException e) {
                    throw error("not a literal: " + word);
                }
            }
        };
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n') {
                throw error("newline in a quoted string");
            }
            if ((c == '$' || c == '%') && at < text.length() && text.charAt(at) == '{') {
                throw error("template in a literal");
            }
            if ((c == '$' || c == '%') && text.startsWith(c + "{", at)) {
                out.append(c);
                at++;
                continue;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
        }
    }

    private String word() {
        int start = at;
        while (at < text.length()
                && (Character.isLetterOrDigit(text.charAt(at)) || "_-.+".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        if (start == at) {
            throw error("expected a value");
        }
        return text.substring(start, at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected " + c);
        }
        at++;
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private void skip(boolean newlines) {
        while (at < text.length() && (text.charAt(at) == ' ' || newlines && text.charAt(at) == '\n')) {
            at++;
        }
    }

    private IllegalArgumentException error(String message) {
        int from = Math.max(0, at - 30);
        return new IllegalArgumentException(
                message + " at " + at + ": ..." + text.substring(from, Math.min(text.length(), at + 30)));
    }
}
