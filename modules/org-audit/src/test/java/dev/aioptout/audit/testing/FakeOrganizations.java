package dev.aioptout.audit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small AWS Organizations endpoint on the loopback interface, speaking the JSON 1.1 protocol the
 * SDK uses ({@code POST /}, the operation in {@code X-Amz-Target}), for answers no emulator gives:
 * an organization described in a few lines, and any operation's answer replaced by whatever a test
 * needs (an XML 403, {@code {}}, a NextToken that never changes). It answers every page at once
 * (no NextToken) unless an override says otherwise. An operation it does not implement
 * (DescribeEffectivePolicy, ListAccountsWithInvalidEffectivePolicy, anything else) gets moto_server's
 * answer to an action it has not implemented: HTTP 500 with Werkzeug's HTML error page.
 */
public final class FakeOrganizations implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // As in FaultInjectingProxy: without TCP_NODELAY every answer waits about 40 ms for Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** moto_server 5.x's answer (Werkzeug's page) to an action it has not implemented, byte for byte. */
    public static final String MOTO_NOT_IMPLEMENTED = """
            <!doctype html>
            <html lang=en>
            <title>500 Internal Server Error</title>
            <h1>Internal Server Error</h1>
            <p>The server encountered an internal error and was unable to complete your request. Either the server is \
            overloaded or there is an error in the application.</p>
            """;

    /** An HTTP answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(Object value) {
            try {
                return new Answer(200, "application/x-amz-json-1.1", JSON.writeValueAsString(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Answer error(int status, String type, String message) {
            return json(Map.of("__type", type, "Message", message)).withStatus(status);
        }

        public Answer withStatus(int code) {
            return new Answer(code, contentType, body);
        }
    }

    public record Account(String id, String name, String parent, String state) {}

    public record Policy(String id, String name, String description, String content, List<String> targets) {}

    public final String organizationId = "o-fake000001";
    public final String rootId = "r-fake";
    public final String managementAccountId = "111111111111";
    public final List<Account> accounts = new ArrayList<>();
    /** OU id to its parent. */
    public final Map<String, String> ous = new LinkedHashMap<>();

    public final Map<String, String> ouNames = new LinkedHashMap<>();
    public final List<Policy> policies = new ArrayList<>();

    private final Map<String, Function<JsonNode, Answer>> overrides = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeOrganizations() throws IOException {
        accounts.add(new Account(managementAccountId, "management", rootId, "ACTIVE"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the operation with this instead, given the request's JSON. */
    public FakeOrganizations answer(String operation, Function<JsonNode, Answer> answer) {
        overrides.put(operation, answer);
        return this;
    }

    /** Answers the operation as standard again (for one it does not implement: as the emulator does). */
    public FakeOrganizations standard(String operation) {
        overrides.remove(operation);
        return this;
    }

    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.lastIndexOf('.') + 1);
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode request = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            Function<JsonNode, Answer> override = overrides.get(operation);
            Answer answer = override != null ? override.apply(request) : standard(operation, request);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** What AWS would answer for the organization described in the fields. */
    private Answer standard(String operation, JsonNode request) {
        String parent = request.path("ParentId").asText();
        return switch (operation) {
            case "DescribeOrganization" ->
                Answer.json(Map.of(
                        "Organization",
                        Map.of(
                                "Id", organizationId,
                                "FeatureSet", "ALL",
                                "MasterAccountId", managementAccountId)));
            case "ListRoots" ->
                Answer.json(Map.of(
                        "Roots",
                        List.of(Map.of(
                                "Id",
                                rootId,
                                "Name",
                                "Root",
                                "PolicyTypes",
                                List.of(Map.of("Type", "AISERVICES_OPT_OUT_POLICY", "Status", "ENABLED"))))));
            case "ListAccountsForParent" ->
                Answer.json(Map.of(
                        "Accounts",
                        accounts.stream()
                                .filter(a -> a.parent().equals(parent))
                                .map(a -> {
                                    Map<String, Object> json = new LinkedHashMap<>();
                                    json.put("Id", a.id());
                                    json.put("Name", a.name());
                                    json.put("State", a.state());
                                    return json;
                                })
                                .toList()));
            case "ListOrganizationalUnitsForParent" ->
                Answer.json(Map.of(
                        "OrganizationalUnits",
                        ous.entrySet().stream()
                                .filter(e -> e.getValue().equals(parent))
                                .map(e -> Map.of("Id", e.getKey(), "Name", ouNames.get(e.getKey())))
                                .toList()));
            case "ListPolicies" ->
                Answer.json(Map.of(
                        "Policies",
                        policies.stream().map(FakeOrganizations::summary).toList()));
            case "DescribePolicy" ->
                policies.stream()
                        .filter(p -> p.id().equals(request.path("PolicyId").asText()))
                        .findFirst()
                        .map(p -> Answer.json(
                                Map.of("Policy", Map.of("PolicySummary", summary(p), "Content", p.content()))))
                        .orElse(Answer.error(400, "PolicyNotFoundException", "no such policy"));
            case "ListTargetsForPolicy" ->
                Answer.json(Map.of(
                        "Targets",
                        policies.stream()
                                .filter(p ->
                                        p.id().equals(request.path("PolicyId").asText()))
                                .flatMap(p -> p.targets().stream())
                                .map(t -> Map.of("TargetId", t))
                                .toList()));
            default -> new Answer(500, "text/html; charset=utf-8", MOTO_NOT_IMPLEMENTED);
        };
    }

    private static Map<String, Object> summary(Policy p) {
        return Map.of(
                "Id",
                p.id(),
                "Name",
                p.name(),
                "Description",
                p.description(),
                "Type",
                "AISERVICES_OPT_OUT_POLICY",
                "AwsManaged",
                false);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
