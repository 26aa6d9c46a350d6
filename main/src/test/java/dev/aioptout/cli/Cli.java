package dev.aioptout.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }

    /**
     * Runs the command line in a fresh JVM with this test's class path, in {@code folder}, with
     * extra environment variables (a null value removes one): for what depends on the working
     * directory or the environment.
     */
    static Cli runIn(Path folder, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path err = Files.createTempFile("ai-optout-err", ".txt");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            return new Cli(exit, out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The layout file of an example, such as {@code multi-ou}. */
    static String example(String name) {
        return root().resolve("examples")
                .resolve(name)
                .resolve("ai-optout.yaml")
                .toString();
    }

    /** The repository's top folder (set by Surefire), where examples/ lives. */
    static Path root() {
        return Path.of(System.getProperty("aioptout.root", ".."))
                .toAbsolutePath()
                .normalize();
    }
}
