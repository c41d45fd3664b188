package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.registry.Migrations;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryOwner;

import java.io.IOException;

/**
 * Installing (or upgrading) the model registry, the same way everywhere: the PostgreSQL wizard after its apply,
 * {@code mlpc registry init}, and the registry browser's "Install registry". The migrations run <em>as the owner
 * role</em> ({@code SET ROLE}, {@link RegistryOwner}): the one named (the wizard's stack owner, {@code --owner}), else
 * the owner of the registry's schema or database, so the tables are owned by that role and a stack's default
 * privileges ({@code FOR ROLE owner}) give the writer and reader their access. Then the place is remembered for the
 * registry browser.
 *
 * @param database the registry's database, or null: the profile's
 * @param owner    the owner role, or null / blank: the default ({@link RegistryOwner})
 */
public record RegistryInstall(ConnectionProfile connection, String database, String schema, String owner) {

    /** What an install did: the migrations' result and who owns the registry's tables. */
    public record Installed(Migrations.Result result, RegistryOwner owner, boolean remembered) {
        /** {@code 1 migration run, schema version 1, owned by mlreg_owner} (and the note, when there is one). */
        public String summary() {
            return result.executed() + " migration" + (result.executed() == 1 ? "" : "s") + " run, schema version "
                    + result.version() + ", owned by " + owner.owner() + (owner.note().isEmpty() ? "" : "; " + owner.note());
        }
    }

    /** Runs the migrations of an open registry as its owner role ({@code named}, or the default). */
    public static Installed install(ModelRegistry registry, String named) throws RegistryException {
        RegistryOwner o = RegistryOwner.resolve(registry.dataSource(), registry.schema(), named);
        try {
            return new Installed(registry.migrations().asRole(o.role()).migrate(), o, false);
        } catch (RegistryException e) {
            if (o.role() == null) throw e;
            throw new RegistryException(e.getMessage() + "; it ran as owner role " + o.role(), e);
        }
    }

    /** What the wizard says while it runs. */
    public String running() {
        return "Installing the model registry in " + (database == null ? "the connection's database" : database) + "."
                + schema + (owner == null || owner.isBlank() ? "" : " as " + owner) + "…";
    }

    /** Opens the registry, installs it ({@link #install(ModelRegistry, String)}) and remembers the place. */
    public Installed install(Workbench wb) throws ProviderException, RegistryException {
        try (ModelRegistry r = wb.openRegistry(connection, database, schema, 2)) {
            Installed done = install(r, owner);
            boolean remembered;
            try {
                // the registry browser opens here next (View → Model registry)
                remembered = wb.rememberRegistry(new Settings.RegistryPlace(connection.name(),
                        database == null ? Workbench.profileDatabase(connection) : database, schema));
            } catch (IOException e) {
                remembered = false; // the install itself succeeded
            }
            return new Installed(done.result(), done.owner(), remembered);
        }
    }

    /** Installs ({@link #install(Workbench)}) and returns the wizard's result line. */
    public String run(Workbench wb) throws Exception {
        Installed done = install(wb);
        return "Model registry installed in schema " + schema + " of " + (database == null ? Workbench.profileDatabase(connection) : database)
                + " (" + done.summary() + ")." + (done.remembered() ? " View → Model registry opens it." : "");
    }
}
