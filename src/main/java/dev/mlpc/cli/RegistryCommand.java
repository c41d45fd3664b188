package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.registry.Lineage;
import dev.mlpc.registry.Metric;
import dev.mlpc.registry.MigrationInfo;
import dev.mlpc.registry.Migrations;
import dev.mlpc.registry.ModelQuery;
import dev.mlpc.registry.ModelRegistry;
import dev.mlpc.registry.ModelVersion;
import dev.mlpc.registry.Page;
import dev.mlpc.registry.RegisteredModel;
import dev.mlpc.registry.Registration;
import dev.mlpc.registry.RegistryEvent;
import dev.mlpc.registry.RegistryException;
import dev.mlpc.registry.RegistryRules;
import dev.mlpc.registry.VersionQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mlpc registry ...}: the PostgreSQL model registry. Every subcommand takes {@code --connection} (a postgres
 * profile), {@code --database} (default: the profile's) and {@code --schema} (default {@value RegistryRules#DEFAULT_SCHEMA});
 * every read takes {@code --format json}.
 */
@Command(name = "registry", description = "The model registry in PostgreSQL: models, versions, aliases, stages, tags, lineage, metrics, events.",
        subcommands = {RegistryCommand.Init.class, RegistryCommand.MigrationsCmd.class, RegistryCommand.Models.class,
                RegistryCommand.Versions.class, RegistryCommand.Show.class, RegistryCommand.Register.class,
                RegistryCommand.Alias.class, RegistryCommand.Stage.class, RegistryCommand.Tag.class,
                RegistryCommand.Archive.class, RegistryCommand.Delete.class, RegistryCommand.Search.class,
                RegistryCommand.Events.class, RegistryCommand.Lineages.class, RegistryCommand.Metrics.class})
final class RegistryCommand implements Runnable {
    @CommandLine.ParentCommand
    MlpcCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { text, json }

    /** {@code --format}, for the subcommands that read. */
    static final class Output {
        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
        Format format;

        boolean json() { return format == Format.json; }
    }

    /** Keyset paging: {@code --limit} and {@code --cursor}, for the listings. */
    static final class Paging {
        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "Page size (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "C", description = "The 'next' value of the previous page.")
        String cursor;
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Options every registry subcommand shares, and opening the registry they name. */
    abstract static class Sub extends BaseCommand {
        @Option(names = "--connection", required = true, paramLabel = "NAME", description = "PostgreSQL connection profile.")
        String connection;

        @Option(names = "--database", paramLabel = "DB", description = "Database of the registry (default: the profile's).")
        String database;

        @Option(names = "--schema", paramLabel = "S", defaultValue = RegistryRules.DEFAULT_SCHEMA,
                description = "Schema of the registry (default ${DEFAULT-VALUE}).")
        String schema;

        /** The registry, checked to be installed at the version this console knows. */
        ModelRegistry open() throws StackException, ProviderException, RegistryException {
            ModelRegistry r = wb().openRegistry(connection(connection), database, schema, 2);
            try {
                r.migrations().requireCurrent("mlpc registry init --connection " + connection
                        + (database == null ? "" : " --database " + database)
                        + (RegistryRules.DEFAULT_SCHEMA.equals(schema) ? "" : " --schema " + schema));
                return r;
            } catch (RegistryException e) {
                r.close();
                throw e;
            }
        }

        void json(Object o) throws IOException {
            out().println(JSON.writeValueAsString(o));
        }

        static int version(String field, String text) throws RegistryException {
            try {
                int v = Integer.parseInt(text);
                if (v > 0) return v;
            } catch (NumberFormatException e) {
                // below
            }
            throw new RegistryException(field + ": " + Problem.quote(text) + " is not a version number (1, 2, ...)");
        }

        static Map<String, String> pairs(String field, List<String> items) throws RegistryException {
            Map<String, String> m = new LinkedHashMap<>();
            if (items == null) return m;
            for (String it : items) {
                int eq = it.indexOf('=');
                if (eq <= 0) throw new RegistryException(field + ": " + Problem.quote(it) + " is not KEY=VALUE");
                m.put(it.substring(0, eq), it.substring(eq + 1));
            }
            return m;
        }

        void printVersions(Page<ModelVersion> page, boolean withModel) {
            if (page.items().isEmpty()) {
                out().println("(no versions)");
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(withModel ? new String[] {"MODEL", "VERSION", "STAGE", "STATUS", "ALIASES", "TAGS", "CREATED BY", "SOURCE"}
                    : new String[] {"VERSION", "STAGE", "STATUS", "ALIASES", "TAGS", "CREATED BY", "SOURCE"});
            for (ModelVersion v : page.items()) {
                List<String> r = new ArrayList<>();
                if (withModel) r.add(v.model());
                r.addAll(List.of(String.valueOf(v.version()), v.stage(), v.status(), String.join(",", v.aliases()),
                        tags(v.tags()), v.createdBy(), v.source()));
                rows.add(r.toArray(String[]::new));
            }
            table(rows);
            if (page.next() != null) out().println("next page: --cursor " + page.next());
        }

        void table(List<String[]> rows) {
            int[] w = new int[rows.get(0).length];
            for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
            for (String[] r : rows) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    String cell = r[i] == null ? "" : r[i];
                    b.append(cell);
                    if (i < r.length - 1) b.append(" ".repeat(w[i] - cell.length() + 2));
                }
                out().println(b.toString().stripTrailing());
            }
        }

        /**
         * {@code --input KIND=URI} and {@code --deployment KIND=URI} as lineage links (several per kind allowed), each
         * checked ({@link dev.mlpc.lineage.RegistryLinkCheck}: known kind, the reference's shape, a connection it names
         * exists); every problem is listed and nothing is registered when there is one.
         */
        List<Lineage> links(List<String> inputs, List<String> deployments) throws RegistryException, StackException {
            List<Lineage> out = parsedLinks("--input", inputs, Lineage.INPUT);
            out.addAll(parsedLinks("--deployment", deployments, Lineage.DEPLOYMENT));
            if (out.isEmpty()) return out;
            Map<String, String> connections = new LinkedHashMap<>();
            for (var p : wb().connections().load()) connections.put(p.name(), p.type());
            List<String> problems = new ArrayList<>();
            for (Lineage l : out) {
                String why = dev.mlpc.lineage.RegistryLinkCheck.check(
                        Lineage.INPUT.equals(l.direction()) ? "--input" : "--deployment", l, connections);
                if (why != null) problems.add(why);
            }
            if (!problems.isEmpty()) throw new RegistryException(String.join("\nmlpc: ", problems) + "\nmlpc: nothing registered");
            return out;
        }

        /** {@code KIND=URI} items of one option as links of one direction, not checked (removal takes any stored link). */
        static List<Lineage> parsedLinks(String field, List<String> items, String direction) throws RegistryException {
            List<Lineage> out = new ArrayList<>();
            for (String i : items == null ? List.<String>of() : items) {
                pairs(field, List.of(i)).forEach((k, u) -> out.add(new Lineage(direction, k, u)));
            }
            return out;
        }

        static String tags(Map<String, String> t) {
            List<String> out = new ArrayList<>();
            t.forEach((k, v) -> out.add(k + "=" + v));
            return String.join(",", out);
        }
    }

    @Command(name = "init", description = "Install the registry schema, or upgrade it; a registry already current is left alone."
            + " The migrations run as the owner role (--owner, else the owner of the schema or the database, as the"
            + " PostgreSQL wizard does), so the registry's tables belong to it.")
    static final class Init extends Sub {
        @Option(names = "--owner", paramLabel = "ROLE", description = "Role that owns the registry's tables (SET ROLE;"
                + " the connection's user must be a superuser or a member of it). Default: the owner of the schema if it"
                + " exists, else of the database, when the connection's user holds its privileges; else the connection's user.")
        String owner;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            try (ModelRegistry r = wb().openRegistry(connection(connection), database, schema, 2)) {
                dev.mlpc.app.RegistryInstall.Installed done = dev.mlpc.app.RegistryInstall.install(r, owner);
                Migrations.Result res = done.result();
                out().println(res.executed() == 0
                        ? "model registry in schema " + schema + " is at version " + res.version() + "; nothing to do"
                        : "model registry in schema " + schema + " installed at version " + res.version() + " ("
                        + res.executed() + " migration" + (res.executed() == 1 ? "" : "s") + " run), owned by "
                        + done.owner().owner());
                if (!done.owner().note().isEmpty()) err().println("note: " + done.owner().note());
            }
            return 0;
        }
    }

    @Command(name = "migrations", description = "The registry schema's migration history.")
    static final class MigrationsCmd extends Sub {
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            try (ModelRegistry r = wb().openRegistry(connection(connection), database, schema, 2)) {
                List<MigrationInfo> h = r.migrations().history();
                if (output.json()) {
                    json(h);
                } else {
                    List<String[]> rows = new ArrayList<>();
                    rows.add(new String[] {"VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "BY", "MS"});
                    for (MigrationInfo m : h) {
                        rows.add(new String[] {m.version(), m.description(), m.state(),
                                m.installedOn() == null ? "" : m.installedOn().toString(),
                                m.installedBy() == null ? "" : m.installedBy(),
                                m.executionMillis() == null ? "" : String.valueOf(m.executionMillis())});
                    }
                    table(rows);
                }
            }
            return 0;
        }
    }

    @Command(name = "models", description = "List registered models by name, a page at a time.")
    static final class Models extends Sub {
        @Option(names = "--prefix", paramLabel = "P", description = "Name starts with P (case-insensitive).")
        String prefix;
        @Option(names = "--like", paramLabel = "PATTERN", description = "Name matches an ILIKE pattern (%% and _).")
        String like;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Model tag that must match (repeatable, ANDed).")
        List<String> tags;
        @Option(names = "--archived", description = "Include archived models.")
        boolean archived;
        @CommandLine.Mixin Paging paging;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            ModelQuery q = new ModelQuery(prefix, like, pairs("tag", tags), archived, paging.limit, paging.cursor);
            try (ModelRegistry r = open()) {
                Page<RegisteredModel> page = r.models(q);
                if (output.json()) {
                    json(page);
                    return 0;
                }
                if (page.items().isEmpty()) {
                    out().println("(no models)");
                    return 0;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"MODEL", "VERSIONS", "LATEST", "ALIASES", "TAGS", "OWNER", "ARCHIVED"});
                for (RegisteredModel m : page.items()) {
                    List<String> al = new ArrayList<>();
                    m.aliases().forEach((a, v) -> al.add(a + "->" + v));
                    rows.add(new String[] {m.name(), String.valueOf(m.versionCount()), String.valueOf(m.lastVersion()),
                            String.join(",", al), tags(m.tags()), m.owner(), m.archived() ? "yes" : ""});
                }
                table(rows);
                if (page.next() != null) out().println("next page: --cursor " + page.next());
            }
            return 0;
        }
    }

    @Command(name = "versions", description = "A model's versions, newest first, a page at a time.")
    static final class Versions extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @CommandLine.Mixin Paging paging;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            try (ModelRegistry r = open()) {
                Page<ModelVersion> page = r.versions(model, paging.limit, paging.cursor);
                if (output.json()) json(page); else printVersions(page, false);
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A model, or one version with its lineage and metrics.")
    static final class Show extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "A version number or an alias.")
        String version;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            try (ModelRegistry r = open()) {
                if (version == null) {
                    RegisteredModel m = r.model(model);
                    if (output.json()) {
                        json(m);
                    } else {
                        out().println("model        " + m.name() + (m.archived() ? "  (archived)" : ""));
                        out().println("description  " + m.description());
                        out().println("owner        " + m.owner());
                        out().println("versions     " + m.versionCount() + " (latest number " + m.lastVersion() + ")");
                        out().println("aliases      " + m.aliases());
                        out().println("tags         " + m.tags());
                        out().println("created      " + m.createdAt() + ", updated " + m.updatedAt());
                    }
                    return 0;
                }
                ModelVersion v = version.chars().allMatch(Character::isDigit)
                        ? r.version(model, version("VERSION", version)) : r.versionByAlias(model, version);
                List<Lineage> lineage = r.lineage(model, v.version());
                List<Metric> metrics = r.metrics(model, v.version());
                if (output.json()) {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("version", v);
                    j.put("lineage", lineage);
                    j.put("metrics", metrics);
                    json(j);
                } else {
                    out().println("model        " + v.model() + " version " + v.version());
                    out().println("stage        " + v.stage() + ", status " + v.status());
                    if (v.description() != null && !v.description().isBlank()) out().println("description  " + v.description());
                    out().println("aliases      " + String.join(", ", v.aliases()));
                    out().println("tags         " + v.tags());
                    out().println("source       " + v.source());
                    if (v.runId() != null) out().println("run          " + v.runId() + (v.runLink() == null ? "" : " " + v.runLink()));
                    if (v.framework() != null) out().println("framework    " + v.framework());
                    out().println("created by   " + v.createdBy() + " at " + v.createdAt());
                    for (Lineage l : lineage) out().println(l.direction() + "  " + l.kind() + "  " + l.uri());
                    for (Metric m : metrics) out().println("metric       " + m.key() + " = " + m.value() + " (step " + m.step() + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "register", description = "Register a new version (creating the model if needed); prints its number.")
    static final class Register extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Option(names = "--source", required = true, paramLabel = "URI", description = "Where the model artifact is.")
        String source;
        @Option(names = "--run-id", paramLabel = "ID") String runId;
        @Option(names = "--run-link", paramLabel = "URL") String runLink;
        @Option(names = "--framework", paramLabel = "NAME") String framework;
        @Option(names = "--signature", paramLabel = "TEXT") String signature;
        @Option(names = "--description", paramLabel = "TEXT") String description;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Version tag (repeatable).")
        List<String> tags;
        @Option(names = "--input", paramLabel = "KIND=URI", description = "Dataset it was trained on (repeatable), e.g. snowflake.table=ML.PUBLIC.TRAIN.")
        List<String> inputs;
        @Option(names = "--deployment", paramLabel = "KIND=URI", description = "Where it is deployed (repeatable), e.g. sagemaker.endpoint=churn-prod.")
        List<String> deployments;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            List<Lineage> lineage = links(inputs, deployments);
            Registration reg = new Registration(model, source, runId, runLink, framework, signature, null, description,
                    pairs("tag", tags), lineage);
            try (ModelRegistry r = open()) {
                out().println(r.register(reg).version());
            }
            return 0;
        }
    }

    @Command(name = "alias", description = "Set or move an alias to a version; --remove takes it away.")
    static final class Alias extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "ALIAS") String alias;
        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION") String version;
        @Option(names = "--remove", description = "Remove the alias.") boolean remove;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            if (remove == (version != null)) {
                throw new RegistryException(remove ? "VERSION: not with --remove" : "VERSION: required (or --remove)");
            }
            try (ModelRegistry r = open()) {
                if (remove) {
                    r.removeAlias(model, alias);
                    out().println("removed alias " + alias + " of " + model);
                } else {
                    ModelVersion v = r.setAlias(model, alias, version("VERSION", version));
                    out().println(v.model() + "@" + alias + " -> version " + v.version());
                }
            }
            return 0;
        }
    }

    @Command(name = "stage", description = "Move a version to a stage (None, Staging, Production, Archived).")
    static final class Stage extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION") String version;
        @Parameters(index = "2", paramLabel = "STAGE") String stage;
        @Option(names = "--archive-others", description = "Archive the model's other versions in that stage.")
        boolean archiveOthers;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            try (ModelRegistry r = open()) {
                for (ModelVersion v : r.transition(model, version("VERSION", version), stage, archiveOthers)) {
                    out().println(v.model() + " version " + v.version() + ": " + v.stage());
                }
            }
            return 0;
        }
    }

    @Command(name = "tag", description = "Set tags of a model, or of a version with --version; --remove KEY deletes one.")
    static final class Tag extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE") List<String> tags;
        @Option(names = "--version", paramLabel = "N") String version;
        @Option(names = "--remove", paramLabel = "KEY", description = "Tag to remove (repeatable).") List<String> remove;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            Map<String, String> set = pairs("tag", tags);
            if (set.isEmpty() && (remove == null || remove.isEmpty())) throw new RegistryException("KEY=VALUE: give a tag to set or --remove KEY");
            Integer v = version == null ? null : version("--version", version);
            List<String> drop = remove == null ? List.of() : remove;
            try (ModelRegistry r = open()) {
                // one transaction: a bad key or value changes nothing
                out().println(v == null ? tags(r.tagModel(model, set, drop).tags()) : tags(r.tagVersion(model, v, set, drop).tags()));
            }
            return 0;
        }
    }

    @Command(name = "archive", description = "Archive a model (no new versions); --undo unarchives it.")
    static final class Archive extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Option(names = "--undo", description = "Unarchive.") boolean undo;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            try (ModelRegistry r = open()) {
                RegisteredModel m = r.archiveModel(model, !undo);
                out().println(m.name() + (m.archived() ? " archived" : " active"));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a model (with all versions) or one version. Needs --allow-destroy.")
    static final class Delete extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") String version;
        @Option(names = "--allow-destroy", description = "Confirm the deletion.") boolean allow;

        @Override
        int execute() throws StackException, ProviderException, RegistryException {
            String what = version == null ? "model " + model + " with all its versions" : "version " + version + " of model " + model;
            if (!allow) throw new RegistryException("refusing to delete " + what + " without --allow-destroy; nothing was changed");
            try (ModelRegistry r = open()) {
                if (version == null) r.deleteModel(model); else r.deleteVersion(model, version("VERSION", version));
                out().println("deleted " + what);
            }
            return 0;
        }
    }

    @Command(name = "search", description = "Search versions across models (filters ANDed), ordered by model then newest version.")
    static final class Search extends Sub {
        @Option(names = "--prefix", paramLabel = "P", description = "Model name starts with P (case-insensitive).") String prefix;
        @Option(names = "--like", paramLabel = "PATTERN", description = "Model name matches an ILIKE pattern.") String like;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Version tag (repeatable, ANDed).") List<String> tags;
        @Option(names = "--alias", paramLabel = "A") String alias;
        @Option(names = "--stage", paramLabel = "S") String stage;
        @Option(names = "--status", paramLabel = "S") String status;
        @Option(names = "--archived", description = "Include versions of archived models.") boolean archived;
        @CommandLine.Mixin Paging paging;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            VersionQuery q = new VersionQuery(prefix, like, pairs("tag", tags), alias, stage, status, archived, paging.limit, paging.cursor);
            try (ModelRegistry r = open()) {
                Page<ModelVersion> page = r.search(q);
                if (output.json()) json(page); else printVersions(page, true);
            }
            return 0;
        }
    }

    @Command(name = "events", description = "The event log (who, when, what, before and after), newest first.")
    static final class Events extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL") String model;
        @CommandLine.Mixin Paging paging;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            try (ModelRegistry r = open()) {
                Page<RegistryEvent> page = r.events(model, paging.limit, paging.cursor);
                if (output.json()) {
                    json(page);
                    return 0;
                }
                if (page.items().isEmpty()) {
                    out().println("(no events)");
                    return 0;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"WHEN", "WHO", "ACTION", "MODEL", "VERSION", "BEFORE", "AFTER"});
                for (RegistryEvent e : page.items()) {
                    rows.add(new String[] {e.at().toString(), e.actor(), e.action(), e.model(),
                            e.version() == null ? "" : String.valueOf(e.version()), e.before(), e.after()});
                }
                table(rows);
                if (page.next() != null) out().println("next page: --cursor " + page.next());
            }
            return 0;
        }
    }

    @Command(name = "lineage", description = {"Show a version's lineage, add links with --input / --deployment, or remove",
            "them with --remove-input / --remove-deployment (each change is in the event log)."})
    static final class Lineages extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION") String version;
        @Option(names = "--input", paramLabel = "KIND=URI", description = "Add a dataset it was trained on (checked: kind, shape, connection).") List<String> inputs;
        @Option(names = "--deployment", paramLabel = "KIND=URI", description = "Add a deployment (checked like --input).") List<String> deployments;
        @Option(names = "--remove-input", paramLabel = "KIND=URI", description = "Remove an input link, written as listed.") List<String> removeInputs;
        @Option(names = "--remove-deployment", paramLabel = "KIND=URI", description = "Remove a deployment link, written as listed.") List<String> removeDeployments;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            int v = version("VERSION", version);
            List<Lineage> remove = parsedLinks("--remove-input", removeInputs, Lineage.INPUT);
            remove.addAll(parsedLinks("--remove-deployment", removeDeployments, Lineage.DEPLOYMENT));
            List<Lineage> add = links(inputs, deployments); // checked before the registry is opened
            try (ModelRegistry r = open()) {
                if (!remove.isEmpty()) r.removeLineage(model, v, remove); // one transaction: a missing link removes nothing
                if (!add.isEmpty()) r.addLineage(model, v, add); // one transaction: a bad link adds nothing
                List<Lineage> l = r.lineage(model, v);
                if (output.json()) json(l); else for (Lineage x : l) out().println(x.direction() + "  " + x.kind() + "  " + x.uri());
            }
            return 0;
        }
    }

    @Command(name = "metrics", description = "Show a version's metrics, or log values: KEY=VALUE[@STEP]...")
    static final class Metrics extends Sub {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION") String version;
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "KEY=VALUE[@STEP]") List<String> values;
        @CommandLine.Mixin Output output;

        @Override
        int execute() throws StackException, ProviderException, RegistryException, IOException {
            int v = version("VERSION", version);
            List<Metric> log = new ArrayList<>();
            for (String item : values == null ? List.<String>of() : values) {
                Map.Entry<String, String> e = pairs("metric", List.of(item)).entrySet().iterator().next();
                String val = e.getValue();
                long step = 0;
                int at = val.indexOf('@');
                try {
                    if (at >= 0) {
                        step = Long.parseLong(val.substring(at + 1));
                        val = val.substring(0, at);
                    }
                    log.add(new Metric(e.getKey(), Double.parseDouble(val), step, null));
                } catch (NumberFormatException x) {
                    throw new RegistryException("metric " + e.getKey() + ": " + Problem.quote(e.getValue()) + " is not VALUE or VALUE@STEP");
                }
            }
            try (ModelRegistry r = open()) {
                if (!log.isEmpty()) r.logMetrics(model, v, log);
                List<Metric> all = r.metrics(model, v);
                if (output.json()) json(all);
                else for (Metric m : all) out().println(m.key() + "  " + m.value() + "  step " + m.step() + "  " + m.at());
            }
            return 0;
        }
    }
}
