package dev.aioptout.output;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The other process of the report tests: writes {@code args[1]} to the report {@code args[0]} as a
 * command writes its {@code --output}; given more pairs (file, text), writes them as one set, as a
 * command writes its {@code --output} and {@code --report}s (pausing where {@link TestPoints} is
 * told to).
 */
public final class WriteReport {

    private WriteReport() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            AtomicFiles.write(Path.of(args[0]), args[1]);
            return;
        }
        List<AtomicFiles.Output> set = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            set.add(new AtomicFiles.Output(Path.of(args[i]), args[i + 1]));
        }
        AtomicFiles.writeAll(set, new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    }
}
