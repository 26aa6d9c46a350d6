package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Printed commands keep every value one word that the shell does not run, whatever it holds. */
class ShellCommandTest {

    @TempDir
    Path dir;

    @Test
    void plainWordsStayAsTheyAreAndOthersAreSingleQuoted() {
        assertThat(ShellCommand.of("aws", "organizations", "detach-policy", "--policy-id", "p-12345678"))
                .isEqualTo("aws organizations detach-policy --policy-id p-12345678");
        assertThat(ShellCommand.quote("p-$(touch pwned)")).isEqualTo("'p-$(touch pwned)'");
        assertThat(ShellCommand.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellCommand.quote("")).isEqualTo("''");
        assertThat(ShellCommand.quote("my layout.yaml")).isEqualTo("'my layout.yaml'");
        assertThat(ShellCommand.quote("a;b|c&d`e`\\f*g?h~i#j!k\"l<m>n{o}[p]")).startsWith("'");
    }

    /** The real shell: each hostile word comes back as one argument, byte for byte, and nothing ran. */
    @Test
    void aShellReadsEachQuotedWordBackExactlyAndRunsNothing() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> hostile = List.of(
                "p-$(touch " + marker + ")",
                "`touch " + marker + "`",
                "'; touch " + marker + "; echo '",
                "a\"b\\c$HOME*",
                "line\nbreak",
                "",
                "--target-id");
        String script =
                "for a in " + ShellCommand.of(hostile.toArray(String[]::new)) + "; do printf '%s\\0' \"$a\"; done";
        Process sh =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(List.of(out.split("\0", -1)).subList(0, hostile.size())).isEqualTo(hostile);
        assertThat(Files.exists(marker)).as("nothing ran").isFalse();
    }
}
