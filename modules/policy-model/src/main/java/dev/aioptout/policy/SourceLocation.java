package dev.aioptout.policy;

/** Where something stands in a file the user wrote: 1-based line and column, or 0 for the file as a whole. */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation of(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    /** The file alone, for findings a field path places better than a line (generated JSON files). */
    public static SourceLocation file(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
