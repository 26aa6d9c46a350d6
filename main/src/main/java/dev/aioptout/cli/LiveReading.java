package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** Reads the live organization for verify and snapshot, with a progress line when a person watches. */
final class LiveReading {

    private LiveReading() {}

    /**
     * A reading that could not complete: one line naming the call and what was wrong (the stack
     * trace only with --debug), and exit code 3.
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

    static LiveOrganization read(OrganizationsClient client, AwsSettings settings, PrintWriter err) {
        boolean terminal = stderrIsTerminal();
        Consumer<OrganizationReader.Progress> progress = p -> {
            if (terminal) {
                err.print("\rreading the organization: " + p.ous() + " OUs, " + p.accounts() + " accounts"
                        + (p.policies() >= 0 ? ", " + p.policies() + " AI opt-out policies\n" : ""));
                err.flush();
            }
        };
        return new OrganizationReader(client, settings.pageSize(), progress).read();
    }

    static OrganizationsClient client(AwsSettings settings, ApiCalls calls) {
        return dev.aioptout.audit.OrganizationsClients.create(settings, calls, settings.maxAttempts());
    }

    /** Standard error is a terminal (Linux: fd 2 is a tty device), so a progress line helps rather than pollutes logs. */
    static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            return target.toString().startsWith("/dev/pts/")
                    || target.toString().startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
