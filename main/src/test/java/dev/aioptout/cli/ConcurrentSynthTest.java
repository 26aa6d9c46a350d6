package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsii is not thread-safe, so every CDKTF call runs on one thread (dev.aioptout.runtime.CdktfThread),
 * and synth starts that thread's work (Node.js, the provider bindings) before it reads the layout.
 */
class ConcurrentSynthTest {

    @TempDir
    Path dir;

    /** Two synths at once, as a server or a test runner might: each writes exactly its golden files. */
    @Test
    void synthsFromTwoThreadsAtOnceEachWriteTheirGoldenFiles() throws Exception {
        List<String> examples = List.of("multi-ou", "multi-ou-exceptions");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Cli>> runs = examples.stream()
                .map(example -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return Cli.run("synth", "--config", Cli.example(example), "--out", out(example));
                }))
                .toList();
        start.countDown();

        for (int i = 0; i < examples.size(); i++) {
            Cli cli = runs.get(i).get();
            assertThat(cli.exit()).as(cli.err()).isZero();
            Path expected =
                    Cli.root().resolve("examples").resolve(examples.get(i)).resolve("expected");
            for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
                assertThat(Files.readString(Path.of(out(examples.get(i))).resolve(file)))
                        .as(examples.get(i) + " " + file)
                        .isEqualTo(Files.readString(expected.resolve(file)));
            }
        }
    }

    /** A layout refused while the bindings load in the background: nothing written, and CDKTF still works after. */
    @Test
    void aRefusedLayoutWritesNothingAndTheNextSynthSucceeds() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 1\nlayout: bogus\n");

        Cli refused = Cli.run("synth", "--config", bad.toString(), "--out", out("refused"));
        Cli next = Cli.run("synth", "--config", Cli.example("single-account"), "--out", out("next"));

        assertThat(refused.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("bogus").contains("nothing was written");
        assertThat(Path.of(out("refused"))).doesNotExist();
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(Files.readString(Path.of(out("next")).resolve("stacks/ai-optout/cdk.tf.json")))
                .isEqualTo(Files.readString(
                        Cli.root().resolve("examples/single-account/expected/stacks/ai-optout/cdk.tf.json")));
    }

    private String out(String name) {
        return dir.resolve(name).toString();
    }
}
