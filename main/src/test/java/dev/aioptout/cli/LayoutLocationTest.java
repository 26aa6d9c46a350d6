package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the layout is, without --config (issue 10): ai-optout.yaml or ai-optout.yml in the working
 * directory; both, a dangling link or a folder is bad input naming it; the built-in default only
 * when neither exists, and then said. Each run is a fresh JVM in its own working directory.
 */
class LayoutLocationTest {

    @TempDir
    Path dir;

    private static final String STACK_NAMED = "version: 1\nstack: {name: %s}\n";

    @Test
    void aYmlFileIsReadLikeAYamlFile() throws Exception {
        Files.writeString(dir.resolve("ai-optout.yml"), STACK_NAMED.formatted("from-yml"));
        Cli cli = Cli.runIn(dir, Map.of(), "validate");
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(cli.out()).startsWith("ai-optout.yml: valid");
        assertThat(cli.err()).doesNotContain("built-in default");
    }

    @Test
    void bothFilesAreBadInputAndNothingIsWritten() throws Exception {
        Files.writeString(dir.resolve("ai-optout.yaml"), STACK_NAMED.formatted("a"));
        Files.writeString(dir.resolve("ai-optout.yml"), STACK_NAMED.formatted("b"));
        FolderSnapshot before = FolderSnapshot.of(dir);
        Cli cli = Cli.runIn(dir, Map.of(), "synth");
        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err())
                .contains("ai-optout.yml: error: both ai-optout.yaml and ai-optout.yml are in the working directory"
                        + " (keep one of them, or name the layout with --config)");
        assertThat(FolderSnapshot.of(dir)).isEqualTo(before);
    }

    @Test
    void aDanglingLinkIsBadInputNotTheDefault() throws Exception {
        Files.createSymbolicLink(dir.resolve("ai-optout.yaml"), Path.of("layouts/ai-optout.yaml"));
        FolderSnapshot before = FolderSnapshot.of(dir);
        Cli cli = Cli.runIn(dir, Map.of(), "synth");
        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err())
                .contains("ai-optout.yaml: error: layout file is a symbolic link to a missing file"
                        + " (layouts/ai-optout.yaml)")
                .doesNotContain("built-in default");
        assertThat(FolderSnapshot.of(dir)).isEqualTo(before);
    }

    @Test
    void aFolderNamedLikeTheLayoutIsBadInput() throws Exception {
        Files.createDirectory(dir.resolve("ai-optout.yml"));
        Cli cli = Cli.runIn(dir, Map.of(), "validate");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("ai-optout.yml: error: is a folder (give the path of the layout file)");
    }

    @Test
    void theBuiltInDefaultIsUsedOnlyWhenNeitherExistsAndSaysSo() throws Exception {
        Cli cli = Cli.runIn(dir, Map.of(), "synth");
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(cli.err())
                .contains("no ai-optout.yaml or ai-optout.yml in the working directory and no --config: using the"
                        + " built-in default layout");
        assertThat(Files.exists(dir.resolve("cdktf.out/stacks/ai-optout/cdk.tf.json")))
                .isTrue();
    }

    @Test
    void theCdktfAppFindsAYmlFileToo() throws Exception {
        Files.writeString(dir.resolve("ai-optout.yml"), STACK_NAMED.formatted("from-yml"));
        Cli cli = Cli.runIn(
                dir, Map.of("CDKTF_OUTDIR", dir.resolve("cdktf-cli-out").toString()), "cdktf-app");
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        assertThat(Files.exists(dir.resolve("cdktf-cli-out/stacks/from-yml/cdk.tf.json")))
                .isTrue();
    }
}
