package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the build and the repository, and synthesis of a layout through the real command line. */
final class E2e {

    private E2e() {}

    static Path root() {
        return Path.of(System.getProperty("aioptout.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** tests/target: logs, the shared provider cache, the npm-installed cdktf-cli. */
    static Path buildDir() {
        return Path.of(System.getProperty("aioptout.build", "target"))
                .toAbsolutePath()
                .normalize();
    }

    /** Writes the layout to {@code folder/ai-optout.yaml}, synthesises it, and returns the stack folder. */
    static Path synth(Path folder, String layout) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("ai-optout.yaml");
        Files.writeString(file, layout);
        return synthFile(folder, file);
    }

    static Path synthFile(Path folder, Path file) {
        Path out = folder.resolve("cdktf.out");
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new String[] {"synth", "--config", file.toString(), "--out", out.toString()},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(0);
        return out.resolve("stacks/ai-optout");
    }
}
