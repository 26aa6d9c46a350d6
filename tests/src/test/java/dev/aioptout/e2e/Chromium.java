package dev.aioptout.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket
 * client (no npm, no driver): open a file, evaluate script in the page, type, click, take
 * screenshots, and keep every request the page made and everything it logged. When chromium is
 * not installed the test is skipped with a message, except under CI=true, where that fails it.
 */
final class Chromium implements AutoCloseable {

    /** Names the chromium program when it is not on PATH. */
    static final String PROGRAM_ENV = "AI_OPTOUT_CHROMIUM";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final Path profile;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket, Path profile) {
        this.process = process;
        this.socket = socket;
        this.profile = profile;
    }

    /** The program: $AI_OPTOUT_CHROMIUM, else chromium (Debian's package) or chromium-browser on PATH. */
    static Path program() {
        String named = System.getenv(PROGRAM_ENV);
        if (named != null && !named.isBlank()) {
            TerraformTools.require(
                    Files.isExecutable(Path.of(named)), PROGRAM_ENV + " names " + named + ", which is not a program");
            return Path.of(named);
        }
        Optional<Path> found = TerraformTools.onPath("chromium").or(() -> TerraformTools.onPath("chromium-browser"));
        TerraformTools.require(
                found.isPresent(),
                "chromium is not on PATH (Debian: apt-get install chromium; or set " + PROGRAM_ENV + ")");
        return found.get();
    }

    /**
     * Starts a browser with a new empty profile in {@code folder} (removed on close; the log stays
     * beside it) and a window of the given size, and attaches to its blank page.
     */
    static Chromium start(Path folder, int width, int height) throws IOException, InterruptedException {
        Path program = program();
        Files.createDirectories(folder);
        Path profile = Files.createTempDirectory(folder, "profile-");
        Path log = folder.resolve("chromium.log");
        // The flags Debian's chromium needs here: no sandbox as root, no GPU, and none of the
        // background connections a closed network refuses.
        Process process = new ProcessBuilder(
                        program.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=" + width + "," + height,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "chromium did not start; see " + log + ":\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String page = null;
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    page = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (page == null) {
                throw new IllegalStateException("chromium has no page to attach to: " + targets);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(page), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Chromium chromium = new Chromium(process, socket, profile);
            listener.chromium = chromium;
            chromium.send("Page.enable", Map.of());
            chromium.send("Network.enable", Map.of());
            chromium.send("Runtime.enable", Map.of());
            chromium.send("Log.enable", Map.of());
            return chromium;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            delete(profile);
            throw e;
        } catch (Exception e) {
            stop(process);
            delete(profile);
            throw new IllegalStateException("cannot attach to chromium: " + e.getMessage(), e);
        }
    }

    /** Opens the file and waits until its load event has fired and {@code ready} holds in the page. */
    void open(Path file, String ready) throws InterruptedException {
        int from = events.size();
        send("Page.navigate", Map.of("url", file.toUri().toString()));
        awaitEvent(from, e -> e.path("method").asText().equals("Page.loadEventFired"));
        waitFor(ready);
    }

    /** Waits until the expression holds in the page (what a click starts may finish in a later task). */
    void waitFor(String condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!eval(condition).asBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("never true in the page: " + condition + "; logged: " + problems());
            }
            Thread.sleep(20);
        }
    }

    /** Evaluates the expression in the page and returns its value (as JSON); a thrown exception fails. */
    JsonNode eval(String expression) {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Focuses the element and types the text, as a keyboard would (the page sees input events). */
    void type(String selector, String text) {
        focus(selector);
        send("Input.insertText", Map.of("text", text));
    }

    /** Focuses the element, selects what it holds and deletes it with the Backspace key. */
    void clear(String selector) {
        focus(selector);
        eval("document.querySelector(" + quote(selector) + ").select()");
        for (String type : List.of("keyDown", "keyUp")) {
            send(
                    "Input.dispatchKeyEvent",
                    Map.of("type", type, "key", "Backspace", "code", "Backspace", "windowsVirtualKeyCode", 8));
        }
    }

    private void focus(String selector) {
        eval("document.querySelector(" + quote(selector) + ").focus()");
    }

    /** Scrolls the element into view and clicks its middle with the mouse. */
    void click(String selector) {
        JsonNode box = eval(
                "(() => { const e = document.querySelector(" + quote(selector) + ");"
                        + " if (!e) { return null; } e.scrollIntoView({block: 'center'});"
                        + " const r = e.getBoundingClientRect(); return {x: r.x + Math.min(r.width / 2, 40), y: r.y + r.height / 2}; })()");
        if (box.isNull() || box.isMissingNode()) {
            throw new AssertionError("nothing to click at " + selector);
        }
        for (String type : List.of("mousePressed", "mouseReleased")) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("type", type);
            params.put("x", box.get("x").asDouble());
            params.put("y", box.get("y").asDouble());
            params.put("button", "left");
            params.put("clickCount", 1);
            send("Input.dispatchMouseEvent", params);
        }
    }

    /** The page as PNG, written to the file: all of it, or only what the window shows. */
    void screenshot(Path file, boolean wholePage) throws IOException {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", wholePage));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Every URL the page asked the network stack for, the document itself included, in order. */
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(e.path("params").path("request").path("url").asText());
            }
        }
        return urls;
    }

    /** What the page or the browser reported as an error or warning: exceptions, console errors, CSP refusals. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            String method = e.path("method").asText();
            JsonNode p = e.path("params");
            if (method.equals("Runtime.exceptionThrown")) {
                out.add("exception: " + p.path("exceptionDetails"));
            } else if (method.equals("Log.entryAdded")
                    && List.of("error", "warning")
                            .contains(p.path("entry").path("level").asText())) {
                out.add(p.path("entry").path("source").asText() + ": "
                        + p.path("entry").path("text").asText());
            } else if (method.equals("Runtime.consoleAPICalled")
                    && List.of("error", "warning", "assert")
                            .contains(p.path("type").asText())) {
                out.add("console: " + p.path("args"));
            }
        }
        return out;
    }

    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        JsonNode reply;
        try {
            String message = JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
            socket.sendText(message, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer from chromium: " + e, e);
        } finally {
            pending.remove(id);
        }
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void awaitEvent(int from, Predicate<JsonNode> which) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (which.test(events.get(i))) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("chromium sent no such event; logged: " + problems());
            }
            Thread.sleep(20);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        try {
            // No answer comes: the browser closes the connection as it goes.
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already gone: stopped below either way
        }
        stop(process);
        socket.abort();
        delete(profile);
    }

    private static void delete(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in a build folder is harmless
        }
    }

    private static void stop(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reassembles the protocol's messages (a large one comes in parts) and hands each to its waiter. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        /** Set before the first command is sent, so before the first message arrives. */
        private volatile Chromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    deliver(JSON.readTree(text));
                } catch (IOException e) {
                    throw new IllegalStateException("chromium sent something that is not JSON: " + text, e);
                }
            }
            socket.request(1);
            return null;
        }

        private void deliver(JsonNode message) {
            Chromium c = chromium;
            if (message.has("id")) {
                CompletableFuture<JsonNode> waiter =
                        c.pending.get(message.get("id").asInt());
                if (waiter != null) {
                    waiter.complete(message);
                }
            } else {
                c.events.add(message);
            }
        }
    }
}
