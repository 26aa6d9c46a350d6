package dev.aioptout.audit.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * An HTTP proxy on the loopback interface in front of an AWS Organizations endpoint (the emulator,
 * or {@link FakeOrganizations}) that answers some requests itself, as a {@link Plan} decides: AWS's
 * throttling answers (HTTP 400 {@code TooManyRequestsException}, HTTP 400 and 429
 * {@code ThrottlingException}, with or without {@code Retry-After}), HTTP 500, or no answer at all
 * (a stall: the connection stays open until the client gives up). The other requests are forwarded
 * as they came (method, path, headers including {@code X-Amz-Target} and the signature, body) and the
 * answer is passed back. Requests are handled one at a time on the server's own thread, so the
 * sequence of faults depends only on the plan, its seed and the sequence of requests. It can also
 * answer operations the emulator lacks the way AWS does, and rewrite the emulator's answers, to put
 * in front of the code an API shape the emulator does not have (a field AWS retired, for one). It
 * counts every request by its {@code X-Amz-Target}, so a test can see which calls a command made.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    public static final String THROTTLE_BODY =
            "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\"}";
    public static final String THROTTLING_BODY = "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}";
    public static final String SERVER_ERROR_BODY =
            "{\"__type\":\"InternalFailure\",\"Message\":\"injected by FaultInjectingProxy\"}";

    /** What the proxy does with one request. */
    public enum Kind {
        /** Forwarded. */
        NONE,
        /** HTTP 400 {@code TooManyRequestsException}: Organizations' own throttling error. */
        TOO_MANY_REQUESTS,
        /** HTTP 400 {@code ThrottlingException}: the error common to all AWS services, as AWS documents it. */
        THROTTLING,
        /** HTTP 429 {@code ThrottlingException}. */
        THROTTLING_429,
        /** HTTP 500 {@code InternalFailure}. */
        SERVER_ERROR,
        /** No answer: the request is read and the connection held open. */
        STALL;

        boolean throttles() {
            return this == TOO_MANY_REQUESTS || this == THROTTLING || this == THROTTLING_429;
        }
    }

    /**
     * @param retryAfter the {@code Retry-After} header to send with it, or null
     */
    public record Fault(Kind kind, String retryAfter) {
        public static final Fault NONE = new Fault(Kind.NONE, null);

        public static Fault of(Kind kind) {
            return new Fault(kind, null);
        }

        public Fault withRetryAfter(String value) {
            return new Fault(kind, value);
        }
    }

    /** Decides each request's fault. */
    @FunctionalInterface
    public interface Plan {
        /**
         * @param operation the operation, from {@code X-Amz-Target}
         * @param nth       1 for the operation's first request, 2 for its second, ...
         * @param random    the proxy's seeded generator, drawn from once per request whatever the plan does
         */
        Fault decide(String operation, int nth, double random);
    }

    /** The three throttling answers in turn. */
    public static final List<Kind> THROTTLES = List.of(Kind.TOO_MANY_REQUESTS, Kind.THROTTLING, Kind.THROTTLING_429);

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
    private final Plan plan;
    private final Random random;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger withRetryAfter = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final List<HttpExchange> stalled = new ArrayList<>();
    private final Map<String, Integer> faultsByOperation = new TreeMap<>();
    private final Map<String, Integer> requestsByOperation = new TreeMap<>();
    private final Map<String, Integer> requestsByTarget = new TreeMap<>();
    /** Operations answered here with HTTP 200 and the JSON the function makes of the request body. */
    private final Map<String, Function<String, String>> answers;
    /** (operation, JSON body) of each successful answer to the body sent instead; null: passed as it came. */
    private final BinaryOperator<String> rewrite;

    private FaultInjectingProxy(
            URI target,
            Plan plan,
            long seed,
            Map<String, Function<String, String>> answers,
            BinaryOperator<String> rewrite)
            throws IOException {
        this.target = target;
        this.plan = plan;
        this.answers = Map.copyOf(answers);
        this.rewrite = rewrite;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(null); // the dispatcher thread: one request at a time, in arrival order
        server.start();
    }

    /** Every request as the plan decides; the seed makes a plan that draws on chance reproducible. */
    public static FaultInjectingProxy start(URI target, Plan plan, long seed) throws IOException {
        return new FaultInjectingProxy(target, plan, seed, Map.of(), null);
    }

    /**
     * A share of all requests faulted, chosen by chance: half of them with HTTP 400
     * {@code TooManyRequestsException}, half with HTTP 500.
     *
     * @param faultRate the share of requests answered with a fault, 0 to 1
     */
    public static FaultInjectingProxy start(URI target, double faultRate, long seed) throws IOException {
        return startFor(target, faultRate, seed, null);
    }

    /** As {@link #start(URI, double, long)}, for the operations named only (null: all). */
    public static FaultInjectingProxy startFor(URI target, double faultRate, long seed, Set<String> operations)
            throws IOException {
        double[] coin = {0};
        Random halves = new Random(seed ^ 0x5DEECE66DL);
        return start(
                target,
                (operation, nth, r) -> {
                    coin[0] = halves.nextDouble();
                    boolean fault = r < faultRate && (operations == null || operations.contains(operation));
                    return !fault ? Fault.NONE : Fault.of(coin[0] < 0.5 ? Kind.TOO_MANY_REQUESTS : Kind.SERVER_ERROR);
                },
                seed);
    }

    /**
     * A share of the requests throttled by chance, the three throttling answers in turn, every
     * {@code retryAfterEvery}-th of them (0: none) with {@code Retry-After: retryAfter}.
     */
    public static Plan throttlingShare(double share, int retryAfterEvery, String retryAfter) {
        int[] n = {0};
        return (operation, nth, r) -> {
            if (r >= share) {
                return Fault.NONE;
            }
            int i = n[0]++;
            Fault f = Fault.of(THROTTLES.get(i % THROTTLES.size()));
            return retryAfterEvery > 0 && i % retryAfterEvery == retryAfterEvery - 1 ? f.withRetryAfter(retryAfter) : f;
        };
    }

    /** The first {@code n} requests of every operation answered with the fault; the rest forwarded. */
    public static Plan firstOfEach(int n, Fault fault) {
        return (operation, nth, r) -> nth <= n ? fault : Fault.NONE;
    }

    /** The operation's first request answered with the fault; the rest forwarded. */
    public static Plan firstOf(String operation, Fault fault) {
        return (o, nth, r) -> o.equals(operation) && nth == 1 ? fault : Fault.NONE;
    }

    /** Every request of the operations named answered with the fault; the rest forwarded. */
    public static Plan always(Set<String> operations, Fault fault) {
        return (operation, nth, r) -> operations.contains(operation) ? fault : Fault.NONE;
    }

    /**
     * No faults; every successful answer's body rewritten.
     *
     * @param rewrite (operation, JSON body) to the body to send instead
     */
    public static FaultInjectingProxy rewriting(URI target, BinaryOperator<String> rewrite) throws IOException {
        return new FaultInjectingProxy(target, (o, n, r) -> Fault.NONE, 0, Map.of(), rewrite);
    }

    /** No faults; the operations named are answered here (AWS's shape where the emulator has none), the rest forwarded. */
    public static FaultInjectingProxy answering(URI target, Map<String, Function<String, String>> answers)
            throws IOException {
        return new FaultInjectingProxy(target, (o, n, r) -> Fault.NONE, 0, answers, null);
    }

    /** As {@link #answering}, with faults as the plan decides. */
    public static FaultInjectingProxy answering(
            URI target, Map<String, Function<String, String>> answers, Plan plan, long seed) throws IOException {
        return new FaultInjectingProxy(target, plan, seed, answers, null);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requests() {
        return requests.get();
    }

    public int forwarded() {
        return forwarded.get();
    }

    /** Throttling answers of any of the three kinds. */
    public int throttled() {
        return throttled.get();
    }

    /** Throttling answers that carried a {@code Retry-After}. */
    public int throttledWithRetryAfter() {
        return withRetryAfter.get();
    }

    public int serverErrors() {
        return serverErrors.get();
    }

    public synchronized int stalled() {
        return stalled.size();
    }

    public int faults() {
        return throttled() + serverErrors() + stalled();
    }

    public synchronized Map<String, Integer> faultsByOperation() {
        return new TreeMap<>(faultsByOperation);
    }

    /** Every request received, by its operation. */
    public synchronized Map<String, Integer> requestsByOperation() {
        return new TreeMap<>(requestsByOperation);
    }

    /** Every request received, by its {@code X-Amz-Target} (service and operation), answered, faulted or forwarded. */
    public synchronized Map<String, Integer> requestsByTarget() {
        return new TreeMap<>(requestsByTarget);
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean keepOpen = false;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = operation(amzTarget);
            Fault fault;
            synchronized (this) {
                requestsByTarget.merge(amzTarget == null ? "(none)" : amzTarget, 1, Integer::sum);
                int nth = requestsByOperation.merge(operation, 1, Integer::sum);
                fault = plan.decide(operation, nth, random.nextDouble());
                if (fault.kind() != Kind.NONE) {
                    faultsByOperation.merge(operation, 1, Integer::sum);
                }
                if (fault.kind() == Kind.STALL) {
                    stalled.add(exchange);
                    keepOpen = true;
                    return;
                }
            }
            Function<String, String> answer = answers.get(operation);
            if (fault.kind().throttles()) {
                throttled.incrementAndGet();
                if (fault.retryAfter() != null) {
                    withRetryAfter.incrementAndGet();
                    exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
                }
                respond(
                        exchange,
                        fault.kind() == Kind.THROTTLING_429 ? 429 : 400,
                        fault.kind() == Kind.TOO_MANY_REQUESTS ? THROTTLE_BODY : THROTTLING_BODY);
            } else if (fault.kind() == Kind.SERVER_ERROR) {
                serverErrors.incrementAndGet();
                respond(exchange, 500, SERVER_ERROR_BODY);
            } else if (answer != null) {
                respond(exchange, 200, answer.apply(new String(body, StandardCharsets.UTF_8)));
            } else {
                forward(exchange, operation, body);
            }
        } finally {
            if (!keepOpen) {
                exchange.close();
            }
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
    static String operation(String amzTarget) {
        if (amzTarget == null) {
            return "(none)";
        }
        int dot = amzTarget.lastIndexOf('.');
        return dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
    }

    @Override
    public void close() {
        synchronized (this) {
            stalled.forEach(HttpExchange::close);
            stalled.clear();
        }
        server.stop(0);
    }
}
