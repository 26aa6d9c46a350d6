package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.output.OwnedFiles;
import dev.aioptout.output.Publisher;
import dev.aioptout.output.TestPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * synth changes only what it wrote (issue 10): files and folders ai-optout did not write are never
 * overwritten or deleted, links are never followed, and a run that stops leaves the output folder
 * byte for byte as it was. Each refusal is exit 2 naming the path, before anything changed.
 */
class PublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The output folder's surroundings: everything in it is compared before and after a refusal. */
    @TempDir
    Path dir;

    /** Layout files, apart from {@link #dir}. */
    @TempDir
    Path layouts;

    private Cli synth(Path out, String... more) throws IOException {
        return synthLayout(out, "version: 1\n", more);
    }

    private Cli synthLayout(Path out, String layout, String... more) throws IOException {
        Path file = layouts.resolve("layout-" + Integer.toHexString(layout.hashCode()) + ".yaml");
        Files.writeString(file, layout);
        List<String> args =
                new java.util.ArrayList<>(List.of("synth", "--config", file.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Cli ok(Cli cli) {
        assertThat(cli.exit()).as(cli.err()).isEqualTo(0);
        return cli;
    }

    /** Exit 2, every message naming a path is here, and nothing under the temp folder changed. */
    private void refused(FolderSnapshot before, Cli cli, String... messages) throws IOException {
        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains(messages).contains("nothing was written");
        assertThat(FolderSnapshot.of(dir)).isEqualTo(before);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void inARepositoryHandWrittenFilesAreNeverOverwrittenOrDeleted() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo.resolve("stacks/network/main.tf"), "resource \"x\" \"y\" {}\n");
        write(repo.resolve("stacks/network/cdk.tf.json"), "{}");
        write(repo.resolve("hcl/network/main.tf"), "# mine\n");
        write(repo.resolve("manifest.json"), "{\"mine\": true}\n");
        write(repo.resolve("README.md"), "# my infrastructure\n");
        write(repo.resolve("main.tf"), "terraform {}\n");

        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(
                before,
                synth(repo),
                "error: --out: " + repo.resolve("manifest.json") + " exists and was not written by ai-optout");

        Files.delete(repo.resolve("manifest.json"));
        for (String format : List.of("json", "hcl", "both", "json")) {
            ok(synth(repo, "--format", format));
            assertThat(Files.readString(repo.resolve("stacks/network/main.tf"))).isEqualTo("resource \"x\" \"y\" {}\n");
            assertThat(Files.readString(repo.resolve("stacks/network/cdk.tf.json")))
                    .isEqualTo("{}");
            assertThat(Files.readString(repo.resolve("hcl/network/main.tf"))).isEqualTo("# mine\n");
            assertThat(Files.readString(repo.resolve("README.md"))).isEqualTo("# my infrastructure\n");
            assertThat(Files.readString(repo.resolve("main.tf"))).isEqualTo("terraform {}\n");
        }
        assertThat(CommandLineTest.tree(repo))
                .containsExactly(
                        "README.md",
                        OwnedFiles.FILE_NAME,
                        "hcl/network/main.tf",
                        "main.tf",
                        "manifest.json",
                        "stacks/ai-optout/cdk.tf.json",
                        "stacks/network/cdk.tf.json",
                        "stacks/network/main.tf");
    }

    @Test
    void theModuleAndEveryFormatStopAtAUsersFileOfTheSameName() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo.resolve("README.md"), "# mine\n");
        write(repo.resolve("main.tf"), "terraform {}\n");
        write(repo.resolve("stacks/ai-optout/main.tf"), "# mine\n");
        write(repo.resolve("hcl/ai-optout/main.tf"), "# mine\n");
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(
                before,
                synth(repo, "--module"),
                repo.resolve("README.md") + " exists and was not written by ai-optout",
                repo.resolve("main.tf") + " exists and was not written by ai-optout");
        refused(before, synth(repo, "--format", "hcl"), repo.resolve("stacks/ai-optout/main.tf") + " exists");
        Files.delete(repo.resolve("stacks/ai-optout/main.tf"));
        before = FolderSnapshot.of(dir);
        refused(before, synth(repo, "--format", "both"), repo.resolve("hcl/ai-optout/main.tf") + " exists");
    }

    @Test
    void aFolderWhereAFileGoesAndAFileWhereAFolderGoesStopTheRun() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("stacks/ai-optout/cdk.tf.json"));
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(
                before,
                synth(out),
                out.resolve("stacks/ai-optout/cdk.tf.json") + " is a folder where ai-optout writes a file");

        Path other = dir.resolve("other");
        write(other.resolve("stacks"), "a file");
        before = FolderSnapshot.of(dir);
        refused(before, synth(other), other.resolve("stacks") + " is a file where ai-optout writes a folder");
    }

    @Test
    void aGeneratedFileChangedByHandIsNeitherOverwrittenNorRemoved() throws Exception {
        Path out = dir.resolve("out");
        ok(synth(out));
        Path stack = out.resolve("stacks/ai-optout/cdk.tf.json");
        Files.writeString(stack, Files.readString(stack).replace("optOut", "optIn"));
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(before, synth(out), stack + " was changed after ai-optout wrote it");

        // When its stack is no longer generated, the changed file stays, with a warning.
        Cli renamed = ok(synthLayout(out, "version: 1\nstack: {name: renamed}\n"));
        assertThat(Files.exists(stack)).isTrue();
        assertThat(renamed.err())
                .contains("kept stacks/ai-optout/cdk.tf.json: it is no longer generated, but was changed");
        assertThat(owned(out).path("files").has("stacks/ai-optout/cdk.tf.json")).isFalse();
    }

    @Test
    void filesIdenticalToWhatWouldBeWrittenAreTakenOver() throws Exception {
        // What cdktf synth (or an ai-optout that kept no record) wrote: the same bytes, no record.
        Path first = dir.resolve("first");
        ok(synth(first));
        Path out = dir.resolve("out");
        for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
            write(out.resolve(file), Files.readString(first.resolve(file)));
        }
        ok(synth(out));
        assertThat(owned(out).path("files").has("stacks/ai-optout/cdk.tf.json")).isTrue();
        assertThat(owned(out).path("folders").toString()).isEqualTo("[]"); // the folders were there before
    }

    @Test
    void theRecordListsEachFileWithItsHashAndTheFoldersAiOptoutMade() throws Exception {
        Path out = dir.resolve("out");
        ok(synth(out));
        JsonNode record = owned(out);
        assertThat(record.path("generator").asText()).isEqualTo("ai-optout");
        assertThat(record.path("files").size()).isEqualTo(2);
        for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
            assertThat(record.path("files").path(file).asText())
                    .isEqualTo(OwnedFiles.sha256(Files.readAllBytes(out.resolve(file))));
        }
        assertThat(record.path("folders").toString()).isEqualTo("[\"stacks\",\"stacks/ai-optout\"]");
        // cdktf-cli's manifest is CDKTF's alone: nothing of ai-optout's is added to it.
        assertThat(Files.readString(out.resolve("manifest.json"))).doesNotContain("ai-optout-generated");
    }

    @Test
    void symbolicLinksInTheOutputFolderAreNeverFollowed() throws Exception {
        Path outside = dir.resolve("outside");
        write(outside.resolve("ai-optout/cdk.tf.json"), "outside the output folder");
        write(dir.resolve("victim.json"), "not ai-optout's");

        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("stacks"), outside);
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(before, synth(out), out.resolve("stacks") + " is a symbolic link where ai-optout writes a folder");

        Files.delete(out.resolve("stacks"));
        Files.createDirectories(out.resolve("stacks/ai-optout"));
        Files.createSymbolicLink(out.resolve("stacks/ai-optout/cdk.tf.json"), dir.resolve("victim.json"));
        before = FolderSnapshot.of(dir);
        refused(
                before,
                synth(out),
                out.resolve("stacks/ai-optout/cdk.tf.json") + " is a symbolic link where ai-optout writes a file");
    }

    @Test
    void aStaleFileBehindALinkIsNotDeleted() throws Exception {
        Path out = dir.resolve("out");
        ok(synthLayout(out, "version: 1\nstack: {name: old}\n"));
        // Someone moves the old stack folder out and links it back: its file now lives outside.
        Path moved = dir.resolve("moved-old");
        Files.move(out.resolve("stacks/old"), moved);
        Files.createSymbolicLink(out.resolve("stacks/old"), moved);
        ok(synthLayout(out, "version: 1\nstack: {name: new}\n"));
        assertThat(Files.exists(moved.resolve("cdk.tf.json"))).isTrue();
        assertThat(Files.isSymbolicLink(out.resolve("stacks/old"))).isTrue();
    }

    @Test
    void aRecordFileThatIsNotAiOptoutsStopsTheRun() throws Exception {
        Path out = dir.resolve("out");
        write(out.resolve(OwnedFiles.FILE_NAME), "{\"mine\": true}\n");
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(before, synth(out), out.resolve(OwnedFiles.FILE_NAME) + " exists and is not ai-optout's record");
    }

    @Test
    void aRecordThatNamesAPathOutsideTheFolderIsNotTrusted() throws Exception {
        Path out = dir.resolve("out");
        ok(synth(out));
        write(dir.resolve("victim.json"), "precious");
        String crafted = Files.readString(out.resolve(OwnedFiles.FILE_NAME))
                .replace(
                        "\"files\": {",
                        "\"files\": {\n    \"../victim.json\": \"" + OwnedFiles.sha256("precious".getBytes()) + "\",");
        Files.writeString(out.resolve(OwnedFiles.FILE_NAME), crafted);
        assertThat(crafted).contains("../victim.json");
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(before, synthLayout(out, "version: 1\nstack: {name: other}\n"), "is not ai-optout's record");
        assertThat(Files.readString(dir.resolve("victim.json"))).isEqualTo("precious");
    }

    @Test
    void aFailureWhileMovingFilesLeavesTheOutputFolderExactlyAsItWas() throws Exception {
        Path out = dir.resolve("out");
        ok(synth(out));
        write(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");
        for (String point : List.of("generated", "journaled", "moved-1")) {
            FolderSnapshot before = FolderSnapshot.of(dir);
            System.setProperty(TestPoints.FAIL, point);
            Cli cli;
            try {
                cli = synthLayout(out, "version: 1\nstack: {name: renamed}\n", "--format", "both");
            } finally {
                System.clearProperty(TestPoints.FAIL);
            }
            assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCodes.FAULT);
            assertThat(cli.err()).contains("failure injected at " + point);
            assertThat(FolderSnapshot.of(dir)).as(point).isEqualTo(before);
        }
        assertThat(CommandLineTest.tree(dir)).noneMatch(p -> p.contains(Publisher.STAGING_PREFIX));
    }

    @Test
    void aFailureInANewOutputFolderRemovesTheFolderItMade() throws Exception {
        Path out = dir.resolve("new/deeper/out");
        FolderSnapshot before = FolderSnapshot.of(dir);
        System.setProperty(TestPoints.FAIL, "moved-1");
        Cli cli;
        try {
            cli = synth(out);
        } finally {
            System.clearProperty(TestPoints.FAIL);
        }
        assertThat(cli.exit()).isEqualTo(ExitCodes.FAULT);
        assertThat(cli.err()).contains("was left as it was");
        assertThat(FolderSnapshot.of(dir)).isEqualTo(before);
    }

    @Test
    void everyBadOutputFolderIsBadInputWithTheReason() throws Exception {
        write(dir.resolve("a-file"), "x");
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        FolderSnapshot before = FolderSnapshot.of(dir);
        refused(before, synth(dir.resolve("a-file")), dir.resolve("a-file") + " exists and is a file");
        refused(
                before,
                synth(dir.resolve("a-file/sub")),
                dir.resolve("a-file/sub") + " cannot be created: " + dir.resolve("a-file") + " is a file");
        refused(before, synth(Path.of("/")), "error: --out: / is the root of the file system");
        refused(before, synth(dir.resolve("dangling")), dir.resolve("dangling") + " is a symbolic link to no folder");
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsBadInput() throws Exception {
        Path locked;
        if ("root".equals(System.getProperty("user.name"))) {
            // Permissions do not stop root; sysfs refuses new entries to everyone.
            locked = Path.of("/sys/kernel");
        } else {
            locked = Files.createDirectory(dir.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        FolderSnapshot before = FolderSnapshot.of(dir);
        Cli cli = synth(locked);
        refused(before, cli, "error: --out: " + locked + " is not writable (");
        Cli below = synth(locked.resolve("out"));
        refused(before, below, "error: --out: " + locked.resolve("out") + " cannot be created (");
    }

    private static JsonNode owned(Path out) throws IOException {
        return JSON.readTree(out.resolve(OwnedFiles.FILE_NAME).toFile());
    }
}
