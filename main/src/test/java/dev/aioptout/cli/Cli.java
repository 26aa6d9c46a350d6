package dev.aioptout.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command line in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }

    /** The repository's top folder (set by Surefire), where examples/ lives. */
    static Path root() {
        return Path.of(System.getProperty("aioptout.root", ".."))
                .toAbsolutePath()
                .normalize();
    }
}
