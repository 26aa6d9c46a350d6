package dev.aioptout.cli;

import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.plan.PolicyPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The app that {@code cdktf synth} runs (see cdktf.json): the layout named by AI_OPTOUT_CONFIG,
 * else ai-optout.yaml or ai-optout.yml, else the embedded default, synthesised into the folder
 * cdktf-cli names with CDKTF_OUTDIR (cdktf-cli owns that folder and its manifest).
 */
@Command(
        name = "cdktf-app",
        hidden = true,
        description =
                "Entry point for cdktf-cli (cdktf.json); reads the layout named by " + LayoutDefaults.FILE_ENV + ".")
final class CdktfAppCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CdktfThread.warmUp();
        String config = System.getenv(LayoutDefaults.FILE_ENV);
        PolicyPlan plan = LayoutSource.forSynth(
                config == null || config.isBlank() ? null : config,
                false,
                spec.commandLine().getErr());
        Synthesizer.synthInto(plan, null);
        return ExitCodes.OK;
    }
}
