package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.Audit;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditProgress;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.Check;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.Deadline;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.audit.Session;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.Problem;
import dev.aioptout.reports.AuditReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Audits the live organization: every account's effective AI opt-out policy, computed from the"
                + " policies actually attached, against the layout (or, without --config, the secure default: every"
                + " service opted out, fully locked, no exceptions). Fails closed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check it ran completed and passed, and every account listed was evaluated",
            "1:something is non-compliant (and every check completed)",
            ExitCodes.LIST_BAD_INPUT,
            "3:the audit could not complete (access, an answer not understood, the deadline, a check that could not"
                    + " finish, unverified accounts)",
            ExitCodes.LIST_FAULT
        })
final class VerifyCommand implements Callable<Integer> {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The layout to verify against.")
    String config;

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text (default), json, junit, sarif or html (one self-contained page).")
    AuditReport.Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the report here. Default: standard output.")
    Path output;

    @Option(
            names = ReportTargets.OPTION,
            paramLabel = "FORMAT=FILE",
            description = "Also write the report in this format to this file (text, json, junit, sarif or html);"
                    + " repeatable. Every report comes from the same audit, byte for byte what --format FORMAT"
                    + " --output FILE writes.")
    List<String> reports = new ArrayList<>();

    @Option(
            names = "--cross-check",
            defaultValue = "sample",
            paramLabel = "MODE",
            description = "Compare the engine with DescribeEffectivePolicy for all ACTIVE accounts, a sample of "
                    + CrossCheck.SAMPLE
                    + " spread over the tree (default), or none. One call per account, paced (--cross-check-rate).")
    CrossCheck.Mode crossCheck;

    @Option(
            names = "--cross-check-rate",
            paramLabel = "N",
            defaultValue = "5",
            description = "DescribeEffectivePolicy calls per second at most (AWS publishes no rate; default"
                    + " ${DEFAULT-VALUE}). --cross-check all on N accounts takes N / rate seconds: raise --deadline"
                    + " to match.")
    double crossCheckRate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AwsSettings settings = aws.settings(err);
        Deadline deadline = aws.deadline();
        if (!(crossCheckRate > 0 && crossCheckRate <= 1000)) {
            throw LayoutSource.report(
                    List.of(Problem.error(
                            null, "--cross-check-rate", "is " + crossCheckRate, "more than 0, at most 1000")),
                    err);
        }
        ReportTargets<AuditReport.Format> more = ReportTargets.parse(reports, AuditReport.Format.class, output, err);
        // Expired exceptions are a finding of the audit (no-expired-exceptions), not bad input.
        LayoutFile.Loaded layout = LayoutSource.loadForVerify(config, err);
        // Proven now when it can be; a layout naming OUs by path waits for the organization it is read from.
        PolicyPlan early = layout.layout().hasOuPaths() ? null : LayoutSource.forVerify(layout, null, err);
        ApiCalls calls = new ApiCalls();
        ProgressLine line = aws.progressLine(err);
        AuditProgress progress = new AuditProgress(calls, line);
        AuditResult result;
        try (Session session = OrganizationsClients.open(settings, deadline, progress)) {
            LiveOrganization live = new OrganizationReader(session).read();
            PolicyPlan plan = early != null ? early : LayoutSource.forVerify(layout, live.organization(), err);
            CrossCheck.Result cross =
                    CrossCheck.run(session, live.organization().root(), crossCheck, crossCheckRate);
            result = Audit.run(live, plan, config != null, cross, calls, LocalDate.now(ZoneOffset.UTC));
        } catch (AuditFailure e) {
            line.finish(progress);
            return LiveReading.incomplete("audit", e, spec);
        }
        line.finish(progress);
        AtomicFiles.writeOrPrint(
                output,
                AuditReport.render(result, format, config),
                spec.commandLine().getOut());
        more.write(f -> AuditReport.render(result, f, config));
        for (Check c : result.incomplete()) {
            err.println(DisplayText.of("ai-optout: audit incomplete: " + c.id() + " " + c.message()));
        }
        err.println("ai-optout: verify " + (result.compliant() ? "passed" : "did not pass") + " (" + calls.total()
                + " API calls, " + calls.attempts() + " HTTP requests, " + calls.retries() + " retries, "
                + calls.throttledAnswers() + " throttled)");
        return ExitCodes.of(result.outcome());
    }
}
