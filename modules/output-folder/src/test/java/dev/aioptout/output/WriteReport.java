package dev.aioptout.output;

import java.nio.file.Path;

/**
 * The other process of the report tests: writes {@code args[1]} to the report {@code args[0]} as a
 * command writes its {@code --output} (pausing where {@link TestPoints} is told to).
 */
public final class WriteReport {

    private WriteReport() {}

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), args[1]);
    }
}
