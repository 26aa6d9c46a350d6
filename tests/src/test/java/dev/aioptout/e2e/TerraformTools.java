package dev.aioptout.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds Terraform and a filesystem mirror of the hashicorp/aws provider on this machine, and
 * writes a CLI configuration that points Terraform at it. Nothing machine-specific is written
 * into the synthesised configuration: only the child processes' environment changes.
 */
final class TerraformTools {

    /** Names the mirror's root (the folder above registry.terraform.io) when discovery is not wanted. */
    static final String MIRROR_ENV = "AI_OPTOUT_TF_MIRROR";

    private TerraformTools() {}

    /** Terraform on PATH, or the test is skipped (and fails under CI=true, where it must be present). */
    static Path terraform() {
        Optional<Path> found = onPath("terraform");
        require(found.isPresent(), "terraform is not on PATH");
        return found.get();
    }

    /** The provider mirror: $AI_OPTOUT_TF_MIRROR, else the first of the usual places that holds hashicorp/aws. */
    static Optional<Path> mirror() {
        String named = System.getenv(MIRROR_ENV);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        List<Path> candidates = new ArrayList<>(
                List.of(Path.of("/opt"), Path.of("/usr/local/share/terraform"), Path.of("/usr/share/terraform")));
        String home = System.getProperty("user.home");
        candidates.add(Path.of(home, ".terraform.d"));
        candidates.add(Path.of(home, ".local/share/terraform"));
        for (Path base : candidates) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> walk = Files.find(
                    base,
                    4,
                    (p, a) -> a.isDirectory()
                            && p.getFileName().toString().equals("registry.terraform.io")
                            && Files.isDirectory(p.resolve("hashicorp/aws")))) {
                Optional<Path> hit = walk.findFirst();
                if (hit.isPresent()) {
                    return Optional.of(hit.get().getParent());
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // unreadable folder: keep looking elsewhere
            }
        }
        return Optional.empty();
    }

    /**
     * A CLI configuration file for TF_CLI_CONFIG_FILE: the mirror for hashicorp providers when
     * there is one, else the ordinary registry (machines with network access).
     */
    static Path cliConfig(Path folder) throws IOException {
        Optional<Path> mirror = mirror();
        require(
                mirror.isPresent() || System.getenv("CI") == null,
                "no filesystem mirror of hashicorp/aws found (set " + MIRROR_ENV + ")");
        Path file = folder.resolve("terraform.rc");
        String text = mirror.map(m -> """
                provider_installation {
                  filesystem_mirror {
                    path    = "%s"
                    include = ["registry.terraform.io/hashicorp/*"]
                  }
                  direct { exclude = ["registry.terraform.io/hashicorp/*"] }
                }
                """.formatted(m.toString().replace("\\", "\\\\")))
                .orElse("");
        Files.writeString(file, text);
        return file;
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test with a message naming what is missing; under CI=true a missing tool fails instead. */
    static void require(boolean present, String missing) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and a required tool is missing: " + missing);
        }
        assumeTrue(present, missing);
    }
}
