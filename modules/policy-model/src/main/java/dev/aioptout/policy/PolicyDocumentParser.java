package dev.aioptout.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads any AI opt-out policy document, including ones this project did not write, and reports
 * every syntax error with its path inside the document and what is allowed there. What it accepts,
 * and where it is more lenient or stricter than AWS's pages, is in docs/policy-semantics.md,
 * section 1.
 */
public final class PolicyDocumentParser {

    /** The outcome: a document when there were no errors, and every problem found. */
    public record Parsed(PolicyDocument document, List<Problem> problems) {
        public boolean ok() {
            return document != null;
        }
    }

    private static final Set<String> FORBIDDEN_OPERATORS = Set.of("@@append", "@@remove", "@@enforced_for");

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private PolicyDocumentParser(String source) {
        this.source = source;
    }

    /** @param source a name for messages, e.g. the policy's id or the file it came from */
    public static Parsed parse(String content, String source) {
        return new PolicyDocumentParser(source).run(content);
    }

    private Parsed run(String content) {
        StrictJson.Read read = StrictJson.read(content, source, null);
        if (read.problem() != null) {
            problems.add(read.problem());
            return new Parsed(null, List.copyOf(problems));
        }
        JsonNode root = read.tree();
        if (root == null || !root.isObject()) {
            error("", "the document must be a JSON object", "{\"services\": {...}}");
            return new Parsed(null, List.copyOf(problems));
        }
        JsonNode services = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if ("services".equals(field.getKey())) {
                services = field.getValue();
            } else {
                error(field.getKey(), "unknown top-level key", "the only top-level key is \"services\"");
            }
        }
        PolicyDocument document = null;
        if (services == null) {
            error("services", "missing", "the document is {\"services\": {...}}");
        } else {
            document = readServices(services);
        }
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new Parsed(failed ? null : document, List.copyOf(problems));
    }

    private PolicyDocument readServices(JsonNode services) {
        if (!services.isObject()) {
            error("services", "must be an object", "service keys or \"default\", each {\"opt_out_policy\": {...}}");
            return null;
        }
        ChildControl control = null;
        SortedMap<String, ServiceEntry> entries = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String path = "services." + key;
            if (ChildControl.KEY.equals(key)) {
                control = readControl(field.getValue(), path);
            } else if (key.startsWith("@@")) {
                operatorNotAllowed(key, path);
            } else {
                if (!ServiceKeys.isKnown(key)) {
                    String hint = ServiceKeys.closest(key)
                            .map(k -> "did you mean \"" + k + "\"?")
                            .orElse("known keys: " + String.join(", ", ServiceKeys.KNOWN));
                    problems.add(Problem.warning(null, path, "unknown service key \"" + key + "\"", hint));
                }
                ServiceEntry entry = readEntry(field.getValue(), path);
                if (entry != null) {
                    entries.put(key, entry);
                }
            }
        }
        return new PolicyDocument(control, entries);
    }

    private ServiceEntry readEntry(JsonNode node, String path) {
        if (!node.isObject()) {
            error(path, "must be an object", "{\"opt_out_policy\": {\"@@assign\": \"optOut\"}}");
            return null;
        }
        ChildControl control = null;
        OptOutSetting setting = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (ChildControl.KEY.equals(key)) {
                control = readControl(field.getValue(), path + "." + key);
            } else if ("opt_out_policy".equals(key)) {
                setting = readSetting(field.getValue(), path + ".opt_out_policy");
            } else if (key.startsWith("@@")) {
                operatorNotAllowed(key, path + "." + key);
            } else {
                error(
                        path + "." + key,
                        "unknown key",
                        "under a service only \"opt_out_policy\" and \"" + ChildControl.KEY + "\" are allowed");
            }
        }
        return new ServiceEntry(control, setting);
    }

    private OptOutSetting readSetting(JsonNode node, String path) {
        if (node.isTextual()) {
            error(path, "a bare value is not an operator", "write {\"@@assign\": \"" + node.asText() + "\"}");
            return null;
        }
        if (!node.isObject()) {
            error(path, "must be an object", "{\"@@assign\": \"optOut\"} or {\"@@assign\": \"optIn\"}");
            return null;
        }
        ChildControl control = null;
        OptValue value = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String fieldPath = path + "." + key;
            if (ChildControl.KEY.equals(key)) {
                control = readControl(field.getValue(), fieldPath);
            } else if ("@@assign".equals(key)) {
                value = readValue(field.getValue(), fieldPath);
            } else if (key.startsWith("@@")) {
                operatorNotAllowed(key, fieldPath);
            } else {
                error(
                        fieldPath,
                        "unknown key",
                        "opt_out_policy holds only \"@@assign\" and \"" + ChildControl.KEY + "\"");
            }
        }
        return new OptOutSetting(control, value);
    }

    private OptValue readValue(JsonNode node, String path) {
        if (!node.isTextual()) {
            error(path, "must be a string", "\"optOut\" or \"optIn\"");
            return null;
        }
        String text = node.asText();
        return OptValue.parse(text).orElseGet(() -> {
            String hint = OptValue.caseInsensitive(text)
                    .map(v -> "case matters and AWS silently ignores \"" + text + "\": write \"" + v.json() + "\"")
                    .orElse("allowed: \"optOut\" or \"optIn\"");
            error(path, "invalid value \"" + text + "\"", hint);
            return null;
        });
    }

    private ChildControl readControl(JsonNode node, String path) {
        if (!node.isArray() || node.isEmpty()) {
            error(path, "must be a non-empty array", "[\"@@all\"], [\"@@assign\"] or [\"@@none\"]");
            return null;
        }
        EnumSet<ValueOperator> allowed = EnumSet.noneOf(ValueOperator.class);
        boolean none = false;
        boolean all = false;
        for (JsonNode item : node) {
            String op = item.isTextual() ? item.asText() : item.toString();
            switch (op) {
                case "@@all" -> all = true;
                case "@@none" -> none = true;
                case "@@assign" -> allowed.add(ValueOperator.ASSIGN);
                case "@@append" -> allowed.add(ValueOperator.APPEND);
                case "@@remove" -> allowed.add(ValueOperator.REMOVE);
                default ->
                    error(path, "unknown child-control operator " + op, "allowed: \"@@all\", \"@@assign\", \"@@none\"");
            }
        }
        if (none && (all || !allowed.isEmpty())) {
            error(path, "\"@@none\" cannot be combined with other operators", "use [\"@@none\"] alone");
        }
        if (all) {
            return ChildControl.ALL;
        }
        return none ? ChildControl.NONE : new ChildControl(allowed);
    }

    private void operatorNotAllowed(String operator, String path) {
        String hint = FORBIDDEN_OPERATORS.contains(operator)
                ? operator + " is not allowed in AI opt-out policies; use \"@@assign\""
                : "allowed operators: \"@@assign\" and \"" + ChildControl.KEY + "\"";
        error(path, "operator " + operator + " is not allowed here", hint);
    }

    private void error(String path, String message, String hint) {
        problems.add(Problem.error(null, path, message, hint));
    }
}
