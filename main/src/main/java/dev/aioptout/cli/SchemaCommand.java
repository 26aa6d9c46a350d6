package dev.aioptout.cli;

import dev.aioptout.layout.LayoutSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Prints the JSON Schema (draft 2020-12) of the layout file, for editors and CI linters.")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(LayoutSchema.text());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
