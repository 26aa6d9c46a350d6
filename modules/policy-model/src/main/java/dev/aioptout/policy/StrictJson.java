package dev.aioptout.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.regex.Pattern;

/**
 * JSON read the way AWS and this project's files need it: a duplicate key, or anything after the
 * document ("{...}}", two documents back to back), is a syntax error with its line and column.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    /** The tree, or the syntax problem that stopped reading it. */
    public record Read(JsonNode tree, Problem problem) {}

    private StrictJson() {}

    /**
     * @param source the name messages use for the text
     * @param hint   what a valid text looks like, or null
     */
    public static Read read(String text, String source, String hint) {
        try {
            return new Read(MAPPER.readTree(text), null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SourceLocation where =
                    at == null || source == null ? null : SourceLocation.of(source, at.getLineNr(), at.getColumnNr());
            return new Read(null, Problem.error(where, "", "not valid JSON: " + reason(e), hint));
        }
    }

    /**
     * Jackson's message without its internals: the first line, and a position it names inside
     * ("start marker at [Source: REDACTED (...); line: 1, column: 1]") as "line 1, column 1".
     */
    static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        String first = message.lines().findFirst().orElse(message);
        return SOURCE.matcher(first).replaceAll("line $1, column $2");
    }
}
