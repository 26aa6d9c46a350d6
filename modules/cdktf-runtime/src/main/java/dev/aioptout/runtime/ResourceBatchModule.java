package dev.aioptout.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import software.amazon.jsii.JsiiModule;

/**
 * The jsii module of {@code src/main/node/resource-batch}, which the build packs beside this class
 * as {@code <name>@<version>.jsii.tgz}: what jsii's generated bindings call {@code $Module}. Its
 * version comes from resource-batch.properties, which the build fills in from the pom (the one
 * place it is written), as it does the package's package.json and .jsii. Public because jsii
 * creates it by reflection.
 */
public final class ResourceBatchModule extends JsiiModule {

    /** A constant for the {@code @Jsii} annotations of its classes; the build's name is checked against it. */
    static final String NAME = "ai-optout-resource-batch";

    private static final Properties PACKAGE = read();
    static final String VERSION = PACKAGE.getProperty("version");

    public ResourceBatchModule() {
        super(NAME, VERSION, ResourceBatchModule.class, tarball());
    }

    /** The tarball's resource name, beside this class. */
    static String tarball() {
        return NAME + "@" + VERSION + ".jsii.tgz";
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

    /** The name the build gave the package (resource-batch.name in the pom). */
    static String builtName() {
        return PACKAGE.getProperty("name");
    }

    private static Properties read() {
        Properties properties = new Properties();
        try (InputStream in = ResourceBatchModule.class.getResourceAsStream("resource-batch.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource-batch.properties is not beside ResourceBatchModule");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
