package dev.aioptout.layout;

import dev.aioptout.policy.SourceLocation;
import java.util.Map;
import java.util.Optional;

/**
 * Source positions of a parsed file by JSON pointer ({@code /exceptions/0/name}). A pointer that
 * has no position of its own (a missing key) answers with its nearest parent's.
 *
 * @param numbers the text of each number as written, since YAML may read it differently (it reads
 *                {@code 000011112222} as the octal number 2397330)
 */
public record Locator(
        String file,
        Map<String, SourceLocation> values,
        Map<String, SourceLocation> keys,
        Map<String, String> numbers) {

    public static Locator none(String file) {
        return new Locator(file, Map.of(), Map.of(), Map.of());
    }

    /** The text of the number at the pointer as the file has it, if there is a number there. */
    public Optional<String> writtenNumber(String pointer) {
        return Optional.ofNullable(numbers.get(pointer));
    }

    /** Where the value at the pointer starts. */
    public SourceLocation value(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            SourceLocation at = values.get(p);
            if (at != null) {
                return at;
            }
            if (p.isEmpty()) {
                return values.isEmpty() ? null : SourceLocation.of(file, 1, 1);
            }
        }
    }

    /** Where the key of a mapping entry stands (for unknown or misplaced keys); else its value. */
    public SourceLocation key(String pointer) {
        SourceLocation at = keys.get(pointer);
        return at != null ? at : value(pointer);
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** Turns {@code /exceptions/0/name} into {@code exceptions[0].name} for messages. */
    public static String field(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String key = part.replace("~1", "/").replace("~0", "~");
            if (key.chars().allMatch(Character::isDigit)) {
                out.append('[').append(key).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(key);
            }
        }
        return out.toString();
    }
}
