package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or careless input through the command line (issue 10): exit 2, one clear message naming
 * the file (and line, column and field where there are some), never a crash or a hang, and the
 * output folder of an earlier run, with the user's files beside it, byte for byte as it was.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private Path out;
    private FolderSnapshot before;

    @BeforeEach
    void anEarlierRunAndAUsersFileBesideIt() throws Exception {
        out = dir.resolve("cdktf.out");
        Cli first = Cli.run("synth", "--config", example("multi-ou"), "--out", out.toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(0);
        Files.writeString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");
        Files.writeString(dir.resolve("notes.md"), "mine");
    }

    private static String example(String name) {
        return Cli.root()
                .resolve("examples")
                .resolve(name)
                .resolve("ai-optout.yaml")
                .toString();
    }

    /** Runs synth with these options and checks exit 2, the message, and that nothing changed. */
    private Cli refused(String message, String... options) throws IOException {
        before = FolderSnapshot.of(dir);
        String[] args = new String[options.length + 3];
        args[0] = "synth";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--out";
        args[options.length + 2] = out.toString();
        Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(args));
        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains(message).contains("nothing was written").doesNotContain("Exception", "\tat ");
        assertThat(FolderSnapshot.of(dir)).isEqualTo(before);
        return cli;
    }

    /** A layout file outside the compared folder, so writing it changes nothing there. */
    private static Path layout(Path folder, String name, byte[] content) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content);
        return file;
    }

    @Test
    void aTrailingLineBreakInATargetIsBadInputNotACrash(@TempDir Path files) throws Exception {
        Path file = layout(files, "ai-optout.yaml", """
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                exceptions:
                  - name: x
                    targets: ["111122223333\\n"]
                    services: {lex: optIn}
                    reason: r
                """.getBytes(StandardCharsets.UTF_8));
        refused(
                file + ":6:15: error: exceptions[0].targets[0]: \"111122223333\\u000a\" contains a line break (U+000A)",
                "--config",
                file.toString());
    }

    @Test
    void anAliasIsBadInput(@TempDir Path files) throws Exception {
        Path file =
                layout(files, "a.yaml", "version: 1\npolicy:\n  name: &n basepolicy\n  description: *n\n".getBytes());
        refused(
                file + ":4:16: error: policy.description: YAML alias *n is not read by ai-optout",
                "--config",
                file.toString());
    }

    @Test
    void aDeviceAsTheLayoutIsRefusedWithoutReadingIt() throws Exception {
        refused(
                "/dev/zero: error: is a device, pipe or socket, not a regular file (give the path of the layout file",
                "--config",
                "/dev/zero");
    }

    @Test
    void aPipeAsTheLayoutIsRefusedWithoutWaiting(@TempDir Path files) throws Exception {
        Path fifo = files.resolve("layout.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        refused(fifo + ": error: is a device, pipe or socket, not a regular file", "--config", fifo.toString());
    }

    @Test
    void aLayoutOverOneMebibyteIsRefusedBeforeParsing(@TempDir Path files) throws Exception {
        Path big = files.resolve("big.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(1024 * 1024 + 1);
        }
        refused(big + ": error: the layout file is larger than 1 MiB", "--config", big.toString());
    }

    @Test
    void aLatin1LayoutIsNotUtf8(@TempDir Path files) throws Exception {
        Path file = layout(
                files,
                "latin1.yaml",
                "version: 1\npolicy: {description: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(file + ":2:26: error: not UTF-8 text (byte 0xE9)", "--config", file.toString());
    }

    @Test
    void aDanglingLinkOrAFolderAsTheLayoutIsNamed(@TempDir Path files) throws Exception {
        Path link = Files.createSymbolicLink(files.resolve("ai-optout.yaml"), files.resolve("moved.yaml"));
        refused(link + ": error: layout file is a symbolic link to a missing file", "--config", link.toString());
        refused(files + ": error: is a folder (give the path of the layout file)", "--config", files.toString());
    }

    @Test
    void aLayoutThatCannotBeReadIsNamedWithTheReason() throws Exception {
        // Reading /proc/self/mem from its start fails (EIO) for every user, root included.
        refused("/proc/self/mem: error: cannot read the layout file: ", "--config", "/proc/self/mem");
    }

    @Test
    void anOrganizationFileThatIsADeviceOrAPipeIsRefusedWithoutReadingIt(@TempDir Path files) throws Exception {
        refused(
                "/dev/zero: error: is a device, pipe or socket, not a regular file (give the path of the organization"
                        + " file",
                "--config",
                example("multi-ou"),
                "--org",
                "/dev/zero");
        Path fifo = files.resolve("org.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        refused(
                fifo + ": error: is a device, pipe or socket",
                "--config",
                example("multi-ou"),
                "--org",
                fifo.toString());
    }

    @Test
    void anOrganizationFileOverItsLimitIsRefusedBeforeParsing(@TempDir Path files) throws Exception {
        Path big = files.resolve("org.json");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(32L * 1024 * 1024 + 1);
        }
        refused(
                big + ": error: the organization file is larger than 32 MiB",
                "--config",
                example("multi-ou"),
                "--org",
                big.toString());
    }

    @Test
    void aLatin1OrganizationFileSaysItIsNotUtf8(@TempDir Path files) throws Exception {
        Path org = layout(
                files,
                "org.json",
                "{\"organizationId\": \"o-\u00e9xampleorgid\"}".getBytes(StandardCharsets.ISO_8859_1));
        refused(
                org + ":1:23: error: not UTF-8 text (byte 0xE9) (save the file as UTF-8)",
                "--config",
                example("multi-ou"),
                "--org",
                org.toString());
    }

    @Test
    void badPolicyContentInAnOrganizationFileNamesTheFileThePolicyAndThePlace(@TempDir Path files) throws Exception {
        Path org = layout(files, "org.json", """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": ["AISERVICES_OPT_OUT_POLICY"],
                 "policies": [{"id": "p-11111111", "name": "legacy", "content": "{\\"services\\":{}"}],
                 "root": {"id": "r-ab12", "name": "Root", "policies": ["p-11111111"], "children": []}}
                """.getBytes(StandardCharsets.UTF_8));
        refused(
                org
                        + ": error: /policies/0/content: policy p-11111111 \"legacy\", line 1, column 15 of its content: not"
                        + " valid JSON",
                "--config",
                example("multi-ou"),
                "--org",
                org.toString());
    }
}
