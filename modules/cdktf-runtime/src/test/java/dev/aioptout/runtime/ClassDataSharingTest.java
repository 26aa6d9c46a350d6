package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the JVM starts the release's per-user archive: only when its launcher named the missing
 * archive, with the runtime folder and the class list, and then for this JVM and this class path.
 * (DistributionTest shows the release's second synth mapping ai-optout's classes from it.)
 */
class ClassDataSharingTest {

    private static final Path JAVA = Path.of("/jdk/bin/java");

    @Test
    void withoutTheLaunchersRequestNothingIsStarted() {
        assertThat(ClassDataSharing.command(Map.of(), JAVA, "/a.jar")).isEmpty();
        assertThat(ClassDataSharing.command(
                        Map.of("AI_OPTOUT_CDS_LIST", "/l", "AI_OPTOUT_RUNTIME", "/r"), JAVA, "/a.jar"))
                .isEmpty();
        assertThat(ClassDataSharing.command(
                        Map.of("AI_OPTOUT_CDS_DUMP", "", "AI_OPTOUT_CDS_LIST", "/l", "AI_OPTOUT_RUNTIME", "/r"),
                        JAVA,
                        "/a.jar"))
                .isEmpty();
    }

    @Test
    void theWriterGetsThisJvmAndThisClassPath() {
        Map<String, String> launcher = Map.of(
                "AI_OPTOUT_CDS_DUMP", "/home/u/.cache/ai-optout/1/jdk/k/ai-optout.jsa",
                "AI_OPTOUT_CDS_LIST", "/opt/ai-optout/lib/ai-optout.classlist",
                "AI_OPTOUT_RUNTIME", "/opt/ai-optout/lib/runtime");

        assertThat(ClassDataSharing.command(launcher, JAVA, "/opt/ai-optout/lib/ai-optout.jar"))
                .hasValueSatisfying(command -> assertThat(command)
                        .containsExactly(
                                "/bin/sh",
                                "-c",
                                ". \"$1/runtime-env.sh\" && ai_optout_cds_write \"$2\" \"$3\" \"$4\" \"$5\"",
                                "ai-optout-cds",
                                "/opt/ai-optout/lib/runtime",
                                "/jdk/bin/java",
                                "/opt/ai-optout/lib/ai-optout.classlist",
                                "/home/u/.cache/ai-optout/1/jdk/k/ai-optout.jsa",
                                "/opt/ai-optout/lib/ai-optout.jar"));
    }
}
