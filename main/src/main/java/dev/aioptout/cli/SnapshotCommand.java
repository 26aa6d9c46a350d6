package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.engine.OrganizationFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Reads the live organization (OU tree, accounts, AI opt-out policies and their attachments) and"
                + " writes it as an organization file, so plan --org can run on real data offline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written",
            "2:bad input",
            "3:the organization could not be read (the message names the call and permission)"
        })
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "ORG.json",
            description = "Where to write it. Default: standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AwsSettings settings = LiveReading.settings(aws, spec.commandLine().getErr());
        ApiCalls calls = new ApiCalls();
        LiveOrganization live;
        try (OrganizationsClient client = LiveReading.client(settings, calls)) {
            live = LiveReading.read(client, settings, spec.commandLine().getErr());
        } catch (AuditFailure e) {
            spec.commandLine().getErr().println("ai-optout: snapshot incomplete: " + e.describe());
            return ExitCodes.INCOMPLETE;
        }
        String text = OrganizationFile.write(live.organization());
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.write(output, text);
        }
        spec.commandLine()
                .getErr()
                .println("ai-optout: snapshot of " + live.organization().organizationId() + " in " + calls.total()
                        + " API calls" + (output == null ? "" : ", written to " + output));
        return ExitCodes.OK;
    }
}
