package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import dev.aioptout.policy.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** Reads the live organization for verify and snapshot, with a progress line when a person watches. */
final class LiveReading {

    private LiveReading() {}

    static AwsSettings settings(AwsOptions options, PrintWriter err) {
        try {
            return options.settings();
        } catch (IllegalArgumentException e) {
            throw LayoutSource.report(List.of(Problem.error(null, "--page-size", e.getMessage(), "1 to 20")), err);
        }
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
