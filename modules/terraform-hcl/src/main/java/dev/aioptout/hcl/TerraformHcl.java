package dev.aioptout.hcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.hcl.HclWriter.Attribute;
import dev.aioptout.hcl.HclWriter.Block;
import dev.aioptout.hcl.HclWriter.Item;
import dev.aioptout.names.TerraformJson;
import dev.aioptout.policy.DisplayText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a Terraform configuration in JSON syntax (what CDKTF writes) as native syntax. JSON
 * cannot tell a nested block from a map attribute, so the block names are known here per
 * context; everything else that is an object is a map attribute. Strings that are one whole
 * {@code ${...}} become expressions, policy documents become {@code jsonencode({...})}, and the
 * text is laid out so that {@code terraform fmt} leaves it unchanged.
 */
public final class TerraformHcl {

    /** Top-level sections, in the order they are written. */
    private static final List<String> SECTIONS = List.of(
            "terraform",
            "provider",
            "variable",
            "locals",
            "data",
            "resource",
            "module",
            "import",
            "moved",
            "output",
            "check");

    /** Nested blocks by the block they sit in. */
    private static final Map<String, Set<String>> BLOCKS = Map.of(
            "terraform", Set.of("required_providers", "backend", "cloud"),
            "cloud", Set.of("workspaces"),
            "resource", Set.of("lifecycle", "provisioner", "connection", "dynamic", "timeouts"),
            "data", Set.of("lifecycle", "timeouts"),
            "lifecycle", Set.of("precondition", "postcondition"),
            "provider",
                    Set.of("assume_role", "assume_role_with_web_identity", "default_tags", "endpoints", "ignore_tags"),
            "variable", Set.of("validation"),
            "output", Set.of("precondition"),
            "check", Set.of("data", "assert"));

    /** Attributes whose JSON strings are references or type expressions, never quoted. */
    private static final Map<String, Set<String>> REFERENCES = Map.of(
            "resource", Set.of("depends_on", "provider"),
            "data", Set.of("depends_on", "provider"),
            "module", Set.of("depends_on"),
            "output", Set.of("depends_on"),
            "lifecycle", Set.of("ignore_changes", "replace_triggered_by"),
            "import", Set.of("to"),
            "moved", Set.of("from", "to"),
            "variable", Set.of("type"));

    private TerraformHcl() {}

    public static String render(JsonNode configuration) {
        List<List<String>> blocks = new ArrayList<>();
        for (String section : SECTIONS) {
            JsonNode value = configuration.get(section);
            if (value != null) {
                for (Block b : section(section, value)) {
                    blocks.add(HclWriter.block(b, 0));
                }
            }
        }
        for (Iterator<String> it = configuration.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!SECTIONS.contains(name) && !name.equals(TerraformJson.COMMENT_PROPERTY)) {
                throw new IllegalArgumentException("unsupported top-level section \"" + name + "\"");
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            blocks.get(i).forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    private static List<Block> section(String section, JsonNode value) {
        List<Block> out = new ArrayList<>();
        switch (section) {
            case "terraform", "locals" -> out.add(new Block(section, List.of(), body(section, value, 1)));
            case "provider" ->
                fields(value)
                        .forEach(e -> each(e.getValue())
                                .forEach(config -> out.add(
                                        new Block("provider", List.of(e.getKey()), body("provider", config, 1)))));
            case "resource", "data" ->
                fields(value)
                        .forEach(type -> fields(type.getValue())
                                .forEach(named -> out.add(new Block(
                                        section,
                                        List.of(type.getKey(), named.getKey()),
                                        body(section, named.getValue(), 1)))));
            case "import", "moved" ->
                each(value).forEach(entry -> out.add(new Block(section, List.of(), body(section, entry, 1))));
            default ->
                fields(value)
                        .forEach(named -> each(named.getValue())
                                .forEach(config -> out.add(
                                        new Block(section, List.of(named.getKey()), body(section, config, 1)))));
        }
        return out;
    }

    /**
     * A block's body: its comment (a {@code comment} string in the block's {@code //} object, which
     * the JSON syntax ignores), attributes (in JSON order), then nested blocks.
     */
    private static List<Item> body(String context, JsonNode json, int indent) {
        List<Item> attributes = new ArrayList<>();
        JsonNode comment = json.path(TerraformJson.COMMENT_PROPERTY).path(TerraformJson.COMMENT);
        if (comment.isTextual()) {
            attributes.add(new HclWriter.Comment(DisplayText.of(comment.asText())));
        }
        List<Item> blocks = new ArrayList<>();
        Set<String> nested = BLOCKS.getOrDefault(context, Set.of());
        Set<String> references = REFERENCES.getOrDefault(context, Set.of());
        for (Map.Entry<String, JsonNode> field : fields(json)) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(TerraformJson.COMMENT_PROPERTY)) {
                continue;
            }
            if (nested.contains(name)) {
                blocks.addAll(nestedBlocks(context, name, value, indent));
            } else {
                attributes.add(new Attribute(name, HclValues.value(value, indent, references.contains(name))));
            }
        }
        attributes.addAll(blocks);
        return attributes;
    }

    private static List<Block> nestedBlocks(String context, String name, JsonNode value, int indent) {
        List<Block> out = new ArrayList<>();
        if (context.equals("terraform") && name.equals("backend")) {
            fields(value)
                    .forEach(kind -> out.add(new Block(
                            "backend", List.of(kind.getKey()), body("backend", kind.getValue(), indent + 1))));
        } else if (name.equals("dynamic")) {
            fields(value)
                    .forEach(d -> each(d.getValue())
                            .forEach(config -> out.add(
                                    new Block("dynamic", List.of(d.getKey()), body("dynamic", config, indent + 1)))));
        } else if (name.equals("provisioner")) {
            each(value)
                    .forEach(p -> fields(p)
                            .forEach(kind -> out.add(new Block(
                                    "provisioner",
                                    List.of(kind.getKey()),
                                    body("provisioner", kind.getValue(), indent + 1)))));
        } else {
            each(value).forEach(config -> out.add(new Block(name, List.of(), body(name, config, indent + 1))));
        }
        return out;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode json) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        json.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(TerraformJson.COMMENT_PROPERTY)) {
                out.add(e);
            }
        });
        return out;
    }

    /** A JSON block value is one object or a list of them (repeated blocks). */
    private static List<JsonNode> each(JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(out::add);
        } else {
            out.add(value);
        }
        return out;
    }
}
