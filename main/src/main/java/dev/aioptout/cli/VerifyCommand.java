package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.Audit;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.reports.AuditReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Audits the live organization: every account's effective AI opt-out policy, computed from the"
                + " policies actually attached, against the layout (or, without --config, the secure default: every"
                + " service opted out, fully locked, no exceptions). Fails closed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed and every account listed was evaluated",
            "1:something is non-compliant",
            ExitCodes.LIST_BAD_INPUT,
            "3:the audit could not complete (access, an answer not understood, retries exhausted, unverified accounts)",
            ExitCodes.LIST_FAULT
        })
final class VerifyCommand implements Callable<Integer> {

    static final int CROSS_CHECK_ATTEMPTS = 3;

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
            names = "--cross-check",
            defaultValue = "sample",
            paramLabel = "MODE",
            description = "Compare the engine with DescribeEffectivePolicy for all ACTIVE accounts, a sample of "
                    + CrossCheck.SAMPLE
                    + " spread over the tree (default), or none. One call per account: AWS throttles it.")
    CrossCheck.Mode crossCheck;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        AwsSettings settings = aws.settings(err);
        // Expired exceptions are a finding of the audit (no-expired-exceptions), not bad input.
        LayoutFile.Loaded layout = LayoutSource.loadForVerify(config, err);
        // Proven now when it can be; a layout naming OUs by path waits for the organization it is read from.
        PolicyPlan early = layout.layout().hasOuPaths() ? null : LayoutSource.forVerify(layout, null, err);
        ApiCalls calls = new ApiCalls();
        AuditResult result;
        try {
            // Resolved once for both clients: the chain may ask the instance metadata service or an SSO cache.
            AwsCredentialsProvider credentials = OrganizationsClients.credentials(settings);
            try (OrganizationsClient client =
                            OrganizationsClients.create(credentials, settings, calls, settings.maxAttempts());
                    // Few attempts: an API that answers 500 every time (not implemented) must not cost minutes of
                    // backoff.
                    OrganizationsClient crossClient =
                            OrganizationsClients.create(credentials, settings, calls, CROSS_CHECK_ATTEMPTS)) {
                LiveOrganization live = LiveReading.read(client, settings, err);
                PolicyPlan plan = early != null ? early : LayoutSource.forVerify(layout, live.organization(), err);
                CrossCheck.Result cross =
                        CrossCheck.run(crossClient, live.organization().root(), crossCheck);
                result = Audit.run(live, plan, config != null, cross, calls, LocalDate.now(ZoneOffset.UTC));
            }
        } catch (AuditFailure e) {
            return LiveReading.incomplete("audit", e, spec);
        }
        String report = AuditReport.render(result, format, config);
        AtomicFiles.writeOrPrint(output, report, spec.commandLine().getOut());
        err.println("ai-optout: verify " + (result.compliant() ? "passed" : "did not pass") + " (" + calls.total()
                + " API calls, " + calls.attempts() + " HTTP requests)");
        return ExitCodes.of(result.outcome());
    }
}
