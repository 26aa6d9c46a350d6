package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The progress line as a person at a terminal sees it: the real command line (java -jar, with its
 * own standard error and everything Main.main puts in front of it) under a pseudo-terminal, against
 * an endpoint that accepts connections and never answers. The line is redrawn in place, without a
 * line end, from the first call on: it must reach the terminal then, not when the deadline ends the
 * run.
 */
class TerminalProgressTest {

    /** Runs the command on a pseudo-terminal and copies what it prints to standard output as it comes. */
    private static final String PTY = String.join(
            "\n",
            "import os, pty, sys",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    os.execvp(sys.argv[1], sys.argv[1:])",
            "while True:",
            "    try:",
            "        data = os.read(fd, 4096)",
            "    except OSError:",
            "        break",
            "    if not data:",
            "        break",
            "    os.write(1, data)",
            "_, status = os.waitpid(pid, 0)",
            "sys.exit(os.waitstatus_to_exitcode(status))",
            "");

    private static final int DEADLINE_SECONDS = 12;

    @Test
    void onATerminalTheProgressLineIsShownWhileTheRunWaitsNotAtItsEnd() throws Exception {
        Path jar = E2e.root().resolve("main/target/ai-optout.jar");
        TerraformTools.require(Files.isRegularFile(jar), "main/target/ai-optout.jar (mvn package writes it)");
        TerraformTools.require(TerraformTools.onPath("python3").isPresent(), "python3 (for a pseudo-terminal)");
        try (ServerSocket stalled = new ServerSocket(0)) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(stalled.accept()); // never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ProcessBuilder builder = new ProcessBuilder(
                            "python3",
                            "-c",
                            PTY,
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            jar.toString(),
                            "snapshot",
                            "--endpoint-url",
                            "http://127.0.0.1:" + stalled.getLocalPort(),
                            "--deadline",
                            DEADLINE_SECONDS + "s")
                    .redirectErrorStream(true);
            builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL"));
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            long firstProgress = -1;
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    seen.write(buffer, 0, n);
                    if (firstProgress < 0
                            && seen.toString(StandardCharsets.UTF_8).contains("\rai-optout: ")) {
                        firstProgress = System.nanoTime();
                    }
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long end = System.nanoTime();
            String output = seen.toString(StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(3);
            assertThat(output).as("the deadline ended the run").contains("the deadline (--deadline 12s)");
            assertThat(firstProgress).as("a progress line was drawn: " + output).isPositive();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(end - firstProgress))
                    .as(
                            "the first progress line reached the terminal well before the deadline ended the run"
                                    + " (started %d s before the end)",
                            TimeUnit.NANOSECONDS.toSeconds(end - start))
                    .isGreaterThanOrEqualTo(DEADLINE_SECONDS / 2);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
