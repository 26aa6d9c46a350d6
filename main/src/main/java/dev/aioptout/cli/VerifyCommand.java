package dev.aioptout.cli;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.Audit;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditReport;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.engine.NodeKind;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.layout.Layout;
import dev.aioptout.plan.PolicyPlan;
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
import software.amazon.awssdk.services.organizations.OrganizationsClient;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Audits the live organization: every ACTIVE account's effective AI opt-out policy, computed from the"
                        + " policies actually attached, against the layout (or, without --config, the secure default: every"
                        + " service opted out, fully locked, no exceptions). Fails closed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed and every ACTIVE account was evaluated",
            "1:something is non-compliant",
            "2:bad input",
            "3:the audit could not complete (access, organization, retries exhausted, unverifiable accounts)"
        })
final class VerifyCommand implements Callable<Integer> {

    enum CrossCheckMode {
        all,
        sample,
        none
    }

    /** Accounts asked of DescribeEffectivePolicy with --cross-check=sample. */
    static final int SAMPLE = 20;

    static final int CROSS_CHECK_ATTEMPTS = 3;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The layout to verify against.")
    String config;

    @Mixin
    AwsOptions aws;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json, junit or sarif.")
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
            description = "Compare the engine with DescribeEffectivePolicy for all accounts, a sample of " + SAMPLE
                    + " spread over the tree (default), or none. One call per account: AWS throttles it.")
    CrossCheckMode crossCheck;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        AwsSettings settings = LiveReading.settings(aws, err);
        // Expired exceptions are a finding of the audit (no-expired-exceptions), not bad input.
        PolicyPlan plan = LayoutSource.forVerify(config, err);
        Layout layout = plan.layout();
        ApiCalls calls = new ApiCalls();
        AuditResult result;
        try (OrganizationsClient client = LiveReading.client(settings, calls);
                // Few attempts: an API that answers 500 every time (not implemented) must not cost minutes of backoff.
                OrganizationsClient crossClient =
                        dev.aioptout.audit.OrganizationsClients.create(settings, calls, CROSS_CHECK_ATTEMPTS)) {
            LiveOrganization live = LiveReading.read(client, settings, err);
            CrossCheck.Result cross = crossCheck == CrossCheckMode.none
                    ? CrossCheck.Result.notRun("--cross-check=none")
                    : CrossCheck.run(
                            crossClient,
                            accountsToCrossCheck(live.organization().root()));
            result = Audit.run(live, layout, config != null, cross, calls, LocalDate.now(ZoneOffset.UTC));
        } catch (AuditFailure e) {
            err.println("ai-optout: audit incomplete: " + e.describe());
            return ExitCodes.INCOMPLETE;
        }
        String report = AuditReport.render(result, format);
        if (output == null) {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.write(output, report);
        }
        err.println("ai-optout: verify " + (result.compliant() ? "passed" : "did not pass") + " (" + calls.total()
                + " API calls, " + calls.attempts() + " HTTP requests)");
        return result.exitCode();
    }

    /** Every ACTIVE account, or an evenly spread sample of them, in tree order. */
    private List<String> accountsToCrossCheck(OrgNode root) {
        List<String> active = new ArrayList<>();
        collect(root, active);
        if (crossCheck == CrossCheckMode.all || active.size() <= SAMPLE) {
            return active;
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            sample.add(active.get(i * active.size() / SAMPLE));
        }
        return sample;
    }

    private static void collect(OrgNode node, List<String> out) {
        if (node.kind() == NodeKind.ACCOUNT) {
            if ("ACTIVE".equals(node.status())) {
                out.add(node.id());
            }
            return;
        }
        node.children().forEach(c -> collect(c, out));
    }
}
