package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.output.OwnedFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output is byte-identical across runs and working directories, and names no path of the
 * machine: two separate JVMs, started in two different folders, synthesise the same layout.
 */
class DeterminismTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsFromDifferentFoldersWriteTheSameBytes() throws Exception {
        assertSameBytesFromTwoFolders(List.of(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json"));
    }

    @Test
    void twoCloudFormationRunsFromDifferentFoldersWriteTheSameBytes() throws Exception {
        assertSameBytesFromTwoFolders(
                List.of(OwnedFiles.FILE_NAME, "cloudformation/ai-optout.template.json"), "--format", "cloudformation");
    }

    private void assertSameBytesFromTwoFolders(List<String> expected, String... options) throws Exception {
        Path layout = Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Path first = dir.resolve("a/deeper/folder");
        Path second = dir.resolve("b");
        Files.createDirectories(first);
        Files.createDirectories(second);
        Files.copy(layout, first.resolve("ai-optout.yaml"));
        Files.copy(layout, second.resolve("ai-optout.yaml"));

        synthIn(first, options);
        synthIn(second, options);

        List<String> files = CommandLineTest.tree(first.resolve("cdktf.out"));
        assertThat(files).isEqualTo(expected);
        assertThat(CommandLineTest.tree(second.resolve("cdktf.out"))).isEqualTo(files);
        for (String file : files) {
            byte[] a = Files.readAllBytes(first.resolve("cdktf.out").resolve(file));
            byte[] b = Files.readAllBytes(second.resolve("cdktf.out").resolve(file));
            assertThat(a).as(file).isEqualTo(b);
            String text = new String(a);
            assertThat(text)
                    .as(file)
                    .doesNotContain(dir.toString())
                    .doesNotContain(System.getProperty("user.home"))
                    .doesNotContain(System.getProperty("java.io.tmpdir") + File.separator);
        }
    }

    /** A fresh JVM in the given working directory, on the layout found there. */
    private static void synthIn(Path workingDirectory, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("synth"));
        args.addAll(List.of(options));
        Cli cli = Cli.runIn(workingDirectory, Map.of(), args.toArray(String[]::new));
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
    }
}
