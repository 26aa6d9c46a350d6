package dev.aioptout.cli;

import dev.aioptout.cloudformation.CloudFormationTemplate;
import dev.aioptout.module.TerraformModule;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = "Checks the layout, proves every account's outcome, and writes Terraform"
                + " (<out>/manifest.json and <out>/stacks/<stack>/cdk.tf.json, or HCL), or a CloudFormation template.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", ExitCodes.LIST_BAD_INPUT, ExitCodes.LIST_FAULT})
final class SynthCommand implements Callable<Integer> {

    @Mixin
    LayoutOptionsMixin layout;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description =
                    "Output folder. Generated files are replaced only on success; Terraform state and .terraform/ in it"
                            + " are kept. Default: cdktf.out, or ai-optout-module with --module.")
    Path out;

    @Option(
            names = "--module",
            description =
                    "Write a reusable Terraform module instead (main.tf, variables.tf, outputs.tf,"
                            + " versions.tf, README.md): no provider, no backend, no organization resource; the layout's values are its defaults.")
    boolean module;

    @Option(
            names = "--format",
            defaultValue = "json",
            paramLabel = "FORMAT",
            description = "json (default): stacks/<stack>/cdk.tf.json; hcl: stacks/<stack>/main.tf instead;"
                    + " both: the JSON, and hcl/<stack>/main.tf; cloudformation: only"
                    + " cloudformation/<stack>.template.json, a CloudFormation template of the same policies.")
    Synthesizer.OutputFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (module && format == Synthesizer.OutputFormat.cloudformation) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--module writes a Terraform module: it cannot be combined with --format cloudformation");
        }
        // CDKTF runs only for the Terraform stack: start it while the layout is read and proven.
        if (!module && format != Synthesizer.OutputFormat.cloudformation) {
            CdktfThread.warmUp();
        }
        PolicyPlan plan = LayoutSource.plan(
                layout.config,
                layout.strictServices,
                layout.org,
                spec.commandLine().getErr());
        if (module) {
            Path folder = out == null ? Path.of("ai-optout-module") : out;
            Synthesizer.publishFiles(TerraformModule.files(plan.layout()), folder);
            spec.commandLine()
                    .getErr()
                    .println("ai-optout: wrote the Terraform module for "
                            + plan.layout().source() + " to " + folder);
            return ExitCodes.OK;
        }
        Path out = this.out == null ? Path.of("cdktf.out") : this.out;
        if (format == Synthesizer.OutputFormat.cloudformation) {
            return cloudFormation(plan, out);
        }
        Synthesizer.synthPublishing(plan, out, format, spec.commandLine().getErr());
        String stack = plan.layout().stackName();
        Path written = format == Synthesizer.OutputFormat.hcl
                ? out.resolve("stacks").resolve(stack).resolve(Synthesizer.HCL_FILE)
                : out.resolve("stacks").resolve(stack).resolve(Synthesizer.STACK_FILE);
        spec.commandLine()
                .getErr()
                .println("ai-optout: synthesised stack \"" + stack + "\" from "
                        + plan.layout().source()
                        + " to " + written
                        + (format == Synthesizer.OutputFormat.both
                                ? " and "
                                        + out.resolve(Synthesizer.HCL_FOLDER)
                                                .resolve(stack)
                                                .resolve(Synthesizer.HCL_FILE)
                                : ""));
        return ExitCodes.OK;
    }

    /** The template alone, once the plan is proven and fits one template; nothing else in {@code out} changes. */
    private int cloudFormation(PolicyPlan plan, Path out) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<Problem> problems = CloudFormationTemplate.check(plan);
        if (!problems.isEmpty()) {
            throw LayoutSource.report(problems, err);
        }
        String stack = plan.layout().stackName();
        Synthesizer.publishFiles(CloudFormationTemplate.files(plan), out);
        err.println("ai-optout: wrote the CloudFormation template of stack \"" + stack + "\" from "
                + plan.layout().source() + " to " + out.resolve(CloudFormationTemplate.path(stack)));
        return ExitCodes.OK;
    }
}
