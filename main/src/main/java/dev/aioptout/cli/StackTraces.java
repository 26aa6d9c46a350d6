package dev.aioptout.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The stack trace, only when asked for: users get one line, the one who debugs gets where. */
final class StackTraces {

    private StackTraces() {}

    /** Whether --debug was given, to the command or to any of its parents, or AI_OPTOUT_DEBUG is set. */
    static boolean wanted(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return System.getenv("AI_OPTOUT_DEBUG") != null;
    }

    static void print(Throwable e, CommandLine.ParseResult parseResult, PrintWriter err) {
        if (wanted(parseResult)) {
            e.printStackTrace(err);
        }
    }
}
