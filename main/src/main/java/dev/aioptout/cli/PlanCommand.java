package dev.aioptout.cli;

import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Organization;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.plan.AgainstOrganization;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.PlanOutcome;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.UnmanagedPolicies;
import dev.aioptout.plan.Verdicts;
import dev.aioptout.policy.Problem;
import dev.aioptout.reports.PlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Shows, per account, what the layout will do to an organization before anything is applied:"
                + " the layout's policies are attached after each target's existing ones and every account's"
                + " effective policy is compared with the layout's intent.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every account compliant",
            "1:some account non-compliant or unverified (its outcome depends on something not known), or its outcome"
                    + " depends on an AI policy the layout does not manage",
            ExitCodes.LIST_BAD_INPUT,
            ExitCodes.LIST_FAULT
        })
final class PlanCommand implements Callable<Integer> {

    enum Format {
        text,
        json,
        html
    }

    @Mixin
    LayoutOptionsMixin layout;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text (default), json or html (one self-contained page).")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the report here. Default: standard output.")
    Path output;

    @Option(
            names = ReportTargets.OPTION,
            paramLabel = "FORMAT=FILE",
            description = "Also write the report in this format to this file (text, json or html); repeatable. Every"
                    + " report comes from the same proof, byte for byte what --format FORMAT --output FILE writes.")
    List<String> reports = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (layout.org == null) {
            throw LayoutSource.badOption(
                    spec.commandLine().getErr(),
                    "--org",
                    "plan needs an organization file",
                    "write one with ai-optout snapshot, or pass --org ORG.json");
        }
        PrintWriter err = spec.commandLine().getErr();
        ReportTargets<Format> more = ReportTargets.parse(reports, Format.class, output, err);
        AgainstOrganization.Proven proven =
                LayoutSource.planned(LayoutSource.load(layout.config, layout.strictServices, err), layout.org, err);
        PolicyPlan plan = proven.plan();
        Organization planned = proven.planned();
        List<Problem> problems = PlanChecks.structural(plan, planned);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw LayoutSource.report(problems, err);
        }
        Evaluation evaluation = EffectivePolicyEngine.evaluate(planned);
        PlanOutcome outcome = new PlanOutcome(
                planned, Verdicts.judge(plan, evaluation), UnmanagedPolicies.of(plan, planned, evaluation));
        PlanReport report = new PlanReport(outcome);
        AtomicFiles.writeOrPrint(
                output, render(report, format), spec.commandLine().getOut());
        more.write(f -> render(report, f));
        if (outcome.verdicts().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("ai-optout: " + layout.org + " holds no account, so nothing was proven (every organization"
                            + " has at least its management account: write the file with ai-optout snapshot)");
        }
        return outcome.passes() ? ExitCodes.OK : ExitCodes.NON_COMPLIANT;
    }

    private static String render(PlanReport report, Format format) {
        return switch (format) {
            case text -> report.toText();
            case json -> report.toJson();
            case html -> report.toHtml();
        };
    }
}
