package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditProgress;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.Deadline;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.audit.Session;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.policy.DisplayText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Reads the live organization (OU tree, accounts, AI opt-out policies and their attachments) and"
                + " writes it as an organization file, so plan --org can run on real data offline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written",
            "2:bad input (an option)",
            "3:the organization could not be read or understood, or the deadline passed (the message names the call"
                    + " and what was wrong); nothing is written",
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
        PrintWriter err = spec.commandLine().getErr();
        AwsSettings settings = aws.settings(err);
        Deadline deadline = aws.deadline();
        ApiCalls calls = new ApiCalls();
        ProgressLine line = aws.progressLine(err);
        AuditProgress progress = new AuditProgress(calls, line);
        LiveOrganization live;
        try (Session session = OrganizationsClients.open(settings, deadline, progress)) {
            live = new OrganizationReader(session).read();
        } catch (AuditFailure e) {
            line.finish(progress);
            return LiveReading.incomplete("snapshot", e, spec);
        }
        line.finish(progress);
        String text = OrganizationFile.write(live.organization());
        AtomicFiles.writeOrPrint(output, text, spec.commandLine().getOut());
        err.println(
                DisplayText.of("ai-optout: snapshot of " + live.organization().organizationId() + " in "
                        + calls.total() + " API calls (" + calls.retries() + " retries, " + calls.throttledAnswers()
                        + " throttled)" + (output == null ? "" : ", written to " + output)));
        return ExitCodes.OK;
    }
}
