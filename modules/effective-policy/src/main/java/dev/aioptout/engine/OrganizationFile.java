package dev.aioptout.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.JsonPointers;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.PolicyDocumentParser;
import dev.aioptout.policy.PrettyJson;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import dev.aioptout.policy.StrictJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization file: what {@code snapshot} writes and {@code plan --org} reads. Only AI
 * opt-out policies appear; each node's {@code policies} list is in attachment order as far as it
 * is known; a policy's {@code content} is its document as a JSON string. Problems name the file
 * and the JSON pointer of the value ({@code /root/children/0/id}); a policy's content is checked
 * here too, so its problems name the file, the policy and the place inside the content.
 */
public final class OrganizationFile {

    /** An organization when the file had no errors, and every problem found. */
    public record Read(Organization organization, List<Problem> problems) {
        public boolean ok() {
            return organization != null;
        }
    }

    /**
     * The largest organization file read. A snapshot of 10,000 accounts in 1,000 OUs is about
     * 2.6 MB; this allows about twelve times that, and still fits the launcher's heap.
     */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The name a policy's content goes by while it is parsed; its problems are renamed after the policy. */
    private static final String CONTENT = "content";

    private static final Set<String> TOP_KEYS =
            Set.of("organizationId", "rootId", "enabledPolicyTypes", "policies", "root");
    private static final Set<String> NODE_KEYS =
            Set.of("type", "id", "name", "state", "status", "policies", "children");

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> nodeIds = new HashSet<>();
    private final Set<String> policyIds = new HashSet<>();

    private OrganizationFile(String file) {
        this.file = file;
    }

    /** @param file the name messages use for it */
    public static Read read(String file, String text) {
        return new OrganizationFile(file).parse(text);
    }

    /**
     * Reads the file at {@code path}: a regular file of UTF-8 text up to {@link #MAX_BYTES}.
     *
     * @param display the path as the user wrote it, for messages
     */
    public static Read load(Path path, String display) {
        InputFile.Read text = InputFile.read(
                path,
                display,
                "organization file",
                MAX_BYTES,
                "write one with ai-optout snapshot, or pass the path of an existing one");
        if (!text.ok()) {
            return new Read(null, List.of(text.problem()));
        }
        return read(display, text.text());
    }

    private Read parse(String text) {
        StrictJson.Read json = StrictJson.read(text, file, "the file ai-optout snapshot writes");
        if (json.problem() != null) {
            problems.add(json.problem());
            return new Read(null, problems);
        }
        JsonNode top = json.tree();
        if (top == null || !top.isObject()) {
            error(
                    "",
                    "must be a JSON object",
                    "{\"organizationId\": ..., \"rootId\": ..., \"policies\": [...], \"root\": {...}}");
            return new Read(null, problems);
        }
        unknownKeys(top, TOP_KEYS, "");
        String organizationId = text(top, "organizationId", "", false);
        shaped(organizationId, AwsIds.Kind.ORGANIZATION, "/organizationId");
        String rootId = text(top, "rootId", "", true);
        List<String> types = enabledPolicyTypes(top);
        List<OrgPolicy> policies = new ArrayList<>();
        JsonNode list = array(top, "policies", "");
        for (int i = 0; i < list.size(); i++) {
            String at = "/policies/" + i;
            JsonNode p = list.get(i);
            if (!p.isObject()) {
                error(at, "must be an object", "{\"id\": \"p-...\", \"name\": ..., \"content\": \"{...}\"}");
                continue;
            }
            unknownKeys(p, Set.of("id", "name", "content"), at);
            String id = text(p, "id", at, true);
            shaped(id, AwsIds.Kind.POLICY, at + "/id");
            if (id != null && !policyIds.add(id)) {
                error(at + "/id", "policy " + id + " is listed twice", "list each policy once");
            }
            String name = text(p, "name", at, false);
            String content = text(p, "content", at, true);
            if (content != null) {
                content(at + "/content", id, name, content);
            }
            policies.add(new OrgPolicy(id, name, content));
        }
        JsonNode rootNode = top.get("root");
        OrgNode root = null;
        if (rootNode == null) {
            error(
                    "/root",
                    "missing",
                    "the root node: {\"id\": \"r-...\", \"name\": \"Root\", \"policies\": [], \"children\": []}");
        } else {
            root = node(rootNode, "/root", NodeKind.ROOT, 0);
            if (root != null && rootId != null && !rootId.equals(root.id())) {
                error("/root/id", "is " + root.id() + " but rootId is " + rootId, "they name the same root");
            }
        }
        if (root == null || !root.id().equals(rootId)) {
            shaped(rootId, AwsIds.Kind.ROOT, "/rootId"); // the same id as /root/id's is refused there, once
        }
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new Read(
                failed ? null : new Organization(organizationId, rootId, types, policies, root, false), problems);
    }

    /**
     * The root's enabled policy types, each kept exactly as written, known to this version or not
     * (AWS adds types; the stack must carry every one). A type is AWS's kind of name: it reaches
     * the generated Terraform, so nothing else is taken.
     */
    /** The enabled types as written (strings(): not a string is refused there), each a type name, once. */
    private List<String> enabledPolicyTypes(JsonNode top) {
        List<String> types = new ArrayList<>();
        List<String> written = strings(top, "enabledPolicyTypes", "");
        JsonNode list = array(top, "enabledPolicyTypes", "");
        for (int i = 0, w = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                continue;
            }
            String type = written.get(w++);
            String at = "/enabledPolicyTypes/" + i;
            if (!Organization.POLICY_TYPE.matcher(type).matches()) {
                error(
                        at,
                        "\"" + type + "\" is not a policy type",
                        "a name as AWS writes it, such as SERVICE_CONTROL_POLICY: capital letters, digits and _");
            } else if (types.contains(type)) {
                error(at, type + " is listed twice", "list each enabled type once");
            } else {
                types.add(type);
            }
        }
        return types;
    }

    private OrgNode node(JsonNode json, String at, NodeKind implied, int depth) {
        if (!json.isObject()) {
            error(at, "must be an object", "a root, OU or account node");
            return null;
        }
        unknownKeys(json, NODE_KEYS, at);
        NodeKind kind = implied;
        if (json.has("type")) {
            String type = text(json, "type", at, true);
            if (type == null) {
                return null; // not a string, reported by text(): the id's shape cannot be judged
            }
            switch (type) {
                case "ORGANIZATIONAL_UNIT" -> kind = NodeKind.ORGANIZATIONAL_UNIT;
                case "ACCOUNT" -> kind = NodeKind.ACCOUNT;
                case "ROOT" -> kind = NodeKind.ROOT;
                default -> error(at + "/type", "unknown node type \"" + type + "\"", "ORGANIZATIONAL_UNIT or ACCOUNT");
            }
        } else if (implied == null) {
            error(at + "/type", "missing", "ORGANIZATIONAL_UNIT or ACCOUNT");
            return null;
        }
        if (kind == null) {
            return null; // an unknown type, reported above: the id's shape and the children cannot be judged
        }
        if (depth > 0 && kind == NodeKind.ROOT) {
            error(at + "/type", "a root can only be the top node", "ORGANIZATIONAL_UNIT or ACCOUNT");
        }
        String id = text(json, "id", at, true);
        if (id != null) {
            shaped(
                    id,
                    kind == NodeKind.ACCOUNT
                            ? AwsIds.Kind.ACCOUNT
                            : kind == NodeKind.ROOT ? AwsIds.Kind.ROOT : AwsIds.Kind.OU,
                    at + "/id");
            if (!nodeIds.add(id)) {
                error(at + "/id", id + " appears twice in the tree", "each node once");
            }
        }
        List<String> attached = new ArrayList<>();
        for (String policy : strings(json, "policies", at)) {
            if (!policyIds.contains(policy)) {
                error(
                        at + "/policies",
                        "policy " + policy + " is attached but not listed under policies",
                        "list it, or remove it here");
            }
            attached.add(policy);
        }
        List<OrgNode> children = new ArrayList<>();
        JsonNode kids = array(json, "children", at);
        if (kind == NodeKind.ACCOUNT && !kids.isEmpty()) {
            error(at + "/children", "an account has no children", "move them under an OU");
        }
        for (int i = 0; i < kids.size(); i++) {
            OrgNode child = node(kids.get(i), at + "/children/" + i, null, depth + 1);
            if (child != null) {
                children.add(child);
            }
        }
        AccountState state = kind == NodeKind.ACCOUNT ? state(json, at) : null;
        return new OrgNode(
                kind,
                id == null ? "" : id,
                // A null written for a node without a name reads back as null, not as "null"; a name that is not
                // a string (a number, an object) is refused rather than read as its JSON text.
                text(json, "name", at, false),
                state,
                attached,
                children);
    }

    /**
     * {@code state} as AWS reports it today, else the retired {@code status}; neither (or null)
     * is {@link AccountState#UNKNOWN}, which no account can be compliant in.
     */
    private AccountState state(JsonNode json, String at) {
        String state = text(json, "state", at, false);
        String status = text(json, "status", at, false);
        for (String[] field : new String[][] {{"state", state}, {"status", status}}) {
            if (field[1] != null && AccountState.parse(field[1]).isEmpty()) {
                error(
                        at + "/" + field[0],
                        "unknown account state \"" + field[1] + "\"",
                        "PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED");
            }
        }
        return AccountState.of(state, status);
    }

    private String text(JsonNode json, String key, String at, boolean required) {
        JsonNode value = json.get(key);
        String path = at + "/" + JsonPointers.escape(key);
        if (value == null || value.isNull()) {
            if (required) {
                error(path, "missing", null);
            }
            return null;
        }
        if (!value.isTextual()) {
            error(path, "must be a string", null);
            return null;
        }
        return value.asText();
    }

    /** An id that must have the kind's shape, refused at its pointer when it has not; null is reported elsewhere. */
    private void shaped(String id, AwsIds.Kind kind, String pointer) {
        if (id != null && !kind.matches(id)) {
            error(pointer, "\"" + id + "\" is not " + kind.what(), kind.shape());
        }
    }

    /** A list of strings; an entry that is not a string is refused at its own pointer and left out. */
    private List<String> strings(JsonNode json, String key, String at) {
        List<String> out = new ArrayList<>();
        JsonNode list = array(json, key, at);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isTextual()) {
                out.add(list.get(i).asText());
            } else {
                error(at + "/" + JsonPointers.escape(key) + "/" + i, "must be a string", null);
            }
        }
        return out;
    }

    private JsonNode array(JsonNode json, String key, String at) {
        JsonNode value = json.get(key);
        if (value == null || value.isNull()) {
            return NODES.arrayNode();
        }
        if (!value.isArray()) {
            error(at + "/" + JsonPointers.escape(key), "must be a list", null);
            return NODES.arrayNode();
        }
        return value;
    }

    private void unknownKeys(JsonNode json, Set<String> allowed, String at) {
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                error(
                        at + "/" + JsonPointers.escape(key),
                        "unknown key",
                        "allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /**
     * The policy's document, checked where it is: a problem inside it names the policy and its
     * place in the content (a line and column of the JSON, or the path of the value).
     */
    private void content(String pointer, String id, String name, String content) {
        for (Problem p : PolicyDocumentParser.parse(content, CONTENT).problems()) {
            if (!p.isError()) {
                continue; // warnings (an unknown service key) are the engine's to report, as for live policies
            }
            StringBuilder message = new StringBuilder("policy ").append(id);
            if (name != null) {
                message.append(" \"").append(name).append('"');
            }
            if (p.location() != null) {
                message.append(", line ")
                        .append(p.location().line())
                        .append(", column ")
                        .append(p.location().column())
                        .append(" of its content");
            }
            message.append(": ");
            if (p.field() != null && !p.field().isEmpty()) {
                message.append(p.field()).append(": ");
            }
            message.append(p.message());
            error(pointer, message.toString(), p.hint());
        }
    }

    private void error(String pointer, String message, String hint) {
        problems.add(Problem.error(file == null ? null : SourceLocation.file(file), pointer, message, hint));
    }

    /** The file's text: two-space indented JSON, keys in the documented order, ending with a newline. */
    public static String write(Organization organization) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("organizationId", organization.organizationId());
        top.put("rootId", organization.rootId());
        top.put("enabledPolicyTypes", organization.enabledPolicyTypes());
        List<Map<String, Object>> policies = new ArrayList<>();
        for (OrgPolicy p : organization.policies()) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("id", p.id());
            policy.put("name", p.name());
            policy.put("content", p.content());
            policies.add(policy);
        }
        top.put("policies", policies);
        top.put("root", tree(organization.root()));
        return PrettyJson.write(top);
    }

    private static Map<String, Object> tree(OrgNode node) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (node.kind() != NodeKind.ROOT) {
            json.put("type", node.kind().name());
        }
        json.put("id", node.id());
        json.put("name", node.name());
        if (node.kind() == NodeKind.ACCOUNT) {
            // An unknown state is written as null, which reads back as unknown.
            json.put("state", node.state().known() ? node.state().name() : null);
        }
        json.put("policies", node.policyIds());
        if (node.kind() != NodeKind.ACCOUNT) {
            json.put(
                    "children",
                    node.children().stream().map(OrganizationFile::tree).toList());
        }
        return json;
    }
}
