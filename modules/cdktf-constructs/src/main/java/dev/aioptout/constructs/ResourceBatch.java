package dev.aioptout.constructs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.TerraformResource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.jsii.Jsii;
import software.amazon.jsii.JsiiObject;
import software.amazon.jsii.JsiiObjectRef;
import software.amazon.jsii.JsiiSerializable;
import software.amazon.jsii.NativeType;
import software.constructs.Construct;

/**
 * Terraform resources that Node.js creates in one jsii call ({@code src/main/node/resource-batch}).
 *
 * <p>Each jsii call is a round trip to Node.js and a conversion of every argument by its declared
 * type there, about 0.4 ms once both runtimes are warm and more before: creating the 2,500
 * resources of a layout with 2,000 OUs and 500 exceptions one call each took a second. Here each
 * resource is described in one JSON string, and Node.js runs the same CDKTF constructors, in the
 * same order, with the same configuration: the synthesised Terraform is the same, byte for byte.
 *
 * <p>The JSON holds plain values only. A configuration is the provider's own configuration struct
 * (its builder checks what is required), written as jsii would send it; a dependency is named by
 * its Terraform address, which is what CDKTF writes in {@code depends_on} for a resource of the same
 * stack; each resource's logical id is its id.
 */
public final class ResourceBatch {

    /** The jsii name of the Node.js class. */
    static final String JS_FQN = ResourceBatchModule.NAME + ".ResourceBatch";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WIRE_TOKEN = "$jsii.";
    private static final String WIRE_STRUCT = "$jsii.struct";
    private static final String WIRE_MAP = "$jsii.map";

    private final ArrayNode resources = JSON.createArrayNode();

    /**
     * Adds a resource: an instance of {@code type} (a class of a prebuilt CDKTF provider) named
     * {@code id}, also its logical id.
     *
     * @param config the class's configuration struct, built without {@code dependsOn}
     * @param dependsOn Terraform addresses, such as {@code aws_organizations_organization.organization},
     *     written to {@code depends_on} as they are
     * @param overrides CDKTF overrides (path and value) applied in order after creation
     */
    public void add(
            Class<? extends TerraformResource> type,
            String id,
            JsiiSerializable config,
            List<String> dependsOn,
            Map<String, String> overrides) {
        Jsii jsii = type.getAnnotation(Jsii.class);
        if (jsii == null) {
            throw new IllegalArgumentException(type.getName() + " is not a jsii class");
        }
        ObjectNode resource = resources.addObject();
        resource.put("type", jsii.fqn());
        resource.put("id", id);
        resource.set("config", plain((JsonNode) config.$jsii$toJson(), id));
        if (!dependsOn.isEmpty()) {
            dependsOn.forEach(resource.putArray("dependsOn")::add);
        }
        if (!overrides.isEmpty()) {
            ObjectNode written = resource.putObject("overrides");
            overrides.forEach(written::put);
        }
    }

    /** Creates every resource added, in order, as children of the scope: one call into Node.js. */
    public void createIn(Construct scope) {
        if (resources.isEmpty()) {
            return;
        }
        try {
            Js.create(scope, JSON.writeValueAsString(resources));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the resource batch as JSON", e);
        }
    }

    /**
     * A value as jsii writes it for the wire, with structs and maps as plain JSON objects. Object
     * references cannot be in a JSON string: a dependency goes in {@code dependsOn} as an address.
     */
    static JsonNode plain(JsonNode wire, String id) {
        if (wire.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            wire.forEach(element -> array.add(plain(element, id)));
            return array;
        }
        if (!wire.isObject()) {
            return wire;
        }
        if (wire.size() == 1 && wire.has(WIRE_STRUCT)) {
            return plain(wire.get(WIRE_STRUCT).path("data"), id);
        }
        if (wire.size() == 1 && wire.has(WIRE_MAP)) {
            return plain(wire.get(WIRE_MAP), id);
        }
        ObjectNode object = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = wire.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith(WIRE_TOKEN)) {
                throw new IllegalArgumentException("resource " + id + ": its configuration holds a " + field.getKey()
                        + " value, which the batch cannot carry (name a dependency in dependsOn)");
            }
            object.set(field.getKey(), plain(field.getValue(), id));
        }
        return object;
    }

    /** The Node.js class, as jsii's generated bindings declare one. */
    @Jsii(module = ResourceBatchModule.class, fqn = JS_FQN)
    static final class Js extends JsiiObject {

        private Js(JsiiObjectRef ref) {
            super(ref);
        }

        static void create(Construct scope, String resources) {
            JsiiObject.jsiiStaticCall(Js.class, "create", NativeType.VOID, new Object[] {scope, resources});
        }
    }
}
