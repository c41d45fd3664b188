package dev.mlpc.cli;

import dev.mlpc.core.spec.JsonSchemaWriter;
import picocli.CommandLine.Command;

@Command(name = "schema", description = "Print the JSON Schema of stack files (for editors).")
final class SchemaCommand extends BaseCommand {
    @Override
    int execute() {
        out().print(JsonSchemaWriter.schema(wb().registry().types()));
        out().flush();
        return 0;
    }
}
