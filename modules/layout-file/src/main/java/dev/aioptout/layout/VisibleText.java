package dev.aioptout.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.JsonPointers;
import dev.aioptout.policy.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every key and value of a layout is one line of visible text: ids, names, regions, buckets,
 * hosts, paths and tags hold no line break, control character or invisible formatting character.
 * Only the free texts (the policy's description and an exception's reason) may hold line breaks
 * and tabs. Checked before the schema: its patterns are searches in Java's regular expressions,
 * whose {@code $} also matches before a final line break, so {@code "111122223333\n"} would pass
 * them and be used later.
 */
final class VisibleText {

    /** The values that are prose and may run over several lines. */
    private static final Pattern FREE_TEXT = Pattern.compile("/policy/description|/exceptions/[0-9]+/reason");

    private final Locator locator;
    private final List<Problem> problems = new ArrayList<>();

    private VisibleText(Locator locator) {
        this.locator = locator;
    }

    static List<Problem> check(JsonNode root, Locator locator) {
        VisibleText check = new VisibleText(locator);
        check.walk(root, "");
        return check.problems;
    }

    private void walk(JsonNode node, String pointer) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + "/" + JsonPointers.escape(field.getKey());
                int at = DisplayText.indexOfUnsafe(field.getKey(), "");
                if (at >= 0) {
                    problems.add(Problem.error(
                            locator.key(child),
                            Locator.field(child),
                            "the key contains "
                                    + DisplayText.describe(field.getKey().charAt(at)),
                            "keys are one line of visible text"));
                }
                walk(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i);
            }
        } else if (node.isTextual()) {
            boolean prose = FREE_TEXT.matcher(pointer).matches();
            int at = DisplayText.indexOfUnsafe(node.asText(), prose ? "\n\t" : "");
            if (at >= 0) {
                problems.add(Problem.error(
                        locator.value(pointer),
                        Locator.field(pointer),
                        "\"" + node.asText() + "\" contains "
                                + DisplayText.describe(node.asText().charAt(at)) + " at character " + (at + 1),
                        prose
                                ? "a description or reason may hold line breaks and tabs, no other control"
                                        + " or invisible characters"
                                : "ids, names, regions, buckets, hosts and tags are one line of visible text"));
            }
        }
    }
}
