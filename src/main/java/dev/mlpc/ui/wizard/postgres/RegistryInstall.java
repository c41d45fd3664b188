package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.registry.ModelRegistry;

import java.io.IOException;

/**
 * The PostgreSQL wizard's "Install the model registry" after a successful apply, without a window: runs the registry's
 * migrations in the wizard's database and schema <em>as the stack's owner role</em> ({@code SET ROLE}), so the tables
 * are owned by that role and the stack's default privileges ({@code FOR ROLE owner}) give the writer and reader their
 * access; then remembers the place for the registry browser. The plan of the stack right after is empty.
 */
public record RegistryInstall(ConnectionProfile connection, String database, String schema, String owner) {

    /** What the wizard says while it runs. */
    public String running() {
        return "Installing the model registry in " + database + "." + schema + " as " + owner + "…";
    }

    /** Runs the migrations and remembers the place; returns the result line. */
    public String run(Workbench wb) throws Exception {
        try (ModelRegistry r = wb.openRegistry(connection, database, schema, 2)) {
            var res = r.migrations().asRole(owner).migrate();
            boolean remembered;
            try {
                // the registry browser opens here next (View → Model registry)
                remembered = wb.rememberRegistry(new Settings.RegistryPlace(connection.name(), database, schema));
            } catch (IOException e) {
                remembered = false; // the install itself succeeded
            }
            return "Model registry installed in schema " + schema + " of " + database + " (" + res.executed()
                    + " migration" + (res.executed() == 1 ? "" : "s") + " run, schema version " + res.version()
                    + ", owned by " + owner + ")." + (remembered ? " View → Model registry opens it." : "");
        }
    }
}
