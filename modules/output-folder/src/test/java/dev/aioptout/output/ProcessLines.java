package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a process the tests started prints on standard output (start it with both streams merged),
 * line by line as it comes, so that a test can wait for a line (such as a test point's pause) and
 * then act: send a signal, start a second run. Shared with the end-to-end tests (test jar).
 */
public final class ProcessLines {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    public ProcessLines(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e.getMessage());
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits (up to two minutes) for the line, failing with everything printed so far when it does not come. */
    public void await(String expected) throws InterruptedException {
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            assertThat(line)
                    .as("no \"" + expected + "\"; printed so far:\n" + seen)
                    .isNotNull();
            seen.append(line).append('\n');
            if (line.equals(expected)) {
                return;
            }
        }
    }

    /** Everything it printed, once it has ended (waiting up to a minute for that). */
    public String all() throws InterruptedException {
        process.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(200); // the reader's last lines
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.forEach(l -> seen.append(l).append('\n'));
        return seen.toString();
    }

    /** Sends the signal (STOP, CONT, TERM, ...) to the process with kill(1). */
    public static void signal(Process process, String name) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .inheritIO()
                        .start()
                        .waitFor())
                .as("kill -" + name + " " + process.pid())
                .isZero();
    }
}
