package dev.aioptout.cli;

import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.plan.PolicyPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The app that {@code cdktf synth} runs (see cdktf.json): the layout named by AI_OPTOUT_CONFIG,
 * else ai-optout.yaml or ai-optout.yml, else the embedded default, proven on the organization file
 * AI_OPTOUT_ORG names (if any), synthesised into the folder cdktf-cli names with CDKTF_OUTDIR
 * (cdktf-cli owns that folder and its manifest).
 */
@Command(
        name = "cdktf-app",
        hidden = true,
        description =
                "Entry point for cdktf-cli (cdktf.json); reads the layout named by " + LayoutDefaults.FILE_ENV + ".")
final class CdktfAppCommand implements Callable<Integer> {

    /** The organization file for {@code cdktf synth}, as --org is for {@code ai-optout synth}. */
    static final String ORG_ENV = "AI_OPTOUT_ORG";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CdktfSettings.startCdktf(spec);
        String config = System.getenv(LayoutDefaults.FILE_ENV);
        String org = System.getenv(ORG_ENV);
        PolicyPlan plan = LayoutSource.forSynth(
                config == null || config.isBlank() ? null : config,
                false,
                org == null || org.isBlank() ? null : org,
                spec.commandLine().getErr());
        Synthesizer.synthInto(plan, null);
        return ExitCodes.OK;
    }
}
