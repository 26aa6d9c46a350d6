package dev.aioptout.layout;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML into a JSON tree and remembers where every key and value stands, so that schema
 * and semantic errors can name a line and column. Duplicate keys, which YAML parsers commonly
 * accept with the last one winning, are errors here.
 */
final class LocatedYaml {

    /** Either a tree with its locator, or the syntax problem that stopped parsing. */
    record Parsed(JsonNode root, Locator locator, Problem problem) {}

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final Map<String, SourceLocation> values = new HashMap<>();
    private final Map<String, SourceLocation> keys = new HashMap<>();
    private final Map<String, String> numbers = new HashMap<>();
    /** The pointer of the mapping, list or value being read: the field a syntax error is reported on. */
    private String inside = "";

    private LocatedYaml(String file) {
        this.file = file;
    }

    static Parsed parse(String file, String text) {
        return new LocatedYaml(file).run(text);
    }

    private Parsed run(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return failure(Problem.error(
                        SourceLocation.of(file, 1, 1), "", "the file is empty", "start with \"version: 1\""));
            }
            JsonNode root = read(parser, "");
            if (parser.nextToken() != null) {
                return failure(Problem.error(
                        here(parser),
                        "",
                        "more than one YAML document in the file",
                        "keep one document; remove the extra '---'"));
            }
            return new Parsed(root, new Locator(file, Map.copyOf(values), Map.copyOf(keys), Map.copyOf(numbers)), null);
        } catch (DuplicateKey e) {
            return failure(e.problem);
        } catch (JsonProcessingException e) {
            return failure(syntaxError(e));
        } catch (IOException e) {
            return failure(Problem.error(SourceLocation.of(file, 1, 1), "", "cannot read: " + e.getMessage(), null));
        }
    }

    /**
     * Names the place SnakeYAML found the problem and what it expected there (its "problem"), with
     * the construct it was reading (its "context"); Jackson's own location is where the current
     * token started, which can be lines before the actual problem.
     */
    private Problem syntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        SourceLocation where = at == null
                ? SourceLocation.of(file, 1, 1)
                : SourceLocation.of(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
        String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            reason = marked.getProblem();
            Mark problemMark = marked.getProblemMark();
            if (problemMark != null) {
                where = SourceLocation.of(file, problemMark.getLine() + 1, problemMark.getColumn() + 1);
            }
            Mark contextMark = marked.getContextMark();
            if (marked.getContext() != null) {
                reason += ", " + marked.getContext()
                        + (contextMark == null
                                ? ""
                                : " started at line " + (contextMark.getLine() + 1) + ", column "
                                        + (contextMark.getColumn() + 1));
            }
        }
        return Problem.error(
                where,
                Locator.field(inside),
                "YAML syntax error: " + reason,
                "check indentation and quoting around this line");
    }

    /** Reads the next token, remembering which mapping, list or value is being read for error messages. */
    private JsonToken next(JsonParser parser, String pointer) throws IOException {
        inside = pointer;
        return parser.nextToken();
    }

    private Parsed failure(Problem problem) {
        return new Parsed(null, Locator.none(file), problem);
    }

    private JsonNode read(JsonParser parser, String pointer) throws IOException {
        values.put(pointer, here(parser));
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (next(parser, pointer) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String child = pointer + "/" + Locator.escape(key);
                    if (object.has(key)) {
                        throw new DuplicateKey(Problem.error(
                                here(parser),
                                Locator.field(child),
                                "duplicate key \"" + key + "\"",
                                "first given at " + keys.get(child)));
                    }
                    keys.put(child, here(parser));
                    next(parser, child);
                    object.set(key, read(parser, child));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (next(parser, pointer) != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index++));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                numbers.put(pointer, parser.getText());
                // The narrowest node, so that schema comparisons such as "const": 1 see an int.
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                numbers.put(pointer, parser.getText());
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected YAML token " + token);
        }
    }

    private SourceLocation here(JsonParser parser) {
        JsonLocation at = parser.currentTokenLocation();
        return SourceLocation.of(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    /** Carries a duplicate-key problem out of the recursive reader. */
    private static final class DuplicateKey extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        DuplicateKey(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }
    }
}
