package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
        return startAs(List.of(), System.getProperty("java.class.path"), folder, waitSeconds, publish, properties);
    }

    /**
     * As {@link #start}, run through {@code user} ({@link OtherUser#prefix}) with that class path
     * (one the user may read: {@link #readableClassPath}).
     */
    static Child startAs(
            List<String> user, String classPath, Path folder, long waitSeconds, boolean publish, String... properties)
            throws IOException {
        List<String> command = new ArrayList<>(user);
        command.addAll(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath));
        command.addAll(List.of(properties));
        command.addAll(List.of(HoldFolder.class.getName(), folder.toString(), Long.toString(waitSeconds)));
        if (publish) {
            command.add("publish");
        }
        return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * This JVM's class path, copied into {@code folder} (new, in a folder every user may enter): where
     * another user's JVM can load it (the local Maven repository may be private).
     */
    static String readableClassPath(Path folder) throws IOException {
        List<String> copies = new ArrayList<>();
        Files.createDirectory(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            Path to = folder.resolve((i++) + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path file : walk.toList()) {
                        Path copy = to.resolve(from.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy);
                        }
                    }
                }
            } else if (Files.isRegularFile(from)) {
                Files.copy(from, to);
            } else {
                continue;
            }
            copies.add(to.toString());
        }
        return String.join(File.pathSeparator, copies);
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
