package dev.aioptout.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The programs some tests run (Terraform, cfn-lint, ...), found on this machine: a test that needs
 * one is skipped with a message naming it where it is missing, and fails instead under
 * {@code CI=true}, where every tool must be present. Such tests carry {@link #TAG} (through
 * {@link NeedsTerraform} and the like), so that the quick tier ({@code mvn -Pquick verify}) leaves
 * them out. Nothing machine-specific goes into what the tests write: only the tools' environment.
 */
public final class ExternalTools {

    /** The JUnit tag of every test that runs a program outside the JVM besides Node.js. */
    public static final String TAG = "external";

    /**
     * The JUnit tag of the slowest end-to-end tests (a real Maven build of a copied checkout, synths
     * on an empty jsii cache, each a minute or more on two shared cores): the quick tier leaves them
     * out, and so does {@code -DexcludedGroups=slow} on a full run; CI runs them.
     */
    public static final String SLOW = "slow";

    /** Names the provider mirror's root (the folder above registry.terraform.io) when discovery is not wanted. */
    public static final String MIRROR_ENV = "AI_OPTOUT_TF_MIRROR";

    private ExternalTools() {}

    /** An executable of that name in a folder of {@code PATH}. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test with a message naming what is missing; under CI=true a missing tool fails instead. */
    public static void require(boolean present, String missing) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and a required tool is missing: " + missing);
        }
        assumeTrue(present, missing);
    }

    /** A program on PATH, or the test is skipped (a failure under CI=true). */
    public static Path required(String program, String why) {
        Optional<Path> found = onPath(program);
        require(found.isPresent(), program + " is not on PATH: " + why);
        return found.get();
    }

    /** Terraform on PATH, or the test is skipped (a failure under CI=true). */
    public static Path terraform() {
        Optional<Path> found = onPath("terraform");
        require(found.isPresent(), "terraform is not on PATH");
        return found.get();
    }

    /** The provider mirror: $AI_OPTOUT_TF_MIRROR, else the first of the usual places that holds hashicorp/aws. */
    public static Optional<Path> terraformMirror() {
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
            } catch (IOException | UncheckedIOException e) {
                // unreadable folder: keep looking elsewhere
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a CLI configuration file for TF_CLI_CONFIG_FILE into the folder: the mirror for
     * hashicorp providers when there is one, else the ordinary registry (machines with network access).
     */
    public static Path terraformCliConfig(Path folder) throws IOException {
        Optional<Path> mirror = terraformMirror();
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
}
