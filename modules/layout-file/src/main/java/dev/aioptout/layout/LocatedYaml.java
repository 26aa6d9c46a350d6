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
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.aioptout.policy.JsonPointers;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML into a JSON tree and remembers where every key and value stands, so that schema
 * and semantic errors can name a line and column. Duplicate keys, which YAML parsers commonly
 * accept with the last one winning, are errors here. So is YAML a layout has no use for and that
 * would change what a value means: aliases ({@code *name}, which the parser would hand over as the
 * anchor's name, not its value), tags other than the JSON types ({@code !!binary}, {@code !custom})
 * and keys that are not plain text.
 *
 * <p>Parsing time stays linear in the text's length: SnakeYAML copies the unread part of its
 * window for every 1,024 characters it looks ahead, so one long token costs its length squared.
 * Tokens end at line breaks at the latest, so lines are limited to {@link #MAX_LINE} characters
 * (checked before parsing, in one pass), and nesting to {@link #MAX_DEPTH} levels.
 */
final class LocatedYaml {

    /** Either a tree with its locator, or the syntax problem that stopped parsing. */
    record Parsed(JsonNode root, Locator locator, Problem problem) {}

    /** The longest line read; a layout's longest value is a 512-character description. */
    static final int MAX_LINE = 64 * 1024;
    /** The deepest nesting read; a layout's deepest value (exceptions[0].services.lex) is at level 4. */
    static final int MAX_DEPTH = 32;
    /** The tags whose meaning JSON has; the parser already gives their values those types. */
    private static final Set<String> JSON_TAGS = Set.of(
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    private static final YAMLFactory YAML = YAMLFactory.builder()
            // The size of what is parsed is limited where files are read; the parser's own limit
            // (3 MiB) would stop the benchmarks that measure its cost beyond that.
            .loaderOptions(unlimitedSize())
            .build();
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

    private static LoaderOptions unlimitedSize() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    private Parsed run(String text) {
        Problem longLine = longLine(text);
        if (longLine != null) {
            return failure(longLine);
        }
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
        } catch (Refused e) {
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
        String hint = "check indentation and quoting around this line";
        if (reason.startsWith("Expected a field name")) {
            // Jackson's words for a key that is a list or mapping ("? [a, b]: c"), naming its own event classes.
            reason = "a key must be plain text, not a list or mapping";
            hint = "write the key as text, e.g. name:";
        } else if (reason.contains("org.yaml.snakeyaml")) {
            reason = "YAML that a layout file cannot hold";
        }
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
        return Problem.error(where, Locator.field(inside), "YAML syntax error: " + reason, hint);
    }

    /** The first line longer than {@link #MAX_LINE} characters, as a problem; null when there is none. */
    private Problem longLine(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length()
                    || text.charAt(i) == '\n'
                    || (text.charAt(i) == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (end) {
                if (i - start > MAX_LINE) {
                    return Problem.error(
                            SourceLocation.of(file, line, MAX_LINE + 1),
                            "",
                            "line " + line + " is " + (i - start) + " characters long",
                            "a line holds at most " + MAX_LINE
                                    + " characters; write long lists one item per line (\"- item\")");
                }
                line++;
                start = i + 1;
            }
        }
        return null;
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
        refuseWhatChangesMeaning(parser, pointer, token);
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (next(parser, pointer) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String child = pointer + "/" + JsonPointers.escape(key);
                    if (object.has(key)) {
                        throw new Refused(Problem.error(
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
            default ->
                throw new Refused(Problem.error(
                        here(parser),
                        Locator.field(pointer),
                        "a value a layout file cannot hold",
                        "write text, a number, true or false, a list or a mapping"));
        }
    }

    /** Aliases, tags without a JSON meaning and nesting deeper than any layout needs. */
    private void refuseWhatChangesMeaning(JsonParser parser, String pointer, JsonToken token) throws IOException {
        YAMLParser yaml = (YAMLParser) parser;
        if (yaml.isCurrentAlias()) {
            throw new Refused(Problem.error(
                    here(parser),
                    Locator.field(pointer),
                    "YAML alias *" + parser.getText() + " is not read by ai-optout",
                    "write the value itself here; a layout file does not use anchors (&) and aliases (*)"));
        }
        String tag = yaml.getTypeId();
        if (tag != null && !JSON_TAGS.contains(tag)) {
            String shown = tag.startsWith("tag:yaml.org,2002:")
                    ? "!!" + tag.substring("tag:yaml.org,2002:".length())
                    : tag.startsWith("!") ? tag : "!" + tag;
            throw new Refused(Problem.error(
                    here(parser),
                    Locator.field(pointer),
                    "YAML tag " + shown + " is not read by ai-optout",
                    "remove the tag and write the value as text, a number, true or false"));
        }
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth(pointer) >= MAX_DEPTH) {
            throw new Refused(Problem.error(
                    here(parser),
                    "",
                    "lists and mappings nested more than " + MAX_DEPTH + " levels deep",
                    "a layout file nests a few levels at most; check the brackets"));
        }
    }

    private static int depth(String pointer) {
        int depth = 0;
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    private SourceLocation here(JsonParser parser) {
        JsonLocation at = parser.currentTokenLocation();
        return SourceLocation.of(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    /** Carries a problem that stops reading (a duplicate key, an alias, ...) out of the recursive reader. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        Refused(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }
    }
}
