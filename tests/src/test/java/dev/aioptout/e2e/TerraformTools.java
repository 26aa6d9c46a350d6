package dev.aioptout.e2e;

import dev.aioptout.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Terraform, its provider mirror and the other programs the end-to-end tests run, found as every
 * module's tests find them ({@link ExternalTools}): skipped when missing, a failure under CI=true.
 */
final class TerraformTools {

    static final String MIRROR_ENV = ExternalTools.MIRROR_ENV;

    private TerraformTools() {}

    static Path terraform() {
        return ExternalTools.terraform();
    }

    static Optional<Path> mirror() {
        return ExternalTools.terraformMirror();
    }

    /** A CLI configuration for TF_CLI_CONFIG_FILE in the folder: the mirror when there is one, else the registry. */
    static Path cliConfig(Path folder) throws IOException {
        return ExternalTools.terraformCliConfig(folder);
    }

    static Optional<Path> onPath(String program) {
        return ExternalTools.onPath(program);
    }

    static void require(boolean present, String missing) {
        ExternalTools.require(present, missing);
    }
}
