package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path layout = Cli.root().resolve("examples/multi-ou-exceptions/ai-optout.yaml");
        Path first = dir.resolve("a/deeper/folder");
        Path second = dir.resolve("b");
        Files.createDirectories(first);
        Files.createDirectories(second);
        Files.copy(layout, first.resolve("ai-optout.yaml"));
        Files.copy(layout, second.resolve("ai-optout.yaml"));

        synthIn(first);
        synthIn(second);

        List<String> files = CommandLineTest.tree(first.resolve("cdktf.out"));
        assertThat(files).containsExactly(OwnedFiles.FILE_NAME, "manifest.json", "stacks/ai-optout/cdk.tf.json");
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

    /** A fresh JVM with this test's class path, in the given working directory, on the layout found there. */
    private static void synthIn(Path workingDirectory) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("synth");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isEqualTo(0);
    }
}
