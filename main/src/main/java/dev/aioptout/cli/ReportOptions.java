package dev.aioptout.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --output} and {@code --report}, the options of a command that writes one report in
 * several formats (plan, verify): read back with {@link ReportTargets#parse}.
 */
final class ReportOptions {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the report here. Default: standard output.")
    Path output;

    @Option(
            names = ReportTargets.OPTION,
            paramLabel = "FORMAT=FILE",
            description = "Also write the report in this format (one --format takes) to this file; repeatable. Every"
                    + " report comes from the same run, byte for byte what --format FORMAT --output FILE writes;"
                    + " every file is checked before the run, and replaced only once all are written.")
    List<String> reports = new ArrayList<>();
}
