package dev.aioptout.policy;

/** Where something stands in a file the user wrote: 1-based line and column. */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation of(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
