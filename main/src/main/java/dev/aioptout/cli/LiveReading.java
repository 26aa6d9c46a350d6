package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditProgress;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.Deadline;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.audit.Session;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** What verify and snapshot share: a reading of the live organization, its progress line, and exit 3 when it could not complete. */
final class LiveReading {

    /** The reading could not complete and has said so; the command line exits with {@link ExitCodes#INCOMPLETE}. */
    static final class Incomplete extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Incomplete(AuditFailure cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private LiveReading() {}

    /**
     * Opens a session on AWS Organizations, reads with it, and ends the progress line (also when
     * something else stops the run). A reading that could not complete is one line naming the call
     * and what was wrong (the stack trace only with --debug), and {@link Incomplete}: nothing is
     * written, since what was read is not the whole organization.
     *
     * @param what    {@code audit} or {@code snapshot}
     * @param reading what to do with the session; an {@link AuditFailure} out of it ends the run
     */
    static <T> T read(
            String what,
            AwsOptions aws,
            AwsSettings settings,
            Deadline deadline,
            ApiCalls calls,
            CommandSpec spec,
            Function<Session, T> reading) {
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine line = aws.progressLine(err);
        AuditProgress progress = new AuditProgress(calls, line);
        T result = null;
        AuditFailure failed = null;
        try (Session session = OrganizationsClients.open(settings, deadline, progress)) {
            result = reading.apply(session);
        } catch (AuditFailure e) {
            failed = e;
        } finally {
            line.finish(progress);
        }
        if (failed != null) {
            err.println("ai-optout: " + what + " incomplete: " + failed.describe());
            StackTraces.print(failed, spec.commandLine().getParseResult(), err);
            err.flush();
            throw new Incomplete(failed);
        }
        return result;
    }
}
