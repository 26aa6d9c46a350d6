package dev.aioptout.cli;

import dev.aioptout.output.AtomicFiles;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --report FORMAT=FILE}, repeatable: more reports of the same run beside the main output,
 * each byte for byte what {@code --format FORMAT --output FILE} writes, so one pass over the
 * organization gives every report a pipeline wants.
 *
 * @param <F> the command's formats
 */
final class ReportTargets<F extends Enum<F>> {

    static final String OPTION = "--report";

    /** One report: its format and its file. */
    record Target<F>(F format, Path file) {}

    private final Class<F> formats;
    private final List<Target<F>> targets;

    private ReportTargets(Class<F> formats, List<Target<F>> targets) {
        this.formats = formats;
        this.targets = List.copyOf(targets);
    }

    List<Target<F>> targets() {
        return targets;
    }

    /**
     * The reports asked for, or every mistake in them as bad input: a value that is not
     * FORMAT=FILE, a format the command does not write, a file named twice (or also as --output).
     *
     * @param output the main output's file, or null for standard output
     */
    static <F extends Enum<F>> ReportTargets<F> parse(
            List<String> given, Class<F> formats, Path output, PrintWriter err) {
        List<Problem> problems = new ArrayList<>();
        List<Target<F>> targets = new ArrayList<>();
        Map<Path, String> files = new HashMap<>();
        if (output != null) {
            files.put(normal(output), "--output " + output);
        }
        String allowed = String.join(
                ", ", Arrays.stream(formats.getEnumConstants()).map(Enum::name).toList());
        for (String value : given) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                problems.add(Problem.error(
                        null, OPTION, "is \"" + value + "\"", "FORMAT=FILE, e.g. " + OPTION + " html=report.html"));
                continue;
            }
            String name = value.substring(0, eq);
            F format = Arrays.stream(formats.getEnumConstants())
                    .filter(f -> f.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (format == null) {
                problems.add(
                        Problem.error(null, OPTION, "unknown format \"" + name + "\" in \"" + value + "\"", allowed));
                continue;
            }
            Path file = Path.of(value.substring(eq + 1));
            String earlier = files.putIfAbsent(normal(file), OPTION + " " + value);
            if (earlier != null) {
                problems.add(Problem.error(
                        null,
                        OPTION,
                        file + " is named twice (also by " + earlier + ")",
                        "one file per report: each would overwrite the other"));
                continue;
            }
            targets.add(new Target<>(format, file));
        }
        if (!problems.isEmpty()) {
            throw LayoutSource.report(problems, err);
        }
        return new ReportTargets<>(formats, targets);
    }

    /** Writes each report, each format rendered once however many files take it. */
    void write(Function<F, String> render) throws IOException {
        Map<F, String> rendered = new EnumMap<>(formats);
        for (Target<F> t : targets) {
            AtomicFiles.write(t.file(), rendered.computeIfAbsent(t.format(), render));
        }
    }

    private static Path normal(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
