package dev.aioptout.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@code moto_server} on a free loopback port for each test class, waits until it answers,
 * resets it before each test, and stops it with everything it started. When moto_server is not
 * installed the tests are skipped with a message, except under CI=true, where that fails them.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    /** Names the moto_server program when it is not on PATH. */
    static final String PROGRAM_ENV = "AI_OPTOUT_MOTO_SERVER";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);

    private record Running(Process process, Emulator emulator) {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<Path> program = Optional.ofNullable(System.getenv(PROGRAM_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .or(() -> TerraformTools.onPath("moto_server"));
        TerraformTools.require(
                program.isPresent(), "moto_server is not on PATH (the AWS emulator; set " + PROGRAM_ENV + ")");
        int port = freePort();
        Path log = Files.createDirectories(E2e.buildDir().resolve("moto"))
                .resolve(context.getRequiredTestClass().getSimpleName() + ".log");
        Process process = new ProcessBuilder(program.get().toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Emulator.ready(endpoint)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                stop(process);
                throw new IllegalStateException(
                        "moto_server did not start; see " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        context.getStore(NS).put("running", new Running(process, new Emulator(endpoint)));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        running(context).emulator().reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Running running = context.getStore(NS).remove("running", Running.class);
        if (running != null) {
            running.emulator().close();
            stop(running.process());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return running(extension).emulator();
    }

    private static Running running(ExtensionContext context) {
        Running running = context.getStore(NS).get("running", Running.class);
        if (running == null) {
            running = context.getParent()
                    .map(p -> p.getStore(NS).get("running", Running.class))
                    .orElseThrow();
        }
        return running;
    }

    /** Stops the server and any process it started, politely first. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
