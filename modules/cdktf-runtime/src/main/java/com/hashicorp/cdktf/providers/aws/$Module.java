package com.hashicorp.cdktf.providers.aws;

import dev.aioptout.runtime.ProviderModule;
import dev.aioptout.runtime.TypeList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.jsii.JsiiModule;

/**
 * ai-optout's own jsii module class for {@code @cdktf/provider-aws}, in place of the one jsii's
 * Java generator wrote into the provider's jar (main's shading leaves that one out): the same module,
 * version, bundle and dependencies, and the same Java class for every jsii type, but it looks types
 * up in its list when jsii asks instead of reading all 28,636 of them when it is loaded
 * ({@link TypeList}; docs/cdktf-runtime.md, assumption 18, and its canary ProviderModuleTest).
 */
public final class $Module extends JsiiModule {

    private static final TypeList TYPES = TypeList.read($Module.class, "com/hashicorp/cdktf/providers/aws/$Module.txt");

    private final Map<String, Class<?>> cache = new HashMap<>();

    public $Module() {
        super(ProviderModule.NAME, ProviderModule.VERSION, $Module.class, ProviderModule.BUNDLE);
    }

    @Override
    public List<Class<? extends JsiiModule>> getDependencies() {
        return List.of(com.hashicorp.cdktf.$Module.class, software.constructs.$Module.class);
    }

    @Override
    protected Class<?> resolveClass(String fqn) throws ClassNotFoundException {
        String name = TYPES.javaName(fqn);
        if (name == null) {
            throw new ClassNotFoundException("Unknown JSII type: " + fqn);
        }
        Class<?> type = cache.get(fqn);
        if (type == null) {
            try {
                type = Class.forName(name);
            } catch (ClassNotFoundException e) {
                // As the generated class does: a listed type that is missing is a broken jar.
                throw new RuntimeException(e);
            }
            cache.put(fqn, type);
        }
        return type;
    }
}
