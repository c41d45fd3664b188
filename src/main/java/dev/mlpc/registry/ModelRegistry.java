package dev.mlpc.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.providers.postgres.PgSql;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model registry service: one Java API over the registry schema, used by the CLI and the console. Every change runs
 * in one transaction together with its entry in the event log. Listings use keyset pagination with stable ordering and
 * load tags and aliases for a whole page in one query each.
 * <p>
 * Version numbers come from the model row's {@code last_version} counter, incremented under the row lock in the
 * transaction that inserts the version: concurrent registrations queue on that row, a rolled-back registration gives
 * its number back, and the number of a deleted version is never handed out again.
 */
public final class ModelRegistry implements AutoCloseable {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION_COLUMNS = "v.id, m.name, v.version, v.source, v.run_id, v.run_link, v.framework,"
            + " v.signature, v.status, v.stage, v.description, v.created_by, v.created_at, v.updated_at, v.tags::text";
    private static final String MODEL_COLUMNS = "m.id, m.name, m.description, m.owner, m.archived, m.last_version,"
            + " m.created_at, m.updated_at, m.name_key";

    private final DataSource dataSource;
    private final AutoCloseable owner;
    private final String schema;
    private final String s;
    private final String actor;

    /**
     * A registry in {@code schema} reached through {@code dataSource}. {@code actor} is who the event log names;
     * {@code owner} (may be null) is closed with this registry (the connection pool).
     */
    public ModelRegistry(DataSource dataSource, String schema, String actor, AutoCloseable owner) throws RegistryException {
        RegistryRules.require(RegistryRules.checkSchema(schema));
        this.dataSource = dataSource;
        this.owner = owner;
        this.schema = schema;
        this.s = PgSql.ident(schema) + ".";
        this.actor = actor == null || actor.isBlank() ? "unknown" : actor;
    }

    public String schema() { return schema; }

    public String actor() { return actor; }

    public DataSource dataSource() { return dataSource; }

    public Migrations migrations() throws RegistryException {
        return new Migrations(dataSource, schema);
    }

    @Override
    public void close() {
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                // closing a pool that failed has nothing left to release
            }
        }
    }

    // ---- models ---------------------------------------------------------------------------------------------------

    /** Creates a model. Refuses a name that exists already (names are unique regardless of case). */
    public RegisteredModel createModel(String name, String description, String owner, Map<String, String> tags)
            throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name),
                RegistryRules.checkText("description", description, false),
                RegistryRules.checkText("owner", owner, false));
        checkTags("tag", tags);
        return tx(c -> {
            Long id = insertModel(c, name, description, owner);
            if (id == null) throw new RegistryException("model: " + Problem.quote(name) + " exists already");
            putTags(c, "model_tags", "model_id", id, tags);
            RegisteredModel m = loadModel(c, name);
            event(c, "create_model", id, m.name(), null, null, modelJson(m));
            return m;
        });
    }

    /** A model with its tags and aliases. */
    public RegisteredModel model(String name) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name));
        return read(c -> loadModel(c, name));
    }

    /** Changes a model's description and/or owner (null leaves a field as it is). */
    public RegisteredModel updateModel(String name, String description, String owner) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name),
                RegistryRules.checkText("description", description, false),
                RegistryRules.checkText("owner", owner, false));
        return tx(c -> {
            RegisteredModel before = loadModel(c, name, true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "registered_models SET description ="
                    + " coalesce(?, description), owner = coalesce(?, owner), updated_at = now() WHERE id = ?")) {
                ps.setString(1, description);
                ps.setString(2, owner);
                ps.setLong(3, before.id());
                ps.executeUpdate();
            }
            RegisteredModel after = loadModel(c, name);
            event(c, "update_model", before.id(), before.name(), null, modelJson(before), modelJson(after));
            return after;
        });
    }

    /** Archives a model (no new versions until it is unarchived) or unarchives it. */
    public RegisteredModel archiveModel(String name, boolean archived) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name));
        return tx(c -> {
            RegisteredModel before = loadModel(c, name, true);
            if (before.archived() == archived) return before;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "registered_models SET archived = ?,"
                    + " updated_at = now() WHERE id = ?")) {
                ps.setBoolean(1, archived);
                ps.setLong(2, before.id());
                ps.executeUpdate();
            }
            RegisteredModel after = loadModel(c, name);
            event(c, archived ? "archive_model" : "unarchive_model", before.id(), before.name(), null,
                    Map.of("archived", before.archived()), Map.of("archived", archived));
            return after;
        });
    }

    /** Deletes a model with all its versions, tags, aliases, lineage and metrics. The event log keeps the record. */
    public void deleteModel(String name) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name));
        tx(c -> {
            RegisteredModel before = loadModel(c, name, true);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + "registered_models WHERE id = ?")) {
                ps.setLong(1, before.id());
                ps.executeUpdate();
            }
            event(c, "delete_model", before.id(), before.name(), null, modelJson(before), null);
            return null;
        });
    }

    /** Sets (or with a null value removes) a tag of a model. */
    public RegisteredModel tagModel(String name, String key, String value) throws RegistryException {
        return value == null ? tagModel(name, Map.of(), List.of(key)) : tagModel(name, Map.of(key, value), List.of());
    }

    /**
     * Sets and removes tags of a model in one transaction: every key and value is checked first, so a bad one changes
     * nothing. Each tag that really changes gets its event; removing a tag that is not there records nothing.
     */
    public RegisteredModel tagModel(String name, Map<String, String> set, Collection<String> remove) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", name));
        checkTagChanges(set, remove);
        return tx(c -> {
            RegisteredModel m = loadModel(c, name, true);
            for (Map.Entry<String, String> t : set.entrySet()) {
                String before = m.tags().get(t.getKey());
                if (t.getValue().equals(before)) continue;
                setTag(c, "model_tags", "model_id", m.id(), t.getKey(), t.getValue());
                event(c, "set_model_tag", m.id(), m.name(), null, before == null ? null : Map.of(t.getKey(), before),
                        Map.of(t.getKey(), t.getValue()));
            }
            for (String k : remove) {
                String before = m.tags().get(k);
                if (before == null) continue;
                setTag(c, "model_tags", "model_id", m.id(), k, null);
                event(c, "remove_model_tag", m.id(), m.name(), null, Map.of(k, before), null);
            }
            return loadModel(c, name);
        });
    }

    /**
     * Models ordered by name (case-insensitive), a page at a time. Filters: name prefix (case-insensitive), an ILIKE
     * pattern, model tags (all must match), archived ones only when asked.
     */
    public Page<RegisteredModel> models(ModelQuery q) throws RegistryException {
        q.check();
        return read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + MODEL_COLUMNS + " FROM " + s + "registered_models m WHERE true");
            List<Object> args = new ArrayList<>();
            nameFilters(sql, args, q.namePrefix(), q.nameLike());
            if (!q.includeArchived()) sql.append(" AND NOT m.archived");
            for (Map.Entry<String, String> t : q.tags().entrySet()) {
                sql.append(" AND EXISTS (SELECT 1 FROM ").append(s)
                        .append("model_tags t WHERE t.model_id = m.id AND t.key = ? AND t.value = ?)");
                args.add(t.getKey());
                args.add(t.getValue());
            }
            if (q.cursor() != null) {
                sql.append(" AND m.name_key > ?");
                args.add(Cursors.modelKey(q.cursor()));
            }
            sql.append(" ORDER BY m.name_key LIMIT ?");
            args.add(q.limit() + 1);
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getInt(6), instant(rs, 7), instant(rs, 8), rs.getString(9)});
                }
            }
            String next = null;
            if (rows.size() > q.limit()) {
                rows = rows.subList(0, q.limit());
                next = Cursors.model((String) rows.get(rows.size() - 1)[8]);
            }
            return new Page<>(assembleModels(c, rows), next);
        });
    }

    // ---- versions -------------------------------------------------------------------------------------------------

    /**
     * Registers a new version and returns it. Creates the model when it does not exist yet; refuses an archived model.
     */
    public ModelVersion register(Registration r) throws RegistryException {
        r.check();
        return tx(c -> {
            Long created = insertModel(c, r.model(), "", "");
            long modelId;
            String modelName;
            String modelKey;
            int number;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "registered_models SET last_version ="
                    + " last_version + 1, updated_at = now() WHERE name_key = lower(?)"
                    + " RETURNING id, name, last_version, archived, name_key")) {
                ps.setString(1, r.model());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new RegistryException("model: " + Problem.quote(r.model()) + " does not exist");
                    if (rs.getBoolean(4)) {
                        throw new RegistryException("model: " + Problem.quote(rs.getString(2)) + " is archived; unarchive it before"
                                + " registering versions");
                    }
                    modelId = rs.getLong(1);
                    modelName = rs.getString(2);
                    number = rs.getInt(3);
                    modelKey = rs.getString(5);
                }
            }
            if (created != null) event(c, "create_model", modelId, modelName, null, null, Map.of("name", modelName));
            long versionId;
            ModelVersion made;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "model_versions (model_id, model_key,"
                    + " version, source, run_id, run_link, framework, signature, status, description, created_by, tags)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id, status, stage, description,"
                    + " created_at, updated_at")) {
                ps.setLong(1, modelId);
                ps.setString(2, modelKey);
                ps.setInt(3, number);
                ps.setString(4, r.source());
                ps.setString(5, r.runId());
                ps.setString(6, r.runLink());
                ps.setString(7, r.framework());
                ps.setString(8, r.signature());
                ps.setString(9, r.status() == null ? "READY" : RegistryRules.status(r.status()));
                ps.setString(10, r.description() == null ? "" : r.description());
                ps.setString(11, actor);
                ps.setString(12, json(new TreeMap<>(r.tags())));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    versionId = rs.getLong(1);
                    // built from what was written, not read back: the model's row lock is held until commit
                    made = new ModelVersion(versionId, modelName, number, r.source(), r.runId(), r.runLink(),
                            r.framework(), r.signature(), rs.getString(2), rs.getString(3), rs.getString(4), actor,
                            instant(rs, 5), instant(rs, 6), List.of(), tagsOrdered(r.tags()));
                }
            }
            if (!r.lineage().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "version_lineage (version_id,"
                        + " direction, kind, uri) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (Lineage l : r.lineage()) {
                        ps.setLong(1, versionId);
                        ps.setString(2, l.direction());
                        ps.setString(3, l.kind());
                        ps.setString(4, l.uri());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            event(c, "register_version", modelId, modelName, number, null, versionJson(made));
            return made;
        });
    }

    /** One version with its aliases and tags. */
    public ModelVersion version(String model, int version) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            return loadVersion(c, m.id, m.name, version);
        });
    }

    /** The version an alias points at. */
    public ModelVersion versionByAlias(String model, String alias) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model), RegistryRules.checkAlias("alias", alias));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + s + "model_aliases"
                    + " WHERE model_id = ? AND alias = ?")) {
                ps.setLong(1, m.id);
                ps.setString(2, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new RegistryException("alias: model " + Problem.quote(m.name) + " has no alias " + Problem.quote(alias));
                    return loadVersion(c, m.id, m.name, rs.getInt(1));
                }
            }
        });
    }

    /** A model's versions, newest first, a page at a time. */
    public Page<ModelVersion> versions(String model, int limit, String cursor) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model), checkLimit(limit));
        Integer below = cursor == null ? null : Cursors.versionOfModel(cursor);
        return read(c -> {
            Ref m = modelRef(c, model, false);
            String sql = "SELECT " + VERSION_COLUMNS + " FROM " + s + "model_versions v JOIN " + s
                    + "registered_models m ON m.id = v.model_id WHERE v.model_id = ?"
                    + (below == null ? "" : " AND v.version < ?") + " ORDER BY v.version DESC LIMIT ?";
            List<Object> args = new ArrayList<>(List.of(m.id));
            if (below != null) args.add(below);
            args.add(limit + 1);
            List<ModelVersion> rows = queryVersions(c, sql, args);
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                next = Cursors.versionOfModel(rows.get(rows.size() - 1).version());
            }
            return new Page<>(attach(c, rows), next);
        });
    }

    /**
     * Versions across models, ordered by model name then newest version first, a page at a time. Filters (all ANDed):
     * model name prefix (case-insensitive) or ILIKE pattern, version tags, alias, stage, status; versions of archived
     * models only when asked.
     */
    public Page<ModelVersion> search(VersionQuery q) throws RegistryException {
        q.check();
        return read(c -> {
            // the page is chosen from model_versions alone (model_key and tags live there); names are joined to it after
            // with an alias, the page is walked from the alias's rows, which are in listing order (one version per model)
            String k = q.alias() != null ? "al" : "v";
            StringBuilder sql = new StringBuilder(q.alias() != null
                    ? "SELECT v.* FROM " + s + "model_aliases al JOIN " + s + "model_versions v ON v.model_id = al.model_id"
                    + " AND v.version = al.version WHERE al.alias = ?"
                    : "SELECT v.* FROM " + s + "model_versions v WHERE true");
            List<Object> args = new ArrayList<>();
            if (q.alias() != null) args.add(q.alias());
            if (q.namePrefix() != null && !q.namePrefix().isEmpty()) {
                String p = q.namePrefix().toLowerCase(java.util.Locale.ROOT);
                sql.append(" AND ").append(k).append(".model_key >= ? AND ").append(k).append(".model_key < ?");
                args.add(p);
                args.add(p + Character.toString(0x10FFFF));
            }
            if (q.nameLike() != null && !q.nameLike().isEmpty()) {
                sql.append(" AND v.model_key ILIKE ?"); // model_key is lower(name); names are ASCII
                args.add(q.nameLike());
            }
            if (!q.includeArchived()) {
                sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(s)
                        .append("registered_models a WHERE a.id = v.model_id AND a.archived)");
            }
            if (!q.tags().isEmpty()) {
                sql.append(" AND v.tags @> ?::jsonb");
                args.add(json(new TreeMap<>(q.tags())));
            }
            if (q.stage() != null) {
                sql.append(" AND v.stage = ?");
                args.add(RegistryRules.stage(q.stage()));
            }
            if (q.status() != null) {
                sql.append(" AND v.status = ?");
                args.add(RegistryRules.status(q.status()));
            }
            if (q.cursor() != null) {
                Cursors.Position p = Cursors.search(q.cursor());
                sql.append(" AND (").append(k).append(".model_key > ? OR (").append(k).append(".model_key = ? AND ")
                        .append(k).append(".version < ?))");
                args.add(p.nameKey());
                args.add(p.nameKey());
                args.add(p.version());
            }
            sql.append(" ORDER BY ").append(k).append(".model_key, ").append(k).append(".version DESC LIMIT ?");
            args.add(q.limit() + 1);
            String page = "SELECT " + VERSION_COLUMNS + ", v.model_key FROM (" + sql + ") v JOIN " + s
                    + "registered_models m ON m.id = v.model_id ORDER BY v.model_key, v.version DESC";
            List<ModelVersion> rows = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, page, args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(versionRow(rs));
                    keys.add(rs.getString(16));
                }
            }
            String next = null;
            if (rows.size() > q.limit()) {
                rows = rows.subList(0, q.limit());
                ModelVersion last = rows.get(rows.size() - 1);
                next = Cursors.search(keys.get(rows.size() - 1), last.version());
            }
            return new Page<>(attach(c, rows), next);
        });
    }

    /** Sets or moves an alias to a version of the same model. */
    public ModelVersion setAlias(String model, String alias, int version) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model), RegistryRules.checkAlias("alias", alias));
        return tx(c -> {
            Ref m = modelRef(c, model, true);
            requireVersion(c, m, version);
            Integer before = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + s + "model_aliases WHERE model_id = ?"
                    + " AND alias = ? FOR UPDATE")) {
                ps.setLong(1, m.id);
                ps.setString(2, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) before = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "model_aliases (model_id, model_key, alias,"
                    + " version) SELECT id, name_key, ?, ? FROM " + s + "registered_models WHERE id = ?"
                    + " ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, updated_at = now()")) {
                ps.setString(1, alias);
                ps.setInt(2, version);
                ps.setLong(3, m.id);
                ps.executeUpdate();
            }
            if (before == null || before != version) {
                event(c, "set_alias", m.id, m.name, version, before == null ? null : aliasJson(alias, before),
                        aliasJson(alias, version));
            }
            return loadVersion(c, m.id, m.name, version);
        });
    }

    /** Removes an alias. */
    public void removeAlias(String model, String alias) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model), RegistryRules.checkAlias("alias", alias));
        tx(c -> {
            Ref m = modelRef(c, model, true);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + "model_aliases WHERE model_id = ?"
                    + " AND alias = ? RETURNING version")) {
                ps.setLong(1, m.id);
                ps.setString(2, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new RegistryException("alias: model " + Problem.quote(m.name) + " has no alias " + Problem.quote(alias));
                    event(c, "remove_alias", m.id, m.name, rs.getInt(1), aliasJson(alias, rs.getInt(1)), null);
                }
            }
            return null;
        });
    }

    /**
     * Moves a version to a stage. With {@code archiveOthers}, the model's other versions in that stage (Staging or
     * Production) move to Archived in the same transaction. Returns the versions that changed, the target first.
     */
    public List<ModelVersion> transition(String model, int version, String stage, boolean archiveOthers)
            throws RegistryException {
        String st = RegistryRules.stage(stage);
        RegistryRules.require(RegistryRules.checkModelName("model", model),
                st == null ? "stage: " + Problem.quote(stage) + " is not a stage; one of " + String.join(", ", RegistryRules.STAGES) : null);
        return tx(c -> {
            Ref m = modelRef(c, model, true);
            ModelVersion before = loadVersion(c, m.id, m.name, version);
            List<ModelVersion> changed = new ArrayList<>();
            if (!before.stage().equals(st)) {
                updateStage(c, m.id, version, st);
                event(c, "transition_stage", m.id, m.name, version, Map.of("stage", before.stage()), Map.of("stage", st));
            }
            changed.add(loadVersion(c, m.id, m.name, version));
            if (archiveOthers && (st.equals("Staging") || st.equals("Production"))) {
                List<Integer> others = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "model_versions SET stage = 'Archived',"
                        + " updated_at = now() WHERE model_id = ? AND stage = ? AND version <> ? RETURNING version")) {
                    ps.setLong(1, m.id);
                    ps.setString(2, st);
                    ps.setInt(3, version);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) others.add(rs.getInt(1));
                    }
                }
                others.sort(null);
                for (int o : others) {
                    event(c, "transition_stage", m.id, m.name, o, Map.of("stage", st), Map.of("stage", "Archived"));
                    changed.add(loadVersion(c, m.id, m.name, o));
                }
            }
            return changed;
        });
    }

    /** Sets (or with a null value removes) a tag of a version. */
    public ModelVersion tagVersion(String model, int version, String key, String value) throws RegistryException {
        return value == null ? tagVersion(model, version, Map.of(), List.of(key))
                : tagVersion(model, version, Map.of(key, value), List.of());
    }

    /** Sets and removes tags of a version in one transaction, all checked first (as {@link #tagModel(String, Map, Collection)}). */
    public ModelVersion tagVersion(String model, int version, Map<String, String> set, Collection<String> remove)
            throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        checkTagChanges(set, remove);
        return tx(c -> {
            Ref m = modelRef(c, model, true);
            ModelVersion v = loadVersion(c, m.id, m.name, version);
            Map<String, String> tags = new LinkedHashMap<>(v.tags());
            List<String[]> changes = new ArrayList<>(); // action, key, before, after
            for (Map.Entry<String, String> t : set.entrySet()) {
                String before = tags.put(t.getKey(), t.getValue());
                if (!t.getValue().equals(before)) changes.add(new String[] {"set_version_tag", t.getKey(), before, t.getValue()});
            }
            for (String k : remove) {
                String before = tags.remove(k);
                if (before != null) changes.add(new String[] {"remove_version_tag", k, before, null});
            }
            if (changes.isEmpty()) return v;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "model_versions SET tags = ?::jsonb,"
                    + " updated_at = now() WHERE id = ?")) {
                ps.setString(1, json(new TreeMap<>(tags)));
                ps.setLong(2, v.id());
                ps.executeUpdate();
            }
            for (String[] ch : changes) {
                event(c, ch[0], m.id, m.name, version, ch[2] == null ? null : Map.of(ch[1], ch[2]),
                        ch[3] == null ? null : Map.of(ch[1], ch[3]));
            }
            return loadVersion(c, m.id, m.name, version);
        });
    }

    private static void checkTagChanges(Map<String, String> set, Collection<String> remove) throws RegistryException {
        checkTags("tag", set);
        for (String k : remove) RegistryRules.require(RegistryRules.checkTagKey("tag", k));
        for (String k : remove) {
            if (set.containsKey(k)) throw new RegistryException("tag: " + Problem.quote(k) + " is both set and removed");
        }
    }

    /**
     * Deletes a version (its tags, lineage and metrics go with it). Refused while an alias points at it. Its number
     * is never given to another version.
     */
    public void deleteVersion(String model, int version) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        tx(c -> {
            Ref m = modelRef(c, model, true);
            ModelVersion v = loadVersion(c, m.id, m.name, version);
            if (!v.aliases().isEmpty()) {
                throw new RegistryException("version: version " + version + " of model " + Problem.quote(m.name) + " carries alias "
                        + String.join(", ", v.aliases()) + "; move or remove the alias first");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + "model_versions WHERE id = ?")) {
                ps.setLong(1, v.id());
                ps.executeUpdate();
            }
            event(c, "delete_version", m.id, m.name, version, versionJson(v), null);
            return null;
        });
    }

    // ---- lineage and metrics ---------------------------------------------------------------------------------------

    public List<Lineage> lineage(String model, int version) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            long vid = requireVersion(c, m, version);
            return list(c, "SELECT direction, kind, uri FROM " + s + "version_lineage WHERE version_id = ?"
                    + " ORDER BY direction DESC, kind, uri", List.of(vid),
                    rs -> new Lineage(rs.getString(1), rs.getString(2), rs.getString(3)));
        });
    }

    /**
     * Every version of every model with its stage, aliases and lineage, for the lineage graph: two queries (versions
     * with their aliases aggregated; all lineage rows), in model-name then version order.
     */
    public List<VersionLineage> allLineage() throws RegistryException {
        return read(c -> {
            Map<Long, Object[]> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.id, m.name, v.version, v.stage, m.archived,"
                    + " COALESCE((SELECT array_agg(a.alias ORDER BY a.alias) FROM " + s + "model_aliases a"
                    + " WHERE a.model_id = v.model_id AND a.version = v.version), '{}')"
                    + " FROM " + s + "model_versions v JOIN " + s + "registered_models m ON m.id = v.model_id"
                    + " ORDER BY v.model_key, v.version");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array a = rs.getArray(6);
                    List<String> aliases = new ArrayList<>();
                    if (a != null) for (Object o : (Object[]) a.getArray()) aliases.add(String.valueOf(o));
                    rows.put(rs.getLong(1), new Object[]{rs.getString(2), rs.getInt(3), rs.getString(4), rs.getBoolean(5),
                            aliases, new ArrayList<Lineage>()});
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT version_id, direction, kind, uri FROM " + s
                    + "version_lineage ORDER BY version_id, direction DESC, kind, uri");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = rows.get(rs.getLong(1));
                    if (row == null) continue; // a version registered between the two reads
                    @SuppressWarnings("unchecked") List<Lineage> links = (List<Lineage>) row[5];
                    links.add(new Lineage(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            List<VersionLineage> out = new ArrayList<>(rows.size());
            for (Object[] r : rows.values()) {
                @SuppressWarnings("unchecked") List<String> aliases = (List<String>) r[4];
                @SuppressWarnings("unchecked") List<Lineage> links = (List<Lineage>) r[5];
                out.add(new VersionLineage((String) r[0], (Integer) r[1], (String) r[2], (Boolean) r[3], aliases, links));
            }
            return out;
        });
    }

    /** Adds a lineage link (a no-op when it is there already). */
    public void addLineage(String model, int version, Lineage link) throws RegistryException {
        addLineage(model, version, List.of(link));
    }

    /** Binds a version's id and a link's direction, kind and uri to the first four parameters of {@code ps}. */
    private static void bindLink(PreparedStatement ps, long versionId, Lineage link) throws SQLException {
        ps.setLong(1, versionId);
        ps.setString(2, link.direction());
        ps.setString(3, link.kind());
        ps.setString(4, link.uri());
    }

    /** Adds lineage links in one transaction, all checked first; links already there are left as they are. */
    public void addLineage(String model, int version, List<Lineage> links) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        for (Lineage l : links) RegistryRules.require(Registration.checkLineage("lineage", l));
        tx(c -> {
            Ref m = modelRef(c, model, true);
            long vid = requireVersion(c, m, version);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "version_lineage (version_id, direction,"
                    + " kind, uri) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Lineage link : links) {
                    bindLink(ps, vid, link);
                    if (ps.executeUpdate() > 0) {
                        event(c, "add_lineage", m.id, m.name, version, null, Map.of("direction", link.direction(),
                                "kind", link.kind(), "uri", link.uri()));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Removes lineage links of a version in one transaction, each recorded in the event log ({@code remove_lineage},
     * the link as {@code before}). A link that is not there removes nothing: the error names it and the version's links
     * of that direction. The links are matched as stored (kind and uri exactly), so any link can be removed, also one
     * that would not be accepted today.
     */
    public void removeLineage(String model, int version, List<Lineage> links) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        tx(c -> {
            Ref m = modelRef(c, model, true);
            long vid = requireVersion(c, m, version);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + "version_lineage WHERE version_id = ?"
                    + " AND direction = ? AND kind = ? AND uri = ?")) {
                for (Lineage link : links) {
                    bindLink(ps, vid, link);
                    if (ps.executeUpdate() == 0) {
                        List<String> there = new ArrayList<>();
                        for (Lineage l : list(c, "SELECT direction, kind, uri FROM " + s + "version_lineage WHERE"
                                + " version_id = ? ORDER BY direction DESC, kind, uri", List.of(vid),
                                rs -> new Lineage(rs.getString(1), rs.getString(2), rs.getString(3)))) {
                            if (l.direction().equals(link.direction())) there.add(l.kind() + "=" + l.uri());
                        }
                        throw new RegistryException(link.direction() + " " + Problem.quote(link.kind() + "=" + link.uri())
                                + ": " + m.name + " v" + version + " has no such link (its " + link.direction() + " links: "
                                + (there.isEmpty() ? "none" : String.join(", ", there)) + "); nothing removed");
                    }
                    event(c, "remove_lineage", m.id, m.name, version, Map.of("direction", link.direction(),
                            "kind", link.kind(), "uri", link.uri()), null);
                }
            }
            return null;
        });
    }

    /** Logs metric values for a version in one batch. */
    public void logMetrics(String model, int version, List<Metric> metrics) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        for (Metric mt : metrics) {
            RegistryRules.require(RegistryRules.checkTagKey("metric", mt.key()));
            if (!Double.isFinite(mt.value())) throw new RegistryException("metric " + mt.key() + ": value must be a finite number");
        }
        tx(c -> {
            Ref m = modelRef(c, model, true);
            long vid = requireVersion(c, m, version);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "version_metrics (version_id, key, value,"
                    + " step, logged_at) VALUES (?, ?, ?, ?, coalesce(?, now()))")) {
                for (Metric mt : metrics) {
                    ps.setLong(1, vid);
                    ps.setString(2, mt.key());
                    ps.setDouble(3, mt.value());
                    ps.setLong(4, mt.step());
                    if (mt.at() == null) ps.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
                    else ps.setObject(5, OffsetDateTime.ofInstant(mt.at(), java.time.ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            event(c, "log_metrics", m.id, m.name, version, null, Map.of("count", metrics.size()));
            return null;
        });
    }

    /** Every logged value of a version, by key then step. */
    public List<Metric> metrics(String model, int version) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            long vid = requireVersion(c, m, version);
            return list(c, "SELECT key, value, step, logged_at FROM " + s + "version_metrics WHERE version_id = ?"
                    + " ORDER BY key, step, logged_at", List.of(vid),
                    rs -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), instant(rs, 4)));
        });
    }

    /** A metric across a model's versions: per version, the value at its highest step. */
    public Map<Integer, Double> metricAcrossVersions(String model, String key) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model), RegistryRules.checkTagKey("metric", key));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            Map<Integer, Double> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (v.version) v.version, mt.value FROM " + s
                    + "version_metrics mt JOIN " + s + "model_versions v ON v.id = mt.version_id WHERE v.model_id = ?"
                    + " AND mt.key = ? ORDER BY v.version, mt.step DESC, mt.logged_at DESC")) {
                ps.setLong(1, m.id);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getInt(1), rs.getDouble(2));
                }
            }
            return out;
        });
    }

    /** The metric keys logged for any version of a model, sorted. */
    public List<String> metricKeys(String model) throws RegistryException {
        RegistryRules.require(RegistryRules.checkModelName("model", model));
        return read(c -> {
            Ref m = modelRef(c, model, false);
            return list(c, "SELECT DISTINCT mt.key FROM " + s + "version_metrics mt JOIN " + s + "model_versions v"
                    + " ON v.id = mt.version_id WHERE v.model_id = ? ORDER BY 1", List.of(m.id), rs -> rs.getString(1));
        });
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    /** The event log, newest first; of one model when {@code model} is given. */
    public Page<RegistryEvent> events(String model, int limit, String cursor) throws RegistryException {
        return events(model, null, limit, cursor);
    }

    /** The event log of one version of a model ({@code version} not null), or of the model / the registry, newest first. */
    public Page<RegistryEvent> events(String model, Integer version, int limit, String cursor) throws RegistryException {
        RegistryRules.require(model == null ? null : RegistryRules.checkModelName("model", model), checkLimit(limit));
        if (version != null && model == null) throw new IllegalArgumentException("a version's events need its model");
        Long below = cursor == null ? null : Cursors.event(cursor);
        return read(c -> {
            StringBuilder sql = new StringBuilder("SELECT id, at, actor, db_user, action, model_name, version,"
                    + " before::text, after::text FROM " + s + "registry_events WHERE true");
            List<Object> args = new ArrayList<>();
            if (model != null) {
                sql.append(" AND lower(model_name) = lower(?)"); // registry_events_model is on lower(model_name)
                args.add(model);
            }
            if (version != null) {
                sql.append(" AND version = ?");
                args.add(version);
            }
            if (below != null) {
                sql.append(" AND id < ?");
                args.add(below);
            }
            sql.append(" ORDER BY id DESC LIMIT ?");
            args.add(limit + 1);
            List<RegistryEvent> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(7);
                    Integer number = rs.wasNull() ? null : v;
                    out.add(new RegistryEvent(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), number, rs.getString(8), rs.getString(9)));
                }
            }
            String next = null;
            if (out.size() > limit) {
                out = out.subList(0, limit);
                next = Cursors.event(out.get(out.size() - 1).id());
            }
            return new Page<>(out, next);
        });
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, RegistryException;
    }

    private <T> T tx(Work<T> work) throws RegistryException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RegistryException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private <T> T read(Work<T> work) throws RegistryException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private RegistryException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("42P01") || state.equals("3F000")) {
            return new RegistryException("there is no model registry in schema " + schema
                    + " (or it is incomplete): install it with mlpc registry init", e);
        }
        if (state.equals("42501")) return new RegistryException("registry schema " + schema + ": " + describe(e), e);
        if (state.equals("23503")) {
            return new RegistryException("version: the alias would point at a version that does not exist (" + describe(e) + ")", e);
        }
        if (state.equals("23505")) return new RegistryException("the name exists already (" + describe(e) + ")", e);
        if (state.equals("23514")) return new RegistryException("a value breaks a rule of the registry (" + describe(e) + ")", e);
        return new RegistryException("registry schema " + schema + ": " + describe(e), e);
    }

    /** The server's message or the driver's first line. Never includes a URL with credentials. */
    static String describe(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getMessage() != null) return dev.mlpc.providers.postgres.PgUrl.redact(m.getMessage());
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return dev.mlpc.providers.postgres.PgUrl.redact(m.lines().findFirst().orElse(m).trim());
    }

    private static String checkLimit(int limit) {
        return limit < 1 || limit > MAX_PAGE ? "limit: must be between 1 and " + MAX_PAGE : null;
    }

    private static void checkTags(String field, Map<String, String> tags) throws RegistryException {
        if (tags == null) return;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            RegistryRules.require(RegistryRules.checkTagKey(field, t.getKey()),
                    RegistryRules.checkTagValue(field + " " + t.getKey(), t.getValue()));
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Every row of a query, mapped. */
    private <T> List<T> list(Connection c, String sql, List<Object> args, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row.map(rs));
        }
        return out;
    }

    private PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        return ps;
    }

    private void nameFilters(StringBuilder sql, List<Object> args, String prefix, String like) {
        if (prefix != null && !prefix.isEmpty()) {
            // a range on the C-collated key uses its index whatever the plan cache decides (LIKE with a parameter may not)
            String p = prefix.toLowerCase(java.util.Locale.ROOT);
            sql.append(" AND m.name_key >= ? AND m.name_key < ?");
            args.add(p);
            args.add(p + Character.toString(0x10FFFF));
        }
        if (like != null && !like.isEmpty()) {
            sql.append(" AND m.name ILIKE ?");
            args.add(like);
        }
    }

    /** Inserts a model unless one of that name exists; returns its id when inserted. */
    private Long insertModel(Connection c, String name, String description, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "registered_models (name, description, owner)"
                + " VALUES (?, ?, ?) ON CONFLICT (name_key) DO NOTHING RETURNING id")) {
            ps.setString(1, name);
            ps.setString(2, description == null ? "" : description);
            ps.setString(3, owner == null ? "" : owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private record Ref(long id, String name) { }

    private Ref modelRef(Connection c, String name, boolean lock) throws SQLException, RegistryException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM " + s + "registered_models WHERE name_key ="
                + " lower(?)" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new RegistryException("model: " + Problem.quote(name) + " does not exist");
                return new Ref(rs.getLong(1), rs.getString(2));
            }
        }
    }

    private long requireVersion(Connection c, Ref m, int version) throws SQLException, RegistryException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + s + "model_versions WHERE model_id = ? AND version = ?")) {
            ps.setLong(1, m.id);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        throw new RegistryException("version: model " + Problem.quote(m.name) + " has no version " + version);
    }

    private RegisteredModel loadModel(Connection c, String name) throws SQLException, RegistryException {
        return loadModel(c, name, false);
    }

    private RegisteredModel loadModel(Connection c, String name, boolean lock) throws SQLException, RegistryException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MODEL_COLUMNS + " FROM " + s + "registered_models m"
                + " WHERE m.name_key = lower(?)" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new RegistryException("model: " + Problem.quote(name) + " does not exist");
                rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getInt(6), instant(rs, 7), instant(rs, 8), rs.getString(9)});
            }
        }
        return assembleModels(c, rows).get(0);
    }

    /** Builds models from rows, loading version counts, tags and aliases of all of them in one query each. */
    private List<RegisteredModel> assembleModels(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) return List.of();
        Long[] ids = rows.stream().map(r -> (Long) r[0]).toArray(Long[]::new);
        Map<Long, Integer> counts = new HashMap<>();
        Map<Long, Map<String, String>> tags = new HashMap<>();
        Map<Long, Map<String, Integer>> aliases = new HashMap<>();
        Array arr = c.createArrayOf("bigint", ids);
        try (PreparedStatement ps = c.prepareStatement("SELECT model_id, count(*) FROM " + s + "model_versions"
                + " WHERE model_id = ANY(?) GROUP BY model_id")) {
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getLong(1), rs.getInt(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT model_id, key, value FROM " + s + "model_tags"
                + " WHERE model_id = ANY(?) ORDER BY model_id, key")) {
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) tags.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT model_id, alias, version FROM " + s + "model_aliases"
                + " WHERE model_id = ANY(?) ORDER BY model_id, alias")) {
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) aliases.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3));
            }
        }
        List<RegisteredModel> out = new ArrayList<>();
        for (Object[] r : rows) {
            long id = (Long) r[0];
            out.add(new RegisteredModel(id, (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4], (Integer) r[5],
                    counts.getOrDefault(id, 0), (Instant) r[6], (Instant) r[7], tags.getOrDefault(id, Map.of()),
                    aliases.getOrDefault(id, Map.of())));
        }
        return out;
    }

    private ModelVersion loadVersion(Connection c, long modelId, String modelName, int version)
            throws SQLException, RegistryException {
        List<ModelVersion> rows = queryVersions(c, "SELECT " + VERSION_COLUMNS + " FROM " + s + "model_versions v JOIN "
                + s + "registered_models m ON m.id = v.model_id WHERE v.model_id = ? AND v.version = ?",
                List.of(modelId, version));
        if (rows.isEmpty()) throw new RegistryException("version: model " + Problem.quote(modelName) + " has no version " + version);
        return attach(c, rows).get(0);
    }

    private List<ModelVersion> queryVersions(Connection c, String sql, List<Object> args) throws SQLException {
        return list(c, sql, args, ModelRegistry::versionRow);
    }

    private static ModelVersion versionRow(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), instant(rs, 13), instant(rs, 14), List.of(), tagsOf(rs.getString(15)));
    }

    /** Adds aliases to a page of versions in one query, whatever the page size (tags come with the rows). */
    private List<ModelVersion> attach(Connection c, List<ModelVersion> rows) throws SQLException {
        if (rows.isEmpty()) return List.of();
        Long[] ids = rows.stream().map(ModelVersion::id).toArray(Long[]::new);
        Map<Long, List<String>> aliases = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id, a.alias FROM " + s + "model_versions v JOIN " + s
                + "model_aliases a ON a.model_id = v.model_id AND a.version = v.version WHERE v.id = ANY(?)"
                + " ORDER BY v.id, a.alias")) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) aliases.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<ModelVersion> out = new ArrayList<>(rows.size());
        for (ModelVersion v : rows) {
            out.add(new ModelVersion(v.id(), v.model(), v.version(), v.source(), v.runId(), v.runLink(), v.framework(),
                    v.signature(), v.status(), v.stage(), v.description(), v.createdBy(), v.createdAt(), v.updatedAt(),
                    List.copyOf(aliases.getOrDefault(v.id(), List.of())), v.tags()));
        }
        return out;
    }

    private void putTags(Connection c, String table, String idColumn, long id, Map<String, String> tags) throws SQLException {
        if (tags == null || tags.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + table + " (" + idColumn + ", key, value)"
                + " VALUES (?, ?, ?) ON CONFLICT (" + idColumn + ", key) DO UPDATE SET value = excluded.value")) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                ps.setLong(1, id);
                ps.setString(2, t.getKey());
                ps.setString(3, t.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void setTag(Connection c, String table, String idColumn, long id, String key, String value) throws SQLException {
        if (value == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + table + " WHERE " + idColumn + " = ? AND key = ?")) {
                ps.setLong(1, id);
                ps.setString(2, key);
                ps.executeUpdate();
            }
        } else {
            putTags(c, table, idColumn, id, Map.of(key, value));
        }
    }

    private void updateStage(Connection c, long modelId, int version, String stage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + "model_versions SET stage = ?, updated_at = now()"
                + " WHERE model_id = ? AND version = ?")) {
            ps.setString(1, stage);
            ps.setLong(2, modelId);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    private void event(Connection c, String action, Long modelId, String model, Integer version, Object before,
                       Object after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + "registry_events (actor, action, model_id,"
                + " model_name, version, before, after) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            ps.setString(1, actor);
            ps.setString(2, action);
            if (modelId == null) ps.setNull(3, Types.BIGINT); else ps.setLong(3, modelId);
            ps.setString(4, model);
            if (version == null) ps.setNull(5, Types.INTEGER); else ps.setInt(5, version);
            ps.setString(6, json(before));
            ps.setString(7, json(after));
            ps.executeUpdate();
        }
    }

    private static String json(Object o) {
        if (o == null) return null;
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }

    private static Map<String, Object> modelJson(RegisteredModel m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", m.name());
        j.put("description", m.description());
        j.put("owner", m.owner());
        j.put("archived", m.archived());
        j.put("last_version", m.lastVersion());
        j.put("versions", m.versionCount());
        j.put("tags", m.tags());
        j.put("aliases", m.aliases());
        return j;
    }

    private static Map<String, Object> versionJson(ModelVersion v) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("version", v.version());
        j.put("source", v.source());
        if (v.runId() != null) j.put("run_id", v.runId());
        if (v.framework() != null) j.put("framework", v.framework());
        j.put("status", v.status());
        j.put("stage", v.stage());
        j.put("tags", v.tags());
        j.put("aliases", v.aliases());
        return j;
    }

    private static Map<String, Object> aliasJson(String alias, int version) {
        return Map.of("alias", alias, "version", version);
    }

    private static Map<String, String> tagsOrdered(Map<String, String> tags) {
        return tags.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(tags)));
    }

    private static Map<String, String> tagsOf(String jsonObject) throws SQLException {
        if (jsonObject == null || jsonObject.equals("{}")) return Map.of();
        try {
            Map<String, String> m = new TreeMap<>();
            JSON.readTree(jsonObject).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        } catch (JsonProcessingException e) {
            throw new SQLException("a version's tags are not a JSON object", e);
        }
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Opaque keyset cursors: base64url of a tagged position, so a cursor from one listing is refused by another. */
    static final class Cursors {
        record Position(String nameKey, int version) { }

        private Cursors() { }

        static String model(String nameKey) { return encode("m1\n" + nameKey); }

        static String search(String nameKey, int version) { return encode("s1\n" + nameKey + "\n" + version); }

        static String versionOfModel(int version) { return encode("v1\n" + version); }

        static String event(long id) { return encode("e1\n" + id); }

        static String modelKey(String cursor) throws RegistryException {
            return parts(cursor, "m1", 2)[1];
        }

        static Position search(String cursor) throws RegistryException {
            String[] p = parts(cursor, "s1", 3);
            return new Position(p[1], number(p[2], cursor).intValue());
        }

        static Integer versionOfModel(String cursor) throws RegistryException {
            return number(parts(cursor, "v1", 2)[1], cursor).intValue();
        }

        static Long event(String cursor) throws RegistryException {
            return number(parts(cursor, "e1", 2)[1], cursor);
        }

        private static String encode(String s) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        private static String[] parts(String cursor, String tag, int n) throws RegistryException {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
                if (p.length == n && p[0].equals(tag)) return p;
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
            throw new RegistryException("cursor: " + Problem.quote(cursor) + " is not a cursor of this listing; pass the 'next'"
                    + " value the previous page printed");
        }

        private static Long number(String s, String cursor) throws RegistryException {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new RegistryException("cursor: " + Problem.quote(cursor) + " is damaged");
            }
        }
    }
}
