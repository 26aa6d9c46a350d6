package dev.aioptout.cli;

import dev.aioptout.cloudformation.CloudFormationTemplate;
import dev.aioptout.module.TerraformModule;
import dev.aioptout.output.OwnedFiles;
import dev.aioptout.output.Publisher;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.ProviderVersions;
import dev.aioptout.policy.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
            description = "Output folder. ai-optout replaces or removes only files it wrote there (listed in "
                    + OwnedFiles.FILE_NAME + "), all at once and only on success; anything else in it, such as"
                    + " Terraform state and .terraform/, is kept. One synth at a time writes a folder: another"
                    + " waits for it up to AI_OPTOUT_LOCK_WAIT seconds (default 60)."
                    + " Default: cdktf.out, or ai-optout-module with --module.")
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
        boolean cloudFormation = format == Synthesizer.OutputFormat.cloudformation;
        boolean cdktf = !module && !cloudFormation;
        // CDKTF runs only for the Terraform stack: start it while the layout is read and proven.
        if (cdktf) {
            CdktfSettings.startCdktf(spec);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path folder = out != null ? out : Path.of(module ? "ai-optout-module" : "cdktf.out");
        PolicyPlan plan;
        try (EarlySynth early = new EarlySynth(cdktf)) {
            plan = LayoutSource.forSynth(layout, err, early::start);
            if (cloudFormation) {
                List<Problem> problems = CloudFormationTemplate.check(plan);
                if (!problems.isEmpty()) {
                    throw LayoutSource.report(problems, err);
                }
            }
            try (Publisher publisher = Publisher.open(folder, err)) {
                if (module) {
                    write(publisher.scratch(), TerraformModule.files(plan));
                } else if (cloudFormation) {
                    write(publisher.scratch(), CloudFormationTemplate.files(plan));
                } else {
                    early.into(publisher.scratch(), plan);
                    StackFormats.apply(publisher.scratch(), plan.layout().stackName(), format);
                }
                publisher.publish();
            }
        }
        String stack = plan.layout().stackName();
        if (module) {
            err.println(
                    "ai-optout: wrote the Terraform module for " + plan.layout().source() + " to " + folder);
            return ExitCodes.OK;
        }
        if (cloudFormation) {
            err.println("ai-optout: wrote the CloudFormation template of stack \"" + stack + "\" from "
                    + plan.layout().source() + " to " + folder.resolve(CloudFormationTemplate.path(stack)));
            return ExitCodes.OK;
        }
        providerNotes(plan, err);
        Path written = folder.resolve("stacks")
                .resolve(stack)
                .resolve(format == Synthesizer.OutputFormat.hcl ? Synthesizer.HCL_FILE : Synthesizer.STACK_FILE);
        err.println("ai-optout: synthesised stack \"" + stack + "\" from "
                + plan.layout().source() + " to " + written
                + (format == Synthesizer.OutputFormat.both
                        ? " and "
                                + folder.resolve(Synthesizer.HCL_FOLDER)
                                        .resolve(stack)
                                        .resolve(Synthesizer.HCL_FILE)
                        : ""));
        return ExitCodes.OK;
    }

    /**
     * What the organization file's policy types meant for the provider: a type no 5.x accepts
     * raised the version the stack requires. (A type ai-optout knows no version for is a problem
     * the checks reported: an error without provider.version, else a warning.)
     */
    private static void providerNotes(PolicyPlan plan, PrintWriter err) {
        ProviderVersions.Requirement provider = ProviderVersions.of(plan);
        if (!provider.raisedFor().isEmpty()) {
            err.println("ai-optout: the organization has policy types enabled that only newer providers accept ("
                    + String.join(", ", provider.raisedFor())
                    + "): the stack requires hashicorp/aws " + provider.constraint());
        }
    }

    /** Generated files, by path relative to the folder, into the publisher's scratch folder. */
    private static void write(Path scratch, Map<String, String> files) throws java.io.IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = scratch.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }
}
