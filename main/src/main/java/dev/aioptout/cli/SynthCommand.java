package dev.aioptout.cli;

import dev.aioptout.module.TerraformModule;
import dev.aioptout.plan.PolicyPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = "Checks the layout, proves every account's outcome, and writes Terraform"
                + " (<out>/manifest.json and <out>/stacks/<stack>/cdk.tf.json, or HCL).")
final class SynthCommand implements Callable<Integer> {

    @Mixin
    LayoutOptionsMixin layout;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description =
                    "Output folder. ai-optout replaces or removes only files it wrote there (listed in "
                            + OwnedFiles.FILE_NAME + "), all at once and only on success; anything else in it, such as"
                            + " Terraform state and .terraform/, is kept. Default: cdktf.out, or ai-optout-module with --module.")
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
                    + " both: the JSON, and hcl/<stack>/main.tf.")
    Synthesizer.OutputFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PolicyPlan plan = LayoutSource.forSynth(layout, err);
        Path folder = out != null ? out : Path.of(module ? "ai-optout-module" : "cdktf.out");
        String stack = plan.layout().stackName();
        try (Publisher publisher = Publisher.open(folder, err)) {
            if (module) {
                for (Map.Entry<String, String> file :
                        TerraformModule.files(plan.layout()).entrySet()) {
                    Files.writeString(publisher.scratch().resolve(file.getKey()), file.getValue());
                }
            } else {
                Synthesizer.synthInto(plan, publisher.scratch().toString());
                StackFormats.apply(publisher.scratch(), stack, format);
            }
            publisher.publish();
        }
        if (module) {
            err.println(
                    "ai-optout: wrote the Terraform module for " + plan.layout().source() + " to " + folder);
            return ExitCodes.OK;
        }
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
}
