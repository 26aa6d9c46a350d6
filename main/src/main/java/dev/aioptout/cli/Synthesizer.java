package dev.aioptout.cli;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.aioptout.constructs.AiOptOutStack;
import dev.aioptout.output.Publisher;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.runtime.CdktfThread;

/**
 * Runs the CDKTF app for a plan: the one place CDKTF is started. What it writes goes to the folder
 * it is given; {@link StackFormats} turns it into the chosen format and {@link Publisher} puts it
 * into the output folder.
 */
final class Synthesizer {

    static final String STACK_FILE = "cdk.tf.json";
    static final String HCL_FILE = "main.tf";
    /** Where {@code --format both} puts the HCL, beside the JSON stacks (one folder cannot hold both). */
    static final String HCL_FOLDER = "hcl";

    /** What synth writes. */
    enum OutputFormat {
        /** {@code stacks/<stack>/cdk.tf.json}, as CDKTF writes it. */
        json,
        /** {@code stacks/<stack>/main.tf} instead. */
        hcl,
        /** The JSON stacks, and {@code hcl/<stack>/main.tf}. */
        both,
        /** {@code cloudformation/<stack>.template.json} only, from the same proven plan; no Terraform. */
        cloudformation
    }

    private Synthesizer() {}

    /**
     * Synthesises straight into {@code outdir} (or CDKTF_OUTDIR when null): the cdktf-cli app path.
     * Runs on the CDKTF thread, where {@link CdktfThread#warmUp()} may already have loaded the bindings.
     */
    static void synthInto(PolicyPlan plan, String outdir) {
        start(plan, outdir).await();
    }

    /** {@link #synthInto}, queued on the CDKTF thread; returns at once. */
    static CdktfThread.Task start(PolicyPlan plan, String outdir) {
        return CdktfThread.submit(() -> {
            // CDKTF validates a cloud block by running `terraform version`; synth must not need Terraform.
            AppConfig.Builder config = AppConfig.builder()
                    .stackTraces(false)
                    .skipValidation(plan.layout().backend() instanceof dev.aioptout.layout.Layout.CloudBackend);
            if (outdir != null) {
                config.outdir(outdir);
            }
            App app = new App(config.build());
            new AiOptOutStack(app, plan);
            app.synth();
        });
    }
}
