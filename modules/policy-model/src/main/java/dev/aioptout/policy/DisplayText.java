package dev.aioptout.policy;

/**
 * Text from outside (account and policy names, layout values, answers from AWS) made safe to
 * print on a terminal or in a log line. Member-account administrators choose their own account
 * names, so a name may carry terminal escapes ({@code ESC[8m} hides everything after it) or line
 * breaks that forge report lines. Reports meant for machines (JSON, JUnit, SARIF) keep the exact
 * text; every line meant for a person goes through {@link #of(String)}.
 */
public final class DisplayText {

    private DisplayText() {}

    /**
     * The text with every control character, format character (bidirectional overrides,
     * zero-width characters) and line or paragraph separator written as {@code \}{@code uXXXX}, so
     * that what is printed is one line that shows exactly what the text holds. Null stays null.
     */
    public static String of(String text) {
        int first = text == null ? -1 : indexOfUnsafe(text, "");
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Where the first character {@link #of} would escape stands in the text, skipping those in
     * {@code allowed}; -1 when there is none. Values that must be one line of visible text (ids,
     * names, keys) are refused when they hold one.
     */
    public static int indexOfUnsafe(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c) && allowed.indexOf(c) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** What kind of unsafe character this is, for a message: "a line break (U+000A)". */
    public static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
            return "a line break (" + code + ")";
        }
        if (c == '\t') {
            return "a tab (" + code + ")";
        }
        return Character.getType(c) == Character.FORMAT
                ? "an invisible formatting character (" + code + ")"
                : "a control character (" + code + ")";
    }

    /**
     * A lone surrogate (a name from outside can hold one) cannot be written as UTF-8, so it is
     * written as its {@code \}{@code uXXXX} escape, as JavaScript's well-formed {@code JSON.stringify}
     * does (in JSON it can only stand inside a string literal, where the escape means the same).
     * Pairs stay as they are. Null stays null.
     */
    public static String escapeLoneSurrogates(String json) {
        if (json == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                            && i + 1 < json.length()
                            && Character.isLowSurrogate(json.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(json.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    /** Whether a character would act on the terminal or break the line instead of showing itself. */
    static boolean unsafe(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
