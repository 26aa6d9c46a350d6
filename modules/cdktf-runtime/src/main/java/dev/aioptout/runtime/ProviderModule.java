package dev.aioptout.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What ai-optout's jsii module class for the AWS provider ({@code com.hashicorp.cdktf.providers.aws.$Module})
 * says about the module: its name, its version (the build's, from the parent pom, the one place it is
 * written) and the bundle in the jar that jsii loads.
 */
public final class ProviderModule {

    /** The npm package. */
    public static final String NAME = "@cdktf/provider-aws";
    /** Its version, as the build filled it in. */
    public static final String VERSION = version();
    /** The jsii bundle beside the module class in the jar. */
    public static final String BUNDLE = "provider-aws@" + VERSION + ".jsii.tgz";

    private ProviderModule() {}

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = ProviderModule.class.getResourceAsStream("provider-aws.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
