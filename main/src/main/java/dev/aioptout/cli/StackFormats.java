package dev.aioptout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.hcl.TerraformHcl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The other formats of a synthesised stack, rendered from the JSON CDKTF wrote, so that every form
 * describes the same configuration: {@code --format hcl} replaces {@code cdk.tf.json} with
 * {@code main.tf} (and the manifest points at it), {@code --format both} adds
 * {@code hcl/<stack>/main.tf} beside the JSON.
 */
final class StackFormats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFormats() {}

    /** @param folder where CDKTF wrote manifest.json and stacks/ */
    static void apply(Path folder, String stack, Synthesizer.OutputFormat format) throws IOException {
        if (format == Synthesizer.OutputFormat.json) {
            return;
        }
        Path json = folder.resolve("stacks").resolve(stack).resolve(Synthesizer.STACK_FILE);
        String hcl = TerraformHcl.render(JSON.readTree(json.toFile()));
        if (format == Synthesizer.OutputFormat.both) {
            Path hclFolder = Files.createDirectories(
                    folder.resolve(Synthesizer.HCL_FOLDER).resolve(stack));
            Files.writeString(hclFolder.resolve(Synthesizer.HCL_FILE), hcl);
            return;
        }
        Files.writeString(json.resolveSibling(Synthesizer.HCL_FILE), hcl);
        Files.delete(json);
        CdktfManifest.pointStackAt(folder.resolve(CdktfManifest.FILE_NAME), stack, Synthesizer.HCL_FILE);
    }
}
