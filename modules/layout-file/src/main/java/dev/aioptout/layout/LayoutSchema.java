package dev.aioptout.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aioptout.policy.JsonPointers;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.policy.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The published JSON Schema of the layout file ({@code ai-optout schema} prints it), and
 * validation against it with messages that name the line, the field and what is allowed.
 */
public final class LayoutSchema {

    private static final String RESOURCE = "ai-optout.schema.json";
    private static final java.util.regex.Pattern SECRET =
            java.util.regex.Pattern.compile("(?i)(secret|token|password|access_key|credential)");
    private static final String TEXT = readResource();
    private static final JsonNode TREE;
    private static final JsonSchema SCHEMA;

    static {
        try {
            TREE = new ObjectMapper().readTree(TEXT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(TREE);
    }

    private LayoutSchema() {}

    /** The schema document, exactly as published. */
    public static String text() {
        return TEXT;
    }

    static List<Problem> validate(JsonNode document, Locator locator) {
        List<ValidationMessage> messages = new ArrayList<>(SCHEMA.validate(document));
        // One message per place, in file order: nested alternatives can repeat a failure.
        messages.sort(Comparator.comparing((ValidationMessage m) -> pointer(m.getInstanceLocation()))
                .thenComparing(ValidationMessage::getType));
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (ValidationMessage m : messages) {
            Problem p = toProblem(m, locator);
            if (seen.add(p.format())) {
                problems.add(p);
            }
        }
        problems.sort(Comparator.comparingInt(
                        (Problem p) -> p.location() == null ? 0 : p.location().line())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
        return problems;
    }

    private static Problem toProblem(ValidationMessage m, Locator locator) {
        String at = pointer(m.getInstanceLocation());
        JsonNode instance = m.getInstanceNode();
        JsonNode rule = m.getSchemaNode();
        String described = describe(m.getSchemaLocation().getFragment());
        switch (m.getType()) {
            case "additionalProperties" -> {
                String key = m.getProperty();
                String child = at + "/" + JsonPointers.escape(key);
                Set<String> allowed = allowedKeys(m.getSchemaLocation().getFragment());
                String hint = Suggestions.closest(key, allowed)
                                .map(k -> "did you mean \"" + k + "\"? ")
                                .orElse("") + "allowed here: " + String.join(", ", allowed);
                if (SECRET.matcher(key).find()) {
                    hint =
                            "credentials and tokens never go in the layout file: Terraform reads them from the environment"
                                    + " (AWS_ACCESS_KEY_ID, AWS_PROFILE, TF_TOKEN_app_terraform_io, ...); " + hint;
                }
                return Problem.error(locator.key(child), Locator.field(child), "unknown key \"" + key + "\"", hint);
            }
            case "propertyNames" -> {
                // A key of the wrong shape: point at the key itself and say what keys look like.
                String key = m.getProperty();
                String child = at + "/" + JsonPointers.escape(key);
                String hint = rule.path("description").isTextual()
                        ? "expected " + rule.path("description").asText()
                        : described;
                if (at.endsWith("/services")) {
                    hint = ServiceKeys.closest(key)
                                    .map(k -> "did you mean \"" + k + "\"? ")
                                    .orElse("")
                            + hint;
                }
                return Problem.error(locator.key(child), Locator.field(child), "invalid key \"" + key + "\"", hint);
            }
            case "required" -> {
                String key = m.getProperty();
                return Problem.error(
                        locator.value(at),
                        Locator.field(at + "/" + key),
                        "missing required key \"" + key + "\"",
                        describe(m.getSchemaLocation().getFragment(), key));
            }
            case "const" -> {
                return Problem.error(
                        locator.value(at),
                        Locator.field(at),
                        (at.equals("/version") ? "unsupported version " : "invalid value ") + shown(instance),
                        described);
            }
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                rule.forEach(v -> allowed.add(v.asText()));
                String text = instance.isTextual() ? instance.asText() : instance.toString();
                String hint;
                if (allowed.contains("optOut") && OptValue.caseInsensitive(text).isPresent()) {
                    hint = "case matters and AWS silently ignores \"" + text + "\": write "
                            + OptValue.caseInsensitive(text).get().json();
                } else if (text.startsWith("@@")) {
                    hint = text + " is an operator, and AI opt-out policies allow only @@assign, which ai-optout writes"
                            + " for you: give optOut or optIn";
                } else {
                    hint = Suggestions.closest(text, allowed)
                                    .map(s -> "did you mean " + s + "? ")
                                    .orElse("") + "allowed: " + String.join(", ", allowed);
                }
                return Problem.error(locator.value(at), Locator.field(at), "invalid value " + shown(instance), hint);
            }
            case "type" -> {
                String expected = rule.isTextual() ? rule.asText() : rule.toString();
                String hint = described;
                if ("string".equals(expected) && instance.isNumber()) {
                    String written = locator.writtenNumber(at).orElse(instance.asText());
                    hint = "put it in quotes, e.g. \"" + written + "\": YAML reads unquoted digits as a"
                            + " number and drops leading zeros" + (described == null ? "" : "; " + described);
                }
                return Problem.error(
                        locator.value(at),
                        Locator.field(at),
                        "must be " + article(expected) + ", not " + shown(instance),
                        hint);
            }
            default -> {
                // pattern, lengths, item counts: the schema's own description says what is allowed.
                return Problem.error(locator.value(at), Locator.field(at), invalid(m, instance), described);
            }
        }
    }

    private static String invalid(ValidationMessage m, JsonNode instance) {
        return switch (m.getType()) {
            case "pattern" -> "invalid value " + shown(instance);
            case "minItems", "minProperties" -> "must not be empty";
            case "maxProperties" -> "give exactly one of its keys";
            case "maxLength" -> "too long (" + instance.asText().length() + " characters)";
            case "minLength" -> "must not be empty";
            default -> m.getMessage().replaceFirst("^\\$[^:]*: ", "");
        };
    }

    private static String shown(JsonNode node) {
        return node == null ? "null" : node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }

    /** The description of the schema node that holds the failing keyword (or of one of its properties). */
    private static String describe(JsonNodePath keywordPath, String... property) {
        JsonNode node = schemaNode(keywordPath.getParent());
        if (property.length > 0) {
            node = node.path("properties").path(property[0]);
        }
        JsonNode text = node.path("description");
        if (text.isTextual()) {
            return "expected " + text.asText();
        }
        JsonNode ref = node.path("$ref");
        if (ref.isTextual()) {
            JsonNode target = TREE.at(ref.asText().substring(1));
            if (target.path("description").isTextual()) {
                return "expected " + target.path("description").asText();
            }
        }
        return null;
    }

    private static Set<String> allowedKeys(JsonNodePath keywordPath) {
        Set<String> keys = new TreeSet<>();
        schemaNode(keywordPath.getParent()).path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode schemaNode(JsonNodePath path) {
        return TREE.at(pointer(path));
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(JsonPointers.escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    private static String readResource() {
        try (InputStream in = LayoutSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
