package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.output.OwnedFiles;
import dev.aioptout.output.Publisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each example's synthesised output equals the golden copy next to it, byte for byte: the JSON
 * ({@code expected/manifest.json}, {@code expected/stacks/}) from a plain {@code synth}, with it
 * the HCL ({@code expected/hcl/<stack>/main.tf}) from {@code synth --format both}, and the
 * CloudFormation template ({@code expected/cloudformation/<stack>.template.json}) from
 * {@code synth --format cloudformation}. After an intended change, refresh them with
 * {@code mvn -pl main test -Dgolden.update=true} and read the difference.
 */
class GoldenFilesTest {

    /** Where {@code --format both} puts the HCL, beside the JSON golden files. */
    private static final String HCL = "hcl/";
    /** Where {@code --format cloudformation} puts its template; it writes nothing else. */
    private static final String CLOUDFORMATION = "cloudformation/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts"})
    void exampleOutputMatchesItsGoldenFiles(String example) throws Exception {
        Path out = synth(example);
        Path expected = expected(example);
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
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts"})
    void exampleHclMatchesItsGoldenFile(String example) throws Exception {
        Path out = synth(example, "--format", "both");
        Path expected = refreshed(example, HCL, out);
        // The JSON of --format both is the JSON of a plain synth, and the HCL is beside it.
        assertThat(output(out))
                .isEqualTo(terraform(expected))
                .contains("hcl/ai-optout/main.tf", "stacks/ai-optout/cdk.tf.json", "manifest.json");
        assertSameFiles(out, expected, terraform(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts"})
    void exampleCloudFormationTemplateMatchesItsGoldenFile(String example) throws Exception {
        Path out = synth(example, "--format", "cloudformation");
        Path expected = refreshed(example, CLOUDFORMATION, out);
        assertThat(output(out))
                .containsExactly("cloudformation/ai-optout.template.json")
                .isEqualTo(CommandLineTest.tree(expected).stream()
                        .filter(f -> f.startsWith(CLOUDFORMATION))
                        .toList());
        assertSameFiles(out, expected, output(out));
    }

    /** Runs synth on the example's layout with these options; the output folder. */
    private Path synth(String example, String... options) {
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of(
                "synth",
                "--config",
                Cli.root()
                        .resolve("examples")
                        .resolve(example)
                        .resolve("ai-optout.yaml")
                        .toString(),
                "--out",
                out.toString()));
        args.addAll(List.of(options));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        return out;
    }

    private static Path expected(String example) {
        return Cli.root().resolve("examples").resolve(example).resolve("expected");
    }

    /** The example's golden folder, its {@code area} replaced by this run's output when refreshing. */
    private static Path refreshed(String example, String area, Path out) throws IOException {
        Path expected = expected(example);
        if (Boolean.getBoolean("golden.update")) {
            Publisher.deleteTree(expected.resolve(area));
            copy(out, expected);
        }
        return expected;
    }

    /** The golden files of the Terraform formats: everything but the CloudFormation template. */
    private static List<String> terraform(Path expected) throws IOException {
        return CommandLineTest.tree(expected).stream()
                .filter(f -> !f.startsWith(CLOUDFORMATION))
                .toList();
    }

    /** The golden files a plain synth writes: the Terraform formats' but the HCL. */
    private static List<String> json(Path expected) throws IOException {
        return terraform(expected).stream().filter(f -> !f.startsWith(HCL)).toList();
    }

    /**
     * The output as golden files: everything but ai-optout's record of what it wrote, which differs
     * between formats (PublisherTest covers it).
     */
    private static List<String> output(Path out) throws IOException {
        return CommandLineTest.tree(out).stream()
                .filter(f -> !f.equals(OwnedFiles.FILE_NAME))
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
