package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link HoldFolder} in a JVM of its own, with what it prints (both streams) line by line. */
final class Child implements AutoCloseable {

    final Process process;
    private final ProcessLines lines;

    private Child(Process process) {
        this.process = process;
        this.lines = new ProcessLines(process);
    }

    /** @param properties system properties for the child, such as the test points */
    static Child start(Path folder, long waitSeconds, boolean publish, String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(properties));
        command.addAll(List.of(HoldFolder.class.getName(), folder.toString(), Long.toString(waitSeconds)));
        if (publish) {
            command.add("publish");
        }
        return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    long pid() {
        return process.pid();
    }

    void await(String expected) throws InterruptedException {
        lines.await(expected);
    }

    /** Closes its standard input (it then ends normally) and returns its exit code. */
    int finish() throws IOException, InterruptedException {
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    String output() throws InterruptedException {
        return lines.all();
    }

    void signal(String name) throws IOException, InterruptedException {
        ProcessLines.signal(process, name);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
