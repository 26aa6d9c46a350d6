package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void theWriterGetsThisJvmAndThisClassPath(@TempDir Path home) {
        // Paths of no machine: an install and a cache folder under this test's own folder.
        String archive = home.resolve(".cache/ai-optout/1/jdk/k/ai-optout.jsa").toString();
        Path lib = home.resolve("ai-optout/lib");
        String jar = lib.resolve("ai-optout.jar").toString();
        Map<String, String> launcher = Map.of(
                "AI_OPTOUT_CDS_DUMP", archive,
                "AI_OPTOUT_CDS_LIST", lib.resolve("ai-optout.classlist").toString(),
                "AI_OPTOUT_RUNTIME", lib.resolve("runtime").toString());

        String[] command = ClassDataSharing.command(launcher, JAVA, jar).orElseThrow();
        assertThat(Arrays.copyOf(command, command.length - 1))
                .containsExactly(
                        "/bin/sh",
                        "-c",
                        ". \"$1/runtime-env.sh\" && ai_optout_cds_write \"$2\" \"$3\" \"$4\" \"$5\" \"$6\"",
                        "ai-optout-cds",
                        lib.resolve("runtime").toString(),
                        "/jdk/bin/java",
                        lib.resolve("ai-optout.classlist").toString(),
                        archive,
                        jar);
        // The temporary files' id: random, not a process id (each container's first process is 1).
        String id = command[command.length - 1];
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(ClassDataSharing.command(launcher, JAVA, jar).orElseThrow()[command.length - 1])
                .isNotEqualTo(id);
    }

    /**
     * What writers killed outright left beside the archive goes once it is old enough to be no
     * running writer's; the archive, its .failed, a running writer's files and others' stay.
     */
    @Test
    void leftoversOfWritersThatAreGoneAreRemoved(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("ai-optout.jsa");
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        List<String> old =
                List.of("ai-optout.jsa.5f0c-1.tmp", "ai-optout.jsa.5f0c-1.tmp.classlist", "ai-optout.jsa.52.err");
        List<String> kept = List.of(
                "ai-optout.jsa",
                "ai-optout.jsa.failed",
                "other.jsa.1.tmp",
                "ai-optout.jsa.notes",
                "ai-optout.jsa.9.tmp");
        for (String name : concat(old, kept)) {
            Files.writeString(dir.resolve(name), "");
            Instant time = name.equals("ai-optout.jsa.9.tmp") ? now.minusSeconds(30) : now.minusSeconds(600);
            Files.setLastModifiedTime(dir.resolve(name), FileTime.from(time));
        }

        ClassDataSharing.removeLeftovers(archive, now);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(kept);
        }
        ClassDataSharing.removeLeftovers(dir.resolve("missing/ai-optout.jsa"), now); // no folder: nothing, no failure
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
