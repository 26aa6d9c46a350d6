package dev.aioptout.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A release's per-user class-data-sharing archive, written after a CDKTF synth that succeeded. The
 * launcher (runtime-env.sh's ai_optout_exec_java) finds it missing and names it in
 * {@code AI_OPTOUT_CDS_DUMP}; the command decides, since only it knows whether this run was such a
 * synth: a run that uses no cache (verify, plan, --help, a synth refused before CDKTF starts) leaves
 * nothing in the user's home. The dump itself is the shell's (ai_optout_cds_write, from the class
 * list of the build's training), started in the background for this JVM and this class path, so
 * that the command ends as it would without it.
 */
public final class ClassDataSharing {

    /** The archive to write; set by the launcher only when it is missing. */
    static final String ARCHIVE = "AI_OPTOUT_CDS_DUMP";

    /** The class list of the build's training it is made from. */
    static final String LIST = "AI_OPTOUT_CDS_LIST";

    /**
     * How old a writer's temporary file must be to be taken for one of a writer that is gone: a
     * dump takes a few seconds (1.6 s of CPU); a writer whose file is removed sooner records nothing.
     */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(2);

    private ClassDataSharing() {}

    /**
     * Starts writing the archive, when the launcher asked for one. Call after the command's work
     * succeeded; never fails the command.
     */
    public static void writeAfterSynth() {
        Map<String, String> environment = System.getenv();
        command(
                        environment,
                        Path.of(System.getProperty("java.home"), "bin", "java"),
                        System.getProperty("java.class.path"))
                .ifPresent(command -> {
                    removeLeftovers(Path.of(environment.get(ARCHIVE)), Instant.now());
                    try {
                        new ProcessBuilder(command)
                                .redirectInput(new File("/dev/null"))
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.DISCARD)
                                .start();
                    } catch (IOException e) {
                        // No archive: the next runs are slower, not wrong, and the next synth tries again.
                    }
                });
    }

    /**
     * Removes what writers of the archive killed outright (SIGKILL: the OOM killer, the end of a
     * container whose first process the JVM was) left beside it, the temporary archive and class
     * list, and the error files of earlier versions, once older than {@link #LEFTOVER_AGE}: never
     * the archive, nor its {@code .failed}. Nothing when the folder cannot be read.
     */
    static void removeLeftovers(Path archive, Instant now) {
        Path folder = archive.getParent();
        String prefix = archive.getFileName() + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, prefix + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".tmp") || name.endsWith(".tmp.classlist") || name.endsWith(".err"))
                        && Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(LEFTOVER_AGE))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not there yet, or not this user's: the leftovers stay, and the run is what it would be.
        }
    }

    /**
     * The writer's command line for this environment, JVM and class path; none when not asked. Its
     * temporary files are named by a random id: a process id is no name across containers sharing a
     * cache (each one's first process is 1).
     */
    static Optional<String[]> command(Map<String, String> environment, Path java, String classPath) {
        String archive = environment.get(ARCHIVE);
        String list = environment.get(LIST);
        String runtime = environment.get("AI_OPTOUT_RUNTIME");
        if (archive == null || archive.isEmpty() || list == null || runtime == null || classPath == null) {
            return Optional.empty();
        }
        return Optional.of(new String[] {
            "/bin/sh",
            "-c",
            ". \"$1/runtime-env.sh\" && ai_optout_cds_write \"$2\" \"$3\" \"$4\" \"$5\" \"$6\"",
            "ai-optout-cds",
            runtime,
            java.toString(),
            list,
            archive,
            classPath,
            UUID.randomUUID().toString()
        });
    }
}
