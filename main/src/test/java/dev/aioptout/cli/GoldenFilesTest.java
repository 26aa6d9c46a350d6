package dev.aioptout.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each example's synthesised output equals the golden copy next to it, byte for byte. After an
 * intended change, refresh them with {@code mvn -pl main test -Dgolden.update=true}.
 */
class GoldenFilesTest {

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
            Synthesizer.deleteTree(expected);
            for (String file : CommandLineTest.tree(out)) {
                Files.createDirectories(expected.resolve(file).getParent());
                Files.copy(out.resolve(file), expected.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(CommandLineTest.tree(out)).isEqualTo(CommandLineTest.tree(expected));
        for (String file : CommandLineTest.tree(expected)) {
            assertThat(Files.readString(out.resolve(file))).as(file).isEqualTo(Files.readString(expected.resolve(file)));
        }
    }
}
