package dev.aioptout.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An HTTP proxy on the loopback interface in front of the emulator that answers a fixed share of
 * requests itself, chosen by a seeded {@link Random} so a run is reproducible: half of those with
 * AWS's throttling answer (HTTP 400 {@code TooManyRequestsException}), half with HTTP 500. The
 * other requests are forwarded as they came (method, path, headers including
 * {@code X-Amz-Target} and the signature, body) and the emulator's answer is passed back.
 * Requests are handled one at a time on the server's own thread, so the sequence of faults
 * depends only on the seed and the sequence of requests. Faults can be limited to some operations
 * (read from {@code X-Amz-Target}). It can also answer operations the emulator lacks the way AWS
 * does, and it counts every request by its {@code X-Amz-Target}, so a test can see which calls a
 * command made.
 * A proxy can also rewrite the emulator's answers, to put in front
 * of the code an API shape the emulator does not have (a field AWS retired, for one).
 */
final class FaultInjectingProxy implements AutoCloseable {

    static final String THROTTLE_BODY = "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\"}";
    static final String SERVER_ERROR_BODY =
            "{\"__type\":\"InternalFailure\",\"Message\":\"injected by FaultInjectingProxy\"}";

    /** Headers java.net.http sets itself (or refuses), and hop-by-hop headers a proxy must not pass on. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "transfer-encoding",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer");

    static {
        // The server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // acknowledgements add about 40 ms to every answer. Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI target;
    private final double faultRate;
    private final Predicate<String> operations;
    private final Random random;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final Map<String, Integer> faultsByOperation = new TreeMap<>();
    private final Map<String, Integer> requestsByTarget = new TreeMap<>();
    /** Operations answered here with HTTP 200 and the JSON the function makes of the request body. */
    private final Map<String, Function<String, String>> answers;
    /** (operation, JSON body) of each successful answer to the body sent instead; null: passed as it came. */
    private final BinaryOperator<String> rewrite;

    private FaultInjectingProxy(
            URI target,
            double faultRate,
            long seed,
            Predicate<String> operations,
            Map<String, Function<String, String>> answers,
            BinaryOperator<String> rewrite)
            throws IOException {
        this.target = target;
        this.faultRate = faultRate;
        this.operations = operations;
        this.answers = Map.copyOf(answers);
        this.rewrite = rewrite;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(null); // the dispatcher thread: one request at a time, in arrival order
        server.start();
    }

    /** @param faultRate the share of requests answered with a fault, 0 to 1 */
    static FaultInjectingProxy start(URI target, double faultRate, long seed) throws IOException {
        return new FaultInjectingProxy(target, faultRate, seed, operation -> true, Map.of(), null);
    }

    /**
     * No faults; every successful answer's body rewritten.
     *
     * @param rewrite (operation, JSON body) to the body to send instead
     */
    static FaultInjectingProxy rewriting(URI target, BinaryOperator<String> rewrite) throws IOException {
        return new FaultInjectingProxy(target, 0, 0, operation -> false, Map.of(), rewrite);
    }

    /** Faults only for the operations named (e.g. {@code ListTargetsForPolicy}); every other request is forwarded. */
    static FaultInjectingProxy startFor(URI target, double faultRate, long seed, Set<String> operations)
            throws IOException {
        return new FaultInjectingProxy(target, faultRate, seed, operations::contains, Map.of(), null);
    }

    /** No faults; the operations named are answered here (AWS's shape where the emulator has none), the rest forwarded. */
    static FaultInjectingProxy answering(URI target, Map<String, Function<String, String>> answers) throws IOException {
        return new FaultInjectingProxy(target, 0, 0, operation -> false, answers, null);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int requests() {
        return requests.get();
    }

    int forwarded() {
        return forwarded.get();
    }

    int throttled() {
        return throttled.get();
    }

    int serverErrors() {
        return serverErrors.get();
    }

    int faults() {
        return throttled() + serverErrors();
    }

    synchronized Map<String, Integer> faultsByOperation() {
        return new TreeMap<>(faultsByOperation);
    }

    /** Every request received, by its {@code X-Amz-Target} (service and operation), answered, faulted or forwarded. */
    synchronized Map<String, Integer> requestsByTarget() {
        return new TreeMap<>(requestsByTarget);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = operation(amzTarget);
            boolean fault;
            boolean throttle;
            synchronized (this) {
                requestsByTarget.merge(amzTarget == null ? "(none)" : amzTarget, 1, Integer::sum);
                fault = random.nextDouble() < faultRate && operations.test(operation);
                throttle = random.nextBoolean();
                if (fault) {
                    faultsByOperation.merge(operation, 1, Integer::sum);
                }
            }
            Function<String, String> answer = answers.get(operation);
            if (answer != null) {
                respond(exchange, 200, answer.apply(new String(body, StandardCharsets.UTF_8)));
            } else if (fault && throttle) {
                throttled.incrementAndGet();
                respond(exchange, 400, THROTTLE_BODY);
            } else if (fault) {
                serverErrors.incrementAndGet();
                respond(exchange, 500, SERVER_ERROR_BODY);
            } else {
                forward(exchange, operation, body);
            }
        } finally {
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange, String operation, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        forwarded.incrementAndGet();
        boolean rewritten = rewrite != null && response.statusCode() == 200 && response.body().length > 0;
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // A checksum of the emulator's body would not match a rewritten one.
            boolean checksum = rewritten && lower.equals("x-amz-crc32");
            if (!NOT_FORWARDED.contains(lower) && !name.startsWith(":") && !checksum) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = rewritten
                ? rewrite.apply(operation, new String(response.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)
                : response.body();
        send(exchange, response.statusCode(), answer);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-" + System.nanoTime());
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code AWSOrganizationsV20161128.ListRoots} to {@code ListRoots}. */
    private static String operation(String amzTarget) {
        if (amzTarget == null) {
            return "(none)";
        }
        int dot = amzTarget.lastIndexOf('.');
        return dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
