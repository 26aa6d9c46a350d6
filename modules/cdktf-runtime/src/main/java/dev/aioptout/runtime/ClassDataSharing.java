package dev.aioptout.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

    private ClassDataSharing() {}

    /**
     * Starts writing the archive, when the launcher asked for one. Call after the command's work
     * succeeded; never fails the command.
     */
    public static void writeAfterSynth() {
        command(
                        System.getenv(),
                        Path.of(System.getProperty("java.home"), "bin", "java"),
                        System.getProperty("java.class.path"))
                .ifPresent(command -> {
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

    /** The writer's command line for this environment, JVM and class path; none when not asked. */
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
            ". \"$1/runtime-env.sh\" && ai_optout_cds_write \"$2\" \"$3\" \"$4\" \"$5\"",
            "ai-optout-cds",
            runtime,
            java.toString(),
            list,
            archive,
            classPath
        });
    }
}
