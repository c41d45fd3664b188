package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.core.spec.StackValidator;
import dev.mlpc.core.spec.StackWriter;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.ui.wizard.ValidatedText;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers of the "PostgreSQL model-management backend" wizard (seed 003) and everything derived from them: live
 * validation per field, per-step validity, the {@link Stack} and its YAML. Holds JavaFX properties only, no nodes, so
 * it is tested without a window.
 *
 * <p>Every input property has a listener that re-validates all fields in one pass (rules cross fields: a writer role
 * may not take the owner's name). Field errors use the provider's own identifier rule
 * ({@link TypeCatalog#checkIdentifier}: length in bytes, reserved words, control characters), the provider's per-type
 * name rules (e.g. {@code pg_} prefixes), and the wizard's rules (duplicates, stack name, connection limit range,
 * secret references). When no field has an error the built stack is also run through {@link StackValidator}; its
 * problems are attributed to the step whose answers produced the resource.
 *
 * <p>The stack lists resources in dependency order: roles, database, schema, extensions, grants.
 */
public final class PostgresWizardModel {
    /** The wizard's steps that hold answers (the finish page has none). */
    public enum Step {
        CONNECTION("Connection"),
        DATABASE("Database"),
        ROLES("Schema and roles"),
        EXTENSIONS("Extensions"),
        REVIEW("Review");

        private final String title;

        Step(String title) { this.title = title; }

        /** The step's title as shown in the step indicator. */
        public String title() { return title; }
    }

    /** What a grant choice gives a role. */
    public enum GrantKind {
        CONNECT("connect", "CONNECT on the database"),
        USAGE("usage", "USAGE on the schema"),
        TABLES("tables", "table privileges on all existing tables"),
        FUTURE("future", "the same privileges on future tables (default privileges)");

        private final String suffix;
        private final String text;

        GrantKind(String suffix, String text) {
            this.suffix = suffix;
            this.text = text;
        }

        /** The part of the grant resource's name after the role label: {@code writer_connect}. */
        public String suffix() { return suffix; }

        /** A short description for the check box. */
        public String text() { return text; }
    }

    /** One grant check box of a role: selected means the stack holds the grant. */
    public static final class GrantChoice {
        private final GrantKind kind;
        private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected", true);

        GrantChoice(GrantKind kind) { this.kind = kind; }

        public GrantKind kind() { return kind; }

        public BooleanProperty selected() { return selected; }
    }

    /** One extension of the checklist: whether to install it and into which schema. */
    public static final class ExtensionChoice {
        private final String name;
        private final String description;
        private final BooleanProperty selected;
        private final ValidatedText schema;

        ExtensionChoice(String name, String description, boolean selected, String schema) {
            this.name = name;
            this.description = description;
            this.selected = new SimpleBooleanProperty(this, "selected", selected);
            this.schema = new ValidatedText("Schema for " + name, schema);
        }

        /** The extension's name, which is also the resource name. */
        public String name() { return name; }

        public String description() { return description; }

        public BooleanProperty selected() { return selected; }

        /** The schema the extension's objects go into. */
        public ValidatedText schema() { return schema; }
    }

    /** Default stack name. */
    public static final String DEFAULT_STACK = "mlreg";
    /** Character sets offered for the database (server-side encodings of PostgreSQL). */
    public static final List<String> ENCODINGS = List.of("UTF8", "SQL_ASCII", "LATIN1", "LATIN2", "LATIN9", "WIN1252",
            "EUC_JP", "EUC_KR", "EUC_CN", "KOI8R", "ISO_8859_5");
    /** Locales offered for lc_collate / lc_ctype; the fields accept any locale name. */
    public static final List<String> LOCALES = List.of("C", "C.UTF-8", "en_US.UTF-8", "POSIX");
    /** Template databases to copy. */
    public static final List<String> TEMPLATES = List.of("template0", "template1");

    private static final Pattern LOCALE = Pattern.compile("[A-Za-z0-9_.@-]{1,63}");
    private static final Pattern ENCODING = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern RESOURCE_INDEX = Pattern.compile("^resources\\[(\\d+)]\\.?(.*)$");

    private final TypeCatalog catalog;

    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>(this, "connection");

    private final ValidatedText stackName = new ValidatedText("Stack name", DEFAULT_STACK);
    private final ValidatedText description = new ValidatedText("Description", "ML model registry backend");

    private final ValidatedText databaseName = new ValidatedText("Database name", "ml_models");
    private final ValidatedText ownerRole = new ValidatedText("Owner role", "mlreg_owner");
    private final ValidatedText encoding = new ValidatedText("Encoding", "UTF8");
    private final ValidatedText lcCollate = new ValidatedText("Collation (lc_collate)", "C");
    private final ValidatedText lcCtype = new ValidatedText("Character classes (lc_ctype)", "C");
    private final ValidatedText template = new ValidatedText("Template", "template0");
    private final ValidatedText connectionLimit = new ValidatedText("Connection limit", "10");
    private final ValidatedText comment = new ValidatedText("Comment",
            "Backend of the ML model registry: registered models, versions, stages, lineage");

    private final ValidatedText schemaName = new ValidatedText("Schema name", "ml_model_schema");
    private final ValidatedText writerRole = new ValidatedText("Writer role", "mlreg_writer");
    private final BooleanProperty writerLogin = new SimpleBooleanProperty(this, "writerLogin", true);
    private final ValidatedText writerPassword = new ValidatedText("Writer password", "");
    private final ValidatedText readerRole = new ValidatedText("Reader role", "mlreg_reader");
    private final BooleanProperty readerLogin = new SimpleBooleanProperty(this, "readerLogin", true);
    private final ValidatedText readerPassword = new ValidatedText("Reader password", "");
    private final Map<GrantKind, GrantChoice> writerGrants = grants();
    private final Map<GrantKind, GrantChoice> readerGrants = grants();

    private final List<ExtensionChoice> extensions = List.of(
            new ExtensionChoice("pgcrypto", "hashing and random UUIDs (gen_random_uuid)", true, schemaName.get()),
            new ExtensionChoice("citext", "case-insensitive text for model names and tags", false, schemaName.get()),
            new ExtensionChoice("pg_trgm", "trigram indexes for fast search by name", false, schemaName.get()),
            new ExtensionChoice("uuid-ossp", "UUID generators (uuid_generate_v4)", false, schemaName.get()),
            new ExtensionChoice("vector", "pgvector: embeddings and similarity search (must be installed on the server)",
                    false, schemaName.get()));

    private final ValidatedText commitMessage = new ValidatedText("Commit message", defaultCommitMessage(DEFAULT_STACK));
    private final BooleanProperty applyAfterCommit = new SimpleBooleanProperty(this, "applyAfterCommit", false);
    private final BooleanProperty allowDestroy = new SimpleBooleanProperty(this, "allowDestroy", false);
    private final BooleanProperty installRegistry = new SimpleBooleanProperty(this, "installRegistry", false);

    private final Map<Step, ObservableList<String>> messages = new EnumMap<>(Step.class);
    private final Map<Step, ObservableList<String>> stackProblems = new EnumMap<>(Step.class);
    private final Map<Step, BooleanBinding> valid = new EnumMap<>(Step.class);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final BooleanBinding allValid;
    private final String initialAnswers;

    /** A model with the defaults of the agreed stack shape, validated against the catalog's PostgreSQL types. */
    public PostgresWizardModel(TypeCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog);
        for (Step s : Step.values()) {
            messages.put(s, FXCollections.observableArrayList());
            stackProblems.put(s, FXCollections.observableArrayList());
            valid.put(s, Bindings.isEmpty(messages.get(s)));
        }
        allValid = Bindings.isEmpty(messages.get(Step.REVIEW));

        stackName.value().addListener((o, was, now) -> follow(commitMessage, defaultCommitMessage(was), defaultCommitMessage(now)));
        schemaName.value().addListener((o, was, now) -> extensions.forEach(e -> follow(e.schema(), was, now)));
        connection.addListener((o, was, now) -> {
            if (now == null) applyAfterCommit.set(false);
        });
        applyAfterCommit.addListener((o, was, now) -> {
            if (!now) installRegistry.set(false);
        });

        initialAnswers = answers();
        List<Observable> inputs = new ArrayList<>();
        for (ValidatedText t : texts()) inputs.add(t.value());
        inputs.add(writerLogin);
        inputs.add(readerLogin);
        writerGrants.values().forEach(g -> inputs.add(g.selected()));
        readerGrants.values().forEach(g -> inputs.add(g.selected()));
        extensions.forEach(e -> inputs.add(e.selected()));
        inputs.add(connection);
        inputs.forEach(p -> p.addListener(o -> revalidate()));
        revalidate();
    }

    private static Map<GrantKind, GrantChoice> grants() {
        Map<GrantKind, GrantChoice> m = new LinkedHashMap<>();
        for (GrantKind k : GrantKind.values()) m.put(k, new GrantChoice(k));
        return m;
    }

    /** Keeps a dependent default in step with its source while the user has not changed it. */
    private static void follow(ValidatedText dependent, String oldDefault, String newDefault) {
        if (Objects.equals(dependent.get(), oldDefault == null ? "" : oldDefault)) dependent.set(newDefault);
    }

    /** The commit message proposed for a stack. */
    public static String defaultCommitMessage(String stack) {
        return "Set up model registry backend " + (stack == null ? "" : stack);
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    /** The PostgreSQL connection profiles the user may choose from (the view fills it). */
    public ObservableList<ConnectionProfile> connections() { return connections; }

    /** The chosen connection; null means offline (the plan assumes nothing exists). */
    public ObjectProperty<ConnectionProfile> connection() { return connection; }

    /** True when no connection is chosen. */
    public boolean offline() { return connection.get() == null; }

    public ValidatedText stackName() { return stackName; }
    public ValidatedText description() { return description; }
    public ValidatedText databaseName() { return databaseName; }
    public ValidatedText ownerRole() { return ownerRole; }
    public ValidatedText encoding() { return encoding; }
    public ValidatedText lcCollate() { return lcCollate; }
    public ValidatedText lcCtype() { return lcCtype; }
    public ValidatedText template() { return template; }
    /** The database's connection limit as typed: a whole number, -1 for unlimited. */
    public ValidatedText connectionLimit() { return connectionLimit; }
    public ValidatedText comment() { return comment; }
    public ValidatedText schemaName() { return schemaName; }
    public ValidatedText writerRole() { return writerRole; }
    public BooleanProperty writerLogin() { return writerLogin; }
    /** Optional secret reference for the writer's password. */
    public ValidatedText writerPassword() { return writerPassword; }
    public ValidatedText readerRole() { return readerRole; }
    public BooleanProperty readerLogin() { return readerLogin; }
    /** Optional secret reference for the reader's password. */
    public ValidatedText readerPassword() { return readerPassword; }

    /** The writer's grant check box of a kind. */
    public GrantChoice writerGrant(GrantKind kind) { return writerGrants.get(kind); }

    /** The reader's grant check box of a kind. */
    public GrantChoice readerGrant(GrantKind kind) { return readerGrants.get(kind); }

    /** The extension checklist, in display order. */
    public List<ExtensionChoice> extensions() { return extensions; }

    /** The extension choice of that name. */
    public ExtensionChoice extension(String name) {
        return extensions.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no extension " + name + " in the checklist"));
    }

    /** The message of the audit commit; follows the stack name until edited. */
    public ValidatedText commitMessage() { return commitMessage; }

    /** Apply to the chosen connection after the commit (reset when going offline). */
    public BooleanProperty applyAfterCommit() { return applyAfterCommit; }

    /** Let the apply run destructive changes (drop, revoke, replace). */
    public BooleanProperty allowDestroy() { return allowDestroy; }

    /**
     * After a successful apply, install the model registry (its migrations) in the wizard's database and schema. Only
     * meaningful with {@link #applyAfterCommit()}; reset when that is cleared.
     */
    public BooleanProperty installRegistry() { return installRegistry; }

    /** The table privileges a writer gets. */
    public static List<String> writerPrivileges() { return List.of("SELECT", "INSERT", "UPDATE", "DELETE"); }

    /** The table privileges a reader gets. */
    public static List<String> readerPrivileges() { return List.of("SELECT"); }

    // ---- validity -----------------------------------------------------------------------------------------------

    /** True while the step's answers are acceptable (for {@link Step#REVIEW}: all answers and the built stack). */
    public BooleanBinding valid(Step step) { return valid.get(step); }

    /** True while every step is acceptable. */
    public BooleanBinding allValid() { return allValid; }

    /**
     * What is wrong on a step, one full sentence each naming the field; for {@link Step#REVIEW} every message of every
     * step. Empty when the step is valid.
     */
    public ObservableList<String> messages(Step step) { return FXCollections.unmodifiableObservableList(messages.get(step)); }

    /** The problems {@link StackValidator} found in the built stack, attributed to the step that produced them. */
    public ObservableList<String> stackProblems(Step step) {
        return FXCollections.unmodifiableObservableList(stackProblems.get(step));
    }

    /** True when any answer differs from its default (closing then asks first). */
    public ReadOnlyBooleanProperty dirty() { return dirty.getReadOnlyProperty(); }

    /** Every text field of the wizard. */
    private List<ValidatedText> texts() {
        List<ValidatedText> all = new ArrayList<>(List.of(stackName, description, databaseName, ownerRole, encoding,
                lcCollate, lcCtype, template, connectionLimit, comment, schemaName, writerRole, writerPassword,
                readerRole, readerPassword, commitMessage));
        extensions.forEach(e -> all.add(e.schema()));
        return all;
    }

    private List<ValidatedText> fieldsOf(Step step) {
        return switch (step) {
            case CONNECTION -> List.of(stackName, description);
            case DATABASE -> List.of(databaseName, ownerRole, encoding, lcCollate, lcCtype, template, connectionLimit, comment);
            case ROLES -> List.of(schemaName, writerRole, writerPassword, readerRole, readerPassword);
            case EXTENSIONS -> extensions.stream().filter(e -> e.selected().get()).map(ExtensionChoice::schema).toList();
            case REVIEW -> List.of(commitMessage);
        };
    }

    /** Re-checks every field, then the built stack; updates errors, messages, validity and the dirty flag. */
    private void revalidate() {
        checkText(stackName, stackName.get().matches(StackReader.STACK_NAME_RULE) ? null
                : Problem.quote(stackName.get()) + " is not a valid stack name: letters, digits, '_' and '-', starting with a"
                + " letter or digit, at most 100 characters");
        checkText(description, printable(description.get()));

        checkText(databaseName, firstOf(identifier(databaseName.get(), "postgres.database"),
                TEMPLATES.contains(databaseName.get()) ? "'" + databaseName.get()
                        + "' is a template database of PostgreSQL; choose another name" : null));
        checkText(ownerRole, identifier(ownerRole.get(), "postgres.role"));
        checkText(encoding, ENCODING.matcher(encoding.get()).matches() ? null
                : "is not an encoding name (for example UTF8)");
        checkText(lcCollate, locale(lcCollate.get()));
        checkText(lcCtype, locale(lcCtype.get()));
        checkText(template, identifier(template.get(), null));
        checkText(connectionLimit, connectionLimitProblem(connectionLimit.get()));
        checkText(comment, printable(comment.get()));

        checkText(schemaName, identifier(schemaName.get(), "postgres.schema"));
        checkText(writerRole, firstOf(identifier(writerRole.get(), "postgres.role"),
                duplicate(writerRole.get(), ownerRole, "owner role")));
        checkText(readerRole, firstOf(identifier(readerRole.get(), "postgres.role"),
                duplicate(readerRole.get(), ownerRole, "owner role"),
                duplicate(readerRole.get(), writerRole, "writer role")));
        checkText(writerPassword, secret(writerPassword.get()));
        checkText(readerPassword, secret(readerPassword.get()));

        for (ExtensionChoice e : extensions) {
            checkText(e.schema(), e.selected().get() ? identifier(e.schema().get(), "postgres.schema") : null);
        }
        checkText(commitMessage, commitMessage.get().isBlank() ? "required: say why the change is made" : null);

        Map<Step, List<String>> fieldMessages = new EnumMap<>(Step.class);
        boolean fieldsOk = true;
        for (Step s : Step.values()) {
            List<String> m = new ArrayList<>();
            for (ValidatedText t : fieldsOf(s)) if (!t.valid()) m.add(t.message());
            fieldMessages.put(s, m);
            fieldsOk &= m.isEmpty();
        }

        Map<Step, List<String>> problems = new EnumMap<>(Step.class);
        for (Step s : Step.values()) problems.put(s, new ArrayList<>());
        if (fieldsOk) {
            Built b = build();
            for (Problem p : new StackValidator(catalog).validate(b.stack())) {
                Matcher m = RESOURCE_INDEX.matcher(p.field());
                Step step = Step.REVIEW;
                String where = p.field();
                if (m.matches()) {
                    int i = Integer.parseInt(m.group(1));
                    if (i < b.steps().size()) {
                        step = b.steps().get(i);
                        Resource r = b.stack().resources().get(i);
                        where = r.type() + " " + r.name() + (m.group(2).isEmpty() ? "" : " (" + m.group(2) + ")");
                    }
                }
                problems.get(step).add(where + ": " + p.reason());
            }
        }

        List<String> all = new ArrayList<>();
        for (Step s : Step.values()) {
            if (s == Step.REVIEW) continue;
            List<String> m = new ArrayList<>(fieldMessages.get(s));
            m.addAll(problems.get(s));
            replace(messages.get(s), m);
            replace(stackProblems.get(s), problems.get(s));
            all.addAll(m);
        }
        all.addAll(fieldMessages.get(Step.REVIEW));
        all.addAll(problems.get(Step.REVIEW));
        replace(messages.get(Step.REVIEW), all);
        replace(stackProblems.get(Step.REVIEW), problems.get(Step.REVIEW));

        dirty.set(!answers().equals(initialAnswers));
    }

    private static void replace(ObservableList<String> list, List<String> now) {
        if (!list.equals(now)) list.setAll(now);
    }

    private static void checkText(ValidatedText t, String reason) {
        t.report(reason);
    }

    @SafeVarargs
    private static <T> T firstOf(T... candidates) {
        for (T c : candidates) if (c != null) return c;
        return null;
    }

    /**
     * The provider's identifier rule, then (with a type) that type's own rules about the resource name, e.g. role
     * names starting with {@code pg_}.
     */
    private String identifier(String name, String type) {
        if (name.isEmpty()) return "required";
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        String bad = catalog.checkIdentifier("postgres", name);
        if (bad != null) return bad;
        if (bytes > 63) return "is " + bytes + " bytes; PostgreSQL names are at most 63 bytes";
        if (type == null) return null;
        ResourceType rt = catalog.type(type).orElse(null);
        if (rt == null) return null;
        List<String> reasons = new ArrayList<>();
        Resource probe = Resource.of(type, name, Map.of());
        for (ResourceType.Check c : rt.checks()) {
            c.check(probe, (r, field, reason) -> {
                if (field.equals("name")) reasons.add(reason);
            });
        }
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    private static String duplicate(String name, ValidatedText other, String what) {
        return !name.isEmpty() && name.equals(other.get())
                ? "duplicate: the " + what + " is already named " + Problem.quote(name) + "; each role needs its own name" : null;
    }

    private static String locale(String v) {
        if (v.isEmpty()) return "required (for example C or en_US.UTF-8)";
        return LOCALE.matcher(v).matches() ? null
                : Problem.quote(v) + " is not a locale name (letters, digits, '_', '.', '@', '-'; for example C or en_US.UTF-8)";
    }

    private static String secret(String v) {
        if (v.isEmpty()) return null;
        return SecretRef.isReference(v) ? null : SecretRef.expectedForm();
    }

    private static String printable(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) return "contains a control character; use plain text on one line";
        }
        return null;
    }

    private String connectionLimitProblem(String text) {
        String v = text.strip();
        if (v.isEmpty()) return "required: a whole number, -1 for no limit";
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            return Problem.quote(text) + " is not a whole number (use -1 for no limit)";
        }
        if (n < -1) return "must be -1 (no limit) or more, not " + n;
        long max = catalog.type("postgres.database").flatMap(t -> t.property("connection_limit"))
                .map(PropertySpec::max).orElse((long) Integer.MAX_VALUE);
        if (n > max) return "must be at most " + max + ", not " + n;
        return null;
    }

    /** A text snapshot of every answer, to tell whether anything changed from the defaults. */
    private String answers() {
        StringBuilder b = new StringBuilder();
        for (ValidatedText t : texts()) b.append(t.get()).append('\u0001');
        b.append(writerLogin.get()).append(readerLogin.get());
        writerGrants.values().forEach(g -> b.append(g.selected().get()));
        readerGrants.values().forEach(g -> b.append(g.selected().get()));
        extensions.forEach(e -> b.append(e.selected().get()));
        return b.toString();
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    private record Built(Stack stack, List<Step> steps) {}

    /** The stack the answers describe, resources in dependency order. Built whether or not the answers are valid. */
    public Stack stack() {
        return build().stack();
    }

    /** The stack as YAML, as it is committed to {@code stacks/<stack>.yaml}. */
    public String yaml() {
        return StackWriter.toYaml(stack());
    }

    /** Every problem {@link StackValidator} finds in the built stack. */
    public List<Problem> validateStack() {
        return new StackValidator(catalog).validate(stack());
    }

    private Built build() {
        List<Resource> rs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        String db = databaseName.get();
        String owner = ownerRole.get();
        String schema = schemaName.get();

        add(rs, steps, Step.DATABASE, Resource.of("postgres.role", owner, props("login", false)));
        add(rs, steps, Step.ROLES, Resource.of("postgres.role", writerRole.get(), role(writerLogin, writerPassword)));
        add(rs, steps, Step.ROLES, Resource.of("postgres.role", readerRole.get(), role(readerLogin, readerPassword)));

        Map<String, Object> dbp = props("owner", owner, "encoding", encoding.get(), "lc_collate", lcCollate.get(),
                "lc_ctype", lcCtype.get(), "template", template.get());
        dbp.put("connection_limit", parseLimit());
        if (!comment.get().isBlank()) dbp.put("comment", comment.get());
        add(rs, steps, Step.DATABASE, Resource.of("postgres.database", db, dbp));
        add(rs, steps, Step.ROLES, Resource.of("postgres.schema", schema, props("database", db, "owner", owner)));

        for (ExtensionChoice e : extensions) {
            if (!e.selected().get()) continue;
            add(rs, steps, Step.EXTENSIONS, Resource.of("postgres.extension", e.name(),
                    props("database", db, "schema", e.schema().get())));
        }

        grants(rs, steps, "writer", writerRole.get(), writerGrants, writerPrivileges(), db, schema, owner);
        grants(rs, steps, "reader", readerRole.get(), readerGrants, readerPrivileges(), db, schema, owner);

        return new Built(new Stack(stackName.get(), description.get(), rs, null), steps);
    }

    private static void add(List<Resource> rs, List<Step> steps, Step step, Resource r) {
        rs.add(r);
        steps.add(step);
    }

    private static void grants(List<Resource> rs, List<Step> steps, String label, String role,
                               Map<GrantKind, GrantChoice> choices, List<String> tablePrivileges,
                               String db, String schema, String owner) {
        for (GrantChoice g : choices.values()) {
            if (!g.selected().get()) continue;
            String name = label + "_" + g.kind().suffix();
            Map<String, Object> p = switch (g.kind()) {
                case CONNECT -> props("role", role, "on", "database", "database", db, "privileges", List.of("CONNECT"));
                case USAGE -> props("role", role, "on", "schema", "database", db, "schema", schema,
                        "privileges", List.of("USAGE"));
                case TABLES -> props("role", role, "on", "all_tables", "database", db, "schema", schema,
                        "privileges", tablePrivileges);
                case FUTURE -> props("role", role, "on", "default_privileges", "database", db, "schema", schema,
                        "for_role", owner, "object_type", "tables", "privileges", tablePrivileges);
            };
            add(rs, steps, Step.ROLES, Resource.of("postgres.grant", name, p));
        }
    }

    private static Map<String, Object> role(BooleanProperty login, ValidatedText password) {
        Map<String, Object> p = props("login", login.get());
        if (!password.get().isBlank()) p.put("password", password.get().strip());
        return p;
    }

    private Object parseLimit() {
        try {
            return Long.parseLong(connectionLimit.get().strip());
        } catch (NumberFormatException e) {
            return connectionLimit.get();
        }
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Collection<?> c ? List.copyOf(c) : v);
        }
        return m;
    }

    /** The connection's display name for the UI: {@code local} or {@code offline}. */
    public String connectionName() {
        ConnectionProfile c = connection.get();
        return c == null ? "offline" : c.name();
    }
}
