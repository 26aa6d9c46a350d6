package dev.aioptout.cli;

import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Quotas;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Prints the baseline policy document (compact JSON, exactly what is sent to AWS) on standard"
                + " output, and its size on standard error.")
final class PolicyCommand implements Callable<Integer> {

    @Mixin
    LayoutOptionsMixin layout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyPlan plan = LayoutSource.forSynth(layout, spec.commandLine().getErr());
        String content = plan.baseline().content();
        spec.commandLine().getOut().println(content);
        spec.commandLine()
                .getErr()
                .println("ai-optout: policy \"" + plan.baseline().name() + "\": " + content.length() + " of "
                        + Quotas.MAX_DOCUMENT_CHARS + " characters");
        return ExitCodes.OK;
    }
}
