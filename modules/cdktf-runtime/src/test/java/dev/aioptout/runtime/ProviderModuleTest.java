package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.jsii.JsiiModule;

/**
 * ai-optout's jsii module class for the AWS provider ({@code com.hashicorp.cdktf.providers.aws.$Module},
 * this module's) against the one jsii's generator wrote into the provider's jar, loaded here from that
 * jar: the same module, version, bundle and dependencies, and for every one of the 28,636 jsii types
 * the same Java class name. A provider upgrade that changes any of it fails here.
 */
class ProviderModuleTest {

    private static final String MODULE = "com.hashicorp.cdktf.providers.aws.$Module";
    private static final String TYPES = "com/hashicorp/cdktf/providers/aws/$Module.txt";

    @Test
    void theStandInIsThisModulesClass() throws Exception {
        Class<?> standIn = Class.forName(MODULE);

        assertThat(standIn.getDeclaredField("TYPES").getType()).isEqualTo(TypeList.class);
    }

    @Test
    void itIsTheGeneratedModuleButForHowItFindsTypes() throws Exception {
        try (URLClassLoader providerJar = generatedModuleLoader()) {
            JsiiModule generated =
                    (JsiiModule) providerJar.loadClass(MODULE).getConstructor().newInstance();
            JsiiModule standIn = new com.hashicorp.cdktf.providers.aws.$Module();
            assertThat(generated.getClass()).isNotSameAs(standIn.getClass());

            assertThat(standIn.getModuleName()).isEqualTo(generated.getModuleName());
            assertThat(standIn.getModuleVersion()).isEqualTo(generated.getModuleVersion());
            assertThat(standIn.getBundleResourceName()).isEqualTo(generated.getBundleResourceName());
            assertThat(dependencies(standIn)).isEqualTo(dependencies(generated));

            @SuppressWarnings("unchecked")
            Map<String, String> types = (Map<String, String>)
                    field(generated.getClass(), "MODULE_TYPES").get(null);
            assertThat(types).hasSize(28_636);
            TypeList list = TypeList.read(AwsProvider.class, TYPES);
            assertThat(TypeList.parse(bytes())).isEqualTo(types);
            types.forEach((fqn, java) -> assertThat(list.javaName(fqn)).as(fqn).isEqualTo(java));

            Method resolve = JsiiModule.class.getDeclaredMethod("resolveClass", String.class);
            resolve.setAccessible(true);
            String fqn = "@cdktf/provider-aws.organizationsPolicy.OrganizationsPolicy";
            assertThat(resolve.invoke(standIn, fqn)).isEqualTo(resolve.invoke(generated, fqn));
            assertThatThrownBy(() -> resolve.invoke(standIn, "@cdktf/provider-aws.nothing.Nothing"))
                    .cause()
                    .isInstanceOf(ClassNotFoundException.class)
                    .hasMessage("Unknown JSII type: @cdktf/provider-aws.nothing.Nothing");
        }
    }

    /** A loader that takes the generated module class from the provider's jar, all else from this test's. */
    private static URLClassLoader generatedModuleLoader() throws Exception {
        URL jar = AwsProvider.class.getProtectionDomain().getCodeSource().getLocation();
        assertThat(Path.of(jar.toURI()).getFileName().toString()).startsWith("cdktf-provider-aws-");
        return new URLClassLoader(new URL[] {jar}, ProviderModuleTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.equals(MODULE)) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
        };
    }

    private static Object dependencies(JsiiModule module) throws Exception {
        Method dependencies = JsiiModule.class.getDeclaredMethod("getDependencies");
        dependencies.setAccessible(true);
        return dependencies.invoke(module);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static byte[] bytes() throws Exception {
        try (InputStream in = AwsProvider.class.getClassLoader().getResourceAsStream(TYPES)) {
            return in.readAllBytes();
        }
    }
}
