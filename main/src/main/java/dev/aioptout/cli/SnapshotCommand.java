package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.policy.DisplayText;
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
            "2:bad input (an option)",
            "3:the organization could not be read or understood (the message names the call and what was wrong)",
            ExitCodes.LIST_FAULT
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
        AwsSettings settings = aws.settings(spec.commandLine().getErr());
        ApiCalls calls = new ApiCalls();
        LiveOrganization live;
        try (OrganizationsClient client = LiveReading.client(settings, calls)) {
            live = LiveReading.read(client, settings, spec.commandLine().getErr());
        } catch (AuditFailure e) {
            return LiveReading.incomplete("snapshot", e, spec);
        }
        String text = OrganizationFile.write(live.organization());
        AtomicFiles.writeOrPrint(output, text, spec.commandLine().getOut());
        spec.commandLine()
                .getErr()
                .println(DisplayText.of(
                        "ai-optout: snapshot of " + live.organization().organizationId() + " in " + calls.total()
                                + " API calls" + (output == null ? "" : ", written to " + output)));
        return ExitCodes.OK;
    }
}
