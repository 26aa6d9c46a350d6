package dev.aioptout.cli;

import dev.aioptout.audit.AuditFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** What verify and snapshot share about a reading that could not complete. */
final class LiveReading {

    private LiveReading() {}

    /**
     * A reading that could not complete: one line naming the call and what was wrong (the stack
     * trace only with --debug), and exit code 3. Nothing is written: what was read is not the whole
     * organization.
     *
     * @param what {@code audit} or {@code snapshot}
     */
    static int incomplete(String what, AuditFailure failure, CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ai-optout: " + what + " incomplete: " + failure.describe());
        StackTraces.print(failure, spec.commandLine().getParseResult(), err);
        err.flush();
        return ExitCodes.INCOMPLETE;
    }
}
