package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest is edited as JSON and written back exactly as CDKTF writes it. */
class CdktfManifestTest {

    private static String golden(String example) throws IOException {
        return Files.readString(Cli.root().resolve("examples").resolve(example).resolve("expected/manifest.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts"})
    void pointingTheStackAtItsOwnFileGivesBackCdktfsBytes(String example) throws Exception {
        String manifest = golden(example);
        assertThat(CdktfManifest.withStackFile(manifest, "ai-optout", Synthesizer.STACK_FILE))
                .isEqualTo(manifest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-account", "multi-ou-exceptions"})
    void pointingItAtMainTfChangesThatOneValue(String example) throws Exception {
        String manifest = golden(example);
        assertThat(CdktfManifest.withStackFile(manifest, "ai-optout", Synthesizer.HCL_FILE))
                .isEqualTo(manifest.replace(
                        "\"synthesizedStackPath\": \"stacks/ai-optout/cdk.tf.json\"",
                        "\"synthesizedStackPath\": \"stacks/ai-optout/main.tf\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-account"})
    void aStackTheManifestDoesNotListIsAFailure(String example) {
        assertThatThrownBy(() -> CdktfManifest.withStackFile(golden(example), "other", Synthesizer.HCL_FILE))
                .isInstanceOf(IOException.class)
                .hasMessage("manifest.json has no stack \"other\"");
    }
}
