package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher driven directly: all the generated files or none, only ai-optout's own files
 * replaced or removed, every refusal before anything changes, and nothing of its own left behind
 * (no staging folder, no lock file).
 */
class PublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** Publishes the files (relative path to content) into {@code out}. */
    private void publish(Path out, Map<String, String> files) throws IOException {
        try (Publisher publisher = Publisher.open(out, new PrintWriter(err, true), Duration.ZERO)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path at = publisher.scratch().resolve(file.getKey());
                Files.createDirectories(at.getParent());
                Files.writeString(at, file.getValue());
            }
            publisher.publish();
        }
    }

    @Test
    void aNewFolderGetsTheFilesAndTheRecordAndNothingElse() throws Exception {
        Path out = dir.resolve("new/out");
        publish(out, Map.of("stacks/a/main.tf", "a\n", "manifest.json", "{}\n"));
        assertThat(FolderTree.of(out).keySet())
                .containsExactlyInAnyOrder(
                        "stacks/", "stacks/a/", "stacks/a/main.tf", "manifest.json", OwnedFiles.FILE_NAME);
        JsonNode record = JSON.readTree(out.resolve(OwnedFiles.FILE_NAME).toFile());
        assertThat(record.path("files").path("stacks/a/main.tf").asText())
                .isEqualTo(OwnedFiles.sha256("a\n".getBytes()));
        assertThat(record.path("folders").toString()).isEqualTo("[\"stacks\",\"stacks/a\"]");
    }

    @Test
    void aLaterRunReplacesAndRemovesOnlyWhatItWroteAndKeepsTheUsersFiles() throws Exception {
        Path out = dir.resolve("out");
        publish(out, Map.of("stacks/a/main.tf", "a\n", "manifest.json", "{}\n"));
        Files.writeString(out.resolve("stacks/a/terraform.tfstate"), "state");
        Files.writeString(out.resolve("README.md"), "mine");
        publish(out, Map.of("stacks/b/main.tf", "b\n", "manifest.json", "{\"b\": 1}\n"));
        assertThat(FolderTree.of(out).keySet())
                .containsExactlyInAnyOrder(
                        "README.md",
                        "manifest.json",
                        OwnedFiles.FILE_NAME,
                        "stacks/",
                        "stacks/a/",
                        "stacks/a/terraform.tfstate",
                        "stacks/b/",
                        "stacks/b/main.tf");
        assertThat(out.resolve("stacks/a/terraform.tfstate")).hasContent("state");
        assertThat(out.resolve("README.md")).hasContent("mine");
        assertThat(out.resolve("manifest.json")).hasContent("{\"b\": 1}");
        assertThat(err.toString()).contains("kept stacks/a: it is no longer generated but holds other files");
    }

    @Test
    void aUsersFileWhereAFileGoesStopsTheRunBeforeAnythingChanges() throws Exception {
        Path out = dir.resolve("out");
        publish(out, Map.of("a.txt", "a\n"));
        Files.writeString(out.resolve("b.txt"), "the user's");
        Map<String, String> before = FolderTree.of(dir);
        assertThatThrownBy(() -> publish(out, Map.of("a.txt", "new a\n", "b.txt", "b\n")))
                .isInstanceOf(OutputRefused.class)
                .satisfies(e -> assertThat(((OutputRefused) e).problems().get(0).format())
                        .isEqualTo("error: --out: " + out.resolve("b.txt") + " exists and was not written by"
                                + " ai-optout (ai-optout writes only its own files: move or rename it, or choose"
                                + " another --out)"));
        assertThat(FolderTree.of(dir)).isEqualTo(before);
    }

    @Test
    void aFailureHalfwayIsRolledBackAndIsAiOptoutsOwn() throws Exception {
        Path out = dir.resolve("out");
        publish(out, Map.of("a.txt", "a\n", "b.txt", "b\n"));
        Map<String, String> before = FolderTree.of(dir);
        System.setProperty(TestPoints.FAIL, "moved-1");
        try {
            assertThatThrownBy(() -> publish(out, Map.of("a.txt", "new a\n", "c.txt", "c\n")))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessage("writing " + out + " failed (failure injected at moved-1 (" + TestPoints.FAIL
                            + ")); it was left as it was");
        } finally {
            System.clearProperty(TestPoints.FAIL);
        }
        assertThat(FolderTree.of(dir)).isEqualTo(before);
    }

    @Test
    void aNewOutputFolderIsRemovedAgainWhenNothingWasPublished() throws Exception {
        Path out = dir.resolve("new/deeper/out");
        try (Publisher publisher = Publisher.open(out, new PrintWriter(err, true), Duration.ZERO)) {
            assertThat(publisher.scratch()).isDirectory();
        }
        assertThat(FolderTree.of(dir)).isEmpty();
    }
}
