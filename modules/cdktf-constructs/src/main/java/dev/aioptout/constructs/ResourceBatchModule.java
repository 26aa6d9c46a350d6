package dev.aioptout.constructs;

import java.util.List;
import software.amazon.jsii.JsiiModule;

/**
 * The jsii module of {@code src/main/node/resource-batch}, which the build packs beside this class
 * as {@code ai-optout-resource-batch@1.0.0.jsii.tgz}: what jsii's generated bindings call
 * {@code $Module}. Public because jsii creates it by reflection.
 */
public final class ResourceBatchModule extends JsiiModule {

    static final String NAME = "ai-optout-resource-batch";
    static final String VERSION = "1.0.0";

    public ResourceBatchModule() {
        super(NAME, VERSION, ResourceBatchModule.class, NAME + "@" + VERSION + ".jsii.tgz");
    }

    /** The resource classes it creates are the AWS provider's, on CDKTF and constructs. */
    @Override
    protected List<Class<? extends JsiiModule>> getDependencies() {
        return List.of(
                software.constructs.$Module.class,
                com.hashicorp.cdktf.$Module.class,
                com.hashicorp.cdktf.providers.aws.$Module.class);
    }

    @Override
    protected Class<?> resolveClass(String fqn) throws ClassNotFoundException {
        if (fqn.equals(ResourceBatch.JS_FQN)) {
            return ResourceBatch.Js.class;
        }
        throw new ClassNotFoundException("Unknown type: " + fqn);
    }
}
