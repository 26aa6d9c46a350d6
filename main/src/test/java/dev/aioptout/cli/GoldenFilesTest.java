package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each example's synthesised output equals the golden copy next to it, byte for byte: the JSON
 * ({@code expected/manifest.json}, {@code expected/stacks/}) from a plain {@code synth}, and with
 * it the HCL ({@code expected/hcl/<stack>/main.tf}) from {@code synth --format both}. After an
 * intended change, refresh them with {@code mvn -pl main test -Dgolden.update=true} and read the
 * difference.
 */
class GoldenFilesTest {

    /** Where {@code --format both} puts the HCL, beside the JSON golden files. */
    private static final String HCL = "hcl/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions"})
    void exampleOutputMatchesItsGoldenFiles(String example) throws Exception {
        Path folder = Cli.root().resolve("examples").resolve(example);
        Path out = dir.resolve("out");
        Cli cli = Cli.run("synth", "--config", folder.resolve("ai-optout.yaml").toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        Path expected = folder.resolve("expected");
        if (Boolean.getBoolean("golden.update")) {
            for (String file : json(expected)) {
                Files.delete(expected.resolve(file));
            }
            copy(out, expected);
        }
        assertThat(output(out)).isEqualTo(json(expected));
        assertSameFiles(out, expected, json(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions"})
    void exampleHclMatchesItsGoldenFile(String example) throws Exception {
        Path folder = Cli.root().resolve("examples").resolve(example);
        Path out = dir.resolve("out");
        Cli cli = Cli.run(
                "synth",
                "--format",
                "both",
                "--config",
                folder.resolve("ai-optout.yaml").toString(),
                "--out",
                out.toString());
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        Path expected = folder.resolve("expected");
        if (Boolean.getBoolean("golden.update")) {
            Publisher.deleteTree(expected.resolve(HCL));
            copy(out, expected);
        }
        // The JSON of --format both is the JSON of a plain synth, and the HCL is beside it.
        assertThat(output(out))
                .isEqualTo(CommandLineTest.tree(expected))
                .contains("hcl/ai-optout/main.tf", "stacks/ai-optout/cdk.tf.json", "manifest.json");
        assertSameFiles(out, expected, CommandLineTest.tree(expected));
    }

    /**
     * The output as golden files: everything but ai-optout's record of what it wrote, which differs
     * between a plain synth and --format both (PublisherTest covers it).
     */
    private static List<String> output(Path out) throws IOException {
        return CommandLineTest.tree(out).stream()
                .filter(f -> !f.equals(OwnedFiles.FILE_NAME))
                .toList();
    }

    /** The golden files a plain synth writes: everything but the HCL. */
    private static List<String> json(Path expected) throws IOException {
        return CommandLineTest.tree(expected).stream()
                .filter(f -> !f.startsWith(HCL))
                .toList();
    }

    private static void copy(Path out, Path expected) throws IOException {
        for (String file : output(out)) {
            Files.createDirectories(expected.resolve(file).getParent());
            Files.copy(out.resolve(file), expected.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void assertSameFiles(Path out, Path expected, List<String> files) throws IOException {
        for (String file : files) {
            assertThat(Files.readString(out.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readString(expected.resolve(file)));
        }
    }
}
