package dev.aioptout.output;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other process of the lock tests: opens a publisher on {@code args[0]} (waiting up to
 * {@code args[1]} seconds), generates two files, says "held" on standard output, publishes them when
 * {@code args[2]} is "publish" (pausing where {@link TestPoints} is told to), and closes once its
 * standard input is closed.
 */
public final class HoldFolder {

    private HoldFolder() {}

    public static void main(String[] args) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        try (Publisher publisher = Publisher.open(Path.of(args[0]), err, Duration.ofSeconds(Long.parseLong(args[1])))) {
            Files.writeString(publisher.scratch().resolve("a.txt"), "a from the other process\n");
            Files.writeString(publisher.scratch().resolve("b.txt"), "b from the other process\n");
            System.out.println("held");
            System.out.flush();
            if (args.length > 2 && args[2].equals("publish")) {
                publisher.publish();
                System.out.println("published");
                System.out.flush();
            }
            while (System.in.read() >= 0) {
                // until the test closes standard input
            }
        } catch (OutputRefused e) {
            e.problems().forEach(p -> err.println(p.format()));
            System.exit(2);
        }
    }
}
