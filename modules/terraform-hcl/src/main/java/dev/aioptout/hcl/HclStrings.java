package dev.aioptout.hcl;

/**
 * HCL's quoted strings, one method per intent. {@link #template} writes a string of Terraform's
 * JSON syntax, where {@code ${...}} and {@code %{...}} are templates, as the native string that
 * means the same; {@link #literal} writes text that must mean exactly itself (a map key, a policy
 * document's content, an instance key in an address), its <code>${</code> and <code>%{</code> escaped.
 */
public final class HclStrings {

    private HclStrings() {}

    /**
     * A quoted string; template sequences (${, %{) keep their meaning, as in the JSON syntax. What
     * stands inside an interpolation or directive is expression syntax, the same in both forms, so
     * it is copied as it is: its own string literals must not be escaped again.
     */
    public static String template(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '$' || c == '%')
                    && i + 2 < text.length()
                    && text.charAt(i + 1) == c
                    && text.charAt(i + 2) == '{') {
                out.append(c).append(c).append('{'); // an escaped, literal ${ or %{
                i += 2;
                continue;
            }
            if ((c == '$' || c == '%') && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = templateEnd(text, i + 2);
                // A quoted string is one line: a sequence over a line break is written as text.
                if (end > 0
                        && text.substring(i, end).indexOf('\n') < 0
                        && text.substring(i, end).indexOf('\r') < 0) {
                    out.append(text, i, end + 1);
                    i = end;
                    continue;
                }
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A quoted string that means exactly {@code text}: its template sequences written <code>$${</code>, <code>%%{</code>. */
    public static String literal(String text) {
        return template(text.replace("${", "$${").replace("%{", "%%{"));
    }

    /** Where the template sequence whose body starts at {@code from} ends (its closing brace); -1 when it does not. */
    static int templateEnd(String text, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }
}
