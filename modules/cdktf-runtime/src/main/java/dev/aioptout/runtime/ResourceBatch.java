package dev.aioptout.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.TerraformResource;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.jsii.Jsii;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiModule;
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
 * <p>The JSON holds plain values only. A configuration is the resource class's own configuration
 * struct (its builder checks what is required), written as jsii would send it; a dependency is
 * named by its Terraform address, which is what CDKTF writes in {@code depends_on} for a resource of
 * the same stack; each resource's logical id is its id.
 *
 * <p>With {@code AI_OPTOUT_JSII=no-batch} (or {@code plain}) the same resources are created the
 * stock way, one jsii call each, in the same order and with the same steps.
 */
public final class ResourceBatch {

    /** The jsii name of the Node.js class. */
    static final String JS_FQN = ResourceBatchModule.NAME + ".ResourceBatch";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WIRE_TOKEN = "$jsii.";
    private static final String WIRE_STRUCT = "$jsii.struct";
    private static final String WIRE_MAP = "$jsii.map";
    private static final String WIRE_REFERENCE = "$jsii.byref";

    private final ArrayNode resources = JSON.createArrayNode();
    /** The jsii modules of the classes added, which Node.js must have loaded to find them. */
    private final Set<Class<? extends JsiiModule>> modules = new LinkedHashSet<>();

    private final Map<Class<?>, Class<?>> configTypes = new HashMap<>();
    /** The same resources as Java objects, for {@link JsiiLevers#BATCH} off. */
    private final List<Added> added = new ArrayList<>();

    private final boolean batched;

    private record Added(
            Class<? extends TerraformResource> type,
            String id,
            JsiiSerializable config,
            List<String> dependsOn,
            Map<String, String> overrides) {}

    /** A batch, or one resource at a time where AI_OPTOUT_JSII turns the batch off. */
    public ResourceBatch() {
        this(JsiiLevers.BATCH.on());
    }

    ResourceBatch(boolean batched) {
        this.batched = batched;
    }

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
        Class<?> configType = configTypes.computeIfAbsent(type, ResourceBatch::configType);
        if (!configType.isInstance(config)) {
            throw new IllegalArgumentException(
                    "resource " + id + ": a " + type.getSimpleName() + " takes a " + configType.getSimpleName()
                            + ", not a " + config.getClass().getName());
        }
        modules.add(jsii.module());
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
        added.add(new Added(type, id, config, List.copyOf(dependsOn), new LinkedHashMap<>(overrides)));
    }

    /**
     * Creates every resource added, in order, as children of the scope, in one call into Node.js
     * (one call each with the batch switched off), and empties the batch.
     */
    public void createIn(Construct scope) {
        if (resources.isEmpty()) {
            return;
        }
        if (!batched) {
            added.forEach(resource -> createOneByOne(scope, resource));
            added.clear();
            resources.removeAll();
            return;
        }
        added.clear();
        modules.forEach(JsiiEngine.getInstance()::loadModule);
        String written;
        try {
            written = JSON.writeValueAsString(resources);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the resource batch as JSON", e);
        }
        resources.removeAll();
        Js.create(scope, written);
    }

    /** What lib/index.js does for one resource, one jsii call at a time. */
    private void createOneByOne(Construct scope, Added resource) {
        TerraformResource created;
        try {
            created = resource.type()
                    .getConstructor(Construct.class, String.class, configTypes.get(resource.type()))
                    .newInstance(scope, resource.id(), resource.config());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("resource " + resource.id() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("resource " + resource.id() + ": " + e, e);
        }
        created.overrideLogicalId(resource.id());
        if (!resource.dependsOn().isEmpty()) {
            created.setDependsOn(resource.dependsOn());
        }
        // In the order they were given, as lib/index.js applies them.
        resource.overrides().forEach(created::addOverride);
    }

    /** The configuration struct a resource class is constructed with: (scope, id, config). */
    private static Class<?> configType(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 3
                    && parameters[0] == Construct.class
                    && parameters[1] == String.class
                    && JsiiSerializable.class.isAssignableFrom(parameters[2])) {
                return parameters[2];
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no (scope, id, config) constructor");
    }

    /**
     * A value as jsii writes it for the wire, with structs and maps as plain JSON objects. Any other
     * jsii value (an object, a date, an enum member) cannot be in a JSON string.
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
                throw new IllegalArgumentException("resource " + id + ": its configuration holds a "
                        + field.getKey() + " value, which the batch cannot carry"
                        + (field.getKey().equals(WIRE_REFERENCE)
                                ? " (for a dependency, give its Terraform address in dependsOn)"
                                : ""));
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
