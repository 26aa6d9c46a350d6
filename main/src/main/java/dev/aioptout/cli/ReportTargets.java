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
 * The reports of one run: the main one ({@code --format}, {@code --output}) and each
 * {@code --report FORMAT=FILE}, byte for byte what {@code --format FORMAT --output FILE} writes, so
 * one pass over the organization gives every report a pipeline wants. They are checked before the
 * run and written as a set ({@link AtomicFiles#writeAll}).
 *
 * @param <F> the command's formats
 */
final class ReportTargets<F extends Enum<F>> {

    static final String OPTION = "--report";

    /** One report: its format and its file, null for standard output. */
    record Target<F>(F format, Path file) {}

    private final Class<F> formats;
    private final List<Target<F>> targets;

    private ReportTargets(Class<F> formats, List<Target<F>> targets) {
        this.formats = formats;
        this.targets = List.copyOf(targets);
    }

    /** The main report first, then each --report in the order given. */
    List<Target<F>> targets() {
        return targets;
    }

    /**
     * The reports asked for, or every mistake in them as bad input, before any work: a value that
     * is not FORMAT=FILE, a format the command does not write, a file named twice (standard output
     * under any of its names included), and a file that cannot be written ({@link AtomicFiles#check}).
     *
     * @param format the main report's format (--format)
     */
    static <F extends Enum<F>> ReportTargets<F> parse(ReportOptions options, F format, PrintWriter err) {
        Class<F> formats = format.getDeclaringClass();
        List<Problem> problems = new ArrayList<>();
        List<Target<F>> targets = new ArrayList<>();
        Map<String, String> named = new HashMap<>();
        named.put(key(options.output), options.output == null ? "--output, by default" : "--output " + options.output);
        targets.add(new Target<>(format, options.output));
        String allowed = String.join(
                ", ", Arrays.stream(formats.getEnumConstants()).map(Enum::name).toList());
        for (String value : options.reports) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                problems.add(Problem.error(
                        null, OPTION, "is \"" + value + "\"", "FORMAT=FILE, e.g. " + OPTION + " html=report.html"));
                continue;
            }
            String name = value.substring(0, eq);
            F f = Arrays.stream(formats.getEnumConstants())
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (f == null) {
                problems.add(
                        Problem.error(null, OPTION, "unknown format \"" + name + "\" in \"" + value + "\"", allowed));
                continue;
            }
            Path file = Path.of(value.substring(eq + 1));
            String earlier = named.putIfAbsent(key(file), OPTION + " " + value);
            if (earlier != null) {
                problems.add(
                        AtomicFiles.isStandardOutput(file)
                                ? Problem.error(
                                        null,
                                        OPTION,
                                        file + " is standard output, named twice (also by " + earlier + ")",
                                        "one report per target: two on standard output would be mixed")
                                : Problem.error(
                                        null,
                                        OPTION,
                                        file + " is named twice (also by " + earlier + ")",
                                        "one file per report: each would overwrite the other"));
                continue;
            }
            targets.add(new Target<>(f, file));
        }
        for (Target<F> t : targets) {
            if (t.file() != null) {
                AtomicFiles.check(t.file()).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw LayoutSource.report(problems, err);
        }
        return new ReportTargets<>(formats, targets);
    }

    /**
     * Writes every report as a set, each format rendered once however many files take it: the
     * regular files are replaced only once all of them are written, standard output and devices last.
     */
    void write(Function<F, String> render, PrintWriter out) throws IOException {
        Map<F, String> rendered = new EnumMap<>(formats);
        List<AtomicFiles.Output> outputs = new ArrayList<>();
        for (Target<F> t : targets) {
            outputs.add(new AtomicFiles.Output(t.file(), rendered.computeIfAbsent(t.format(), render)));
        }
        AtomicFiles.writeAll(outputs, out);
    }

    /** What makes two targets one: standard output under any name, else the absolute path. */
    private static String key(Path file) {
        return file == null || AtomicFiles.isStandardOutput(file)
                ? "-"
                : file.toAbsolutePath().normalize().toString();
    }
}
