package dev.aioptout.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The stack trace, only when asked for: users get one line, the one who debugs gets where. And
 * the other option every command takes, --verbose.
 */
final class StackTraces {

    private StackTraces() {}

    /** Whether --debug was given, to the command or to any of its parents, or AI_OPTOUT_DEBUG is set. */
    static boolean wanted(CommandLine.ParseResult parseResult) {
        return given(parseResult, "--debug", "AI_OPTOUT_DEBUG");
    }

    /** Whether --verbose was given to the command of {@code spec} or any of its parents, or AI_OPTOUT_VERBOSE is set. */
    static boolean verbose(CommandLine.Model.CommandSpec spec) {
        return given(spec.root().commandLine().getParseResult(), "--verbose", "AI_OPTOUT_VERBOSE");
    }

    private static boolean given(CommandLine.ParseResult parseResult, String option, String variable) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(option)) {
                return true;
            }
        }
        return System.getenv(variable) != null;
    }

    static void print(Throwable e, CommandLine.ParseResult parseResult, PrintWriter err) {
        if (wanted(parseResult)) {
            e.printStackTrace(err);
        }
    }
}
