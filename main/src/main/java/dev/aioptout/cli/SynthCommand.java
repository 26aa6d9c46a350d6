package dev.aioptout.cli;

import dev.aioptout.plan.PolicyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Checks the layout, proves every account's outcome, and writes Terraform JSON"
                + " (<out>/manifest.json and <out>/stacks/<stack>/cdk.tf.json).")
final class SynthCommand implements Callable<Integer> {

    @Mixin
    LayoutOptionsMixin layout;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "cdktf.out",
            description = "Output folder. Generated files are replaced only on success; Terraform state and .terraform/ in it are kept. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PolicyPlan plan = LayoutSource.plan(layout.config, layout.strictServices, layout.org, spec.commandLine().getErr());
        Synthesizer.synthPublishing(plan, out, spec.commandLine().getErr());
        String stack = plan.layout().stackName();
        spec.commandLine().getErr().println("ai-optout: synthesised stack \"" + stack + "\" from " + plan.layout().source()
                + " to " + out.resolve("stacks").resolve(stack).resolve("cdk.tf.json"));
        return ExitCodes.OK;
    }
}
