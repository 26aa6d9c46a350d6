package dev.aioptout.cli;

import dev.aioptout.plan.PolicyPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Runs every check synth runs and writes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid, every account proven", ExitCodes.LIST_BAD_INPUT, ExitCodes.LIST_FAULT})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    LayoutOptionsMixin layout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyPlan plan = LayoutSource.forSynth(layout, spec.commandLine().getErr());
        spec.commandLine()
                .getOut()
                .println(plan.layout().source() + ": valid; "
                        + (1 + plan.exceptions().size())
                        + " " + (plan.exceptions().isEmpty() ? "policy" : "policies") + ", "
                        + plan.all().stream().mapToInt(p -> p.targets().size()).sum()
                        + " attachment(s), every account proven");
        return ExitCodes.OK;
    }
}
