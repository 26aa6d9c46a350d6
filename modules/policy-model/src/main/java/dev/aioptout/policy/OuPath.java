package dev.aioptout.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OU named by its path from the root, as a layout may write it instead of its id:
 * {@code /Workloads/Prod}, each name as AWS shows it. A {@code /} inside a name is written
 * {@code \/} and a backslash {@code \\}, so every path reads back as exactly one list of names.
 * The path is resolved to the OU's id from an organization file; the id, not the path, is what
 * the generated configuration holds.
 */
public final class OuPath {

    /**
     * The shape of a path, without anchors, in the syntax Java, ECMA-262 (the layout schema) and
     * RE2 read alike: names of characters other than {@code /} and {@code \}, or of the two escapes.
     */
    public static final String PATTERN = "/([^/\\\\]|\\\\[/\\\\])+(/([^/\\\\]|\\\\[/\\\\])+)*";

    private static final Pattern WHOLE = Pattern.compile(PATTERN);

    private OuPath() {}

    /** Whether the text is a path (it starts with {@code /}, as no id does). */
    public static boolean isPath(String text) {
        return text != null && WHOLE.matcher(text).matches();
    }

    /** The names from the root down; empty when the text is not a path. */
    public static Optional<List<String>> names(String text) {
        if (!isPath(text)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                name.append(text.charAt(++i));
            } else if (c == '/') {
                names.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        names.add(name.toString());
        return Optional.of(names);
    }

    /** The path of OUs with these names, from the root down, escaped so {@link #names} reads it back. */
    public static String of(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append('/').append(name.replace("\\", "\\\\").replace("/", "\\/"));
        }
        return out.toString();
    }
}
