package dev.aioptout.policy;

import java.util.Objects;

/**
 * A finding about user input, reported as a value rather than thrown: where it is, which field,
 * what is wrong, and what would be accepted instead.
 *
 * @param location file position, or null when the input has no file (an API document, a built-in layout)
 * @param field    dotted path of the field inside the input, e.g. {@code exceptions[0].services.lex}
 * @param hint     what is allowed, or null
 */
public record Problem(Severity severity, SourceLocation location, String field, String message, String hint) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(SourceLocation location, String field, String message, String hint) {
        return new Problem(Severity.ERROR, location, field, message, hint);
    }

    public static Problem warning(SourceLocation location, String field, String message, String hint) {
        return new Problem(Severity.WARNING, location, field, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public Problem asError() {
        return new Problem(Severity.ERROR, location, field, message, hint);
    }

    /**
     * One line, compiler style: {@code file:line:col: error: field: message (hint)}. Values echoed
     * from the input may hold line breaks or terminal escapes; they are shown escaped
     * ({@link DisplayText}), so a problem is always exactly one line.
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (location != null) {
            out.append(location).append(": ");
        }
        out.append(severity == Severity.ERROR ? "error: " : "warning: ");
        if (field != null && !field.isEmpty()) {
            out.append(field).append(": ");
        }
        out.append(message);
        if (hint != null && !hint.isEmpty()) {
            out.append(" (").append(hint).append(')');
        }
        return DisplayText.of(out.toString());
    }

    @Override
    public String toString() {
        return format();
    }
}
