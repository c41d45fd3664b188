package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.core.spec.StackValidator;
import dev.mlpc.core.spec.StackWriter;
import dev.mlpc.core.spec.TypeCatalog;
import dev.mlpc.providers.snowflake.SfSql;
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

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Snowflake wizards share: the connection (a {@code snowflake} profile or offline), stack name and
 * description, the commit message, live validation per field and per step, and the stack built from the answers.
 * Holds JavaFX properties only, no nodes, so subclasses are tested without a window.
 *
 * <p>Steps are numbered from 0; the last one is the review. A subclass names its steps, says which inputs to watch
 * ({@link #watch}), checks its fields ({@link #checkFields}) and adds its resources ({@link #buildResources}); every
 * change of a watched input re-checks everything in one pass (rules cross fields and steps). When no field has an
 * error the built stack also goes through {@link StackValidator}; its problems are attributed to the step whose
 * answers produced the resource. Names follow the provider's one rule ({@link SfSql#checkIdentifier}), and a
 * resource type's own name rules (system roles, INFORMATION_SCHEMA) are asked through a probe resource, so the
 * wizard never keeps a second copy of them.
 */
public abstract class SfWizardModel {
    /** The connection type the wizards offer. */
    public static final String CONNECTION_TYPE = "snowflake";

    private static final Pattern RESOURCE_INDEX = Pattern.compile("^resources\\[(\\d+)]\\.?(.*)$");
    /** An IAM role ARN: {@code arn:aws:iam::123456789012:role/path/name} (other partitions too). */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    /** An HTTPS URL with a host, no white space or quotes. */
    static final Pattern HTTPS_URL = Pattern.compile("https://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?");
    static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    protected final TypeCatalog catalog;
    private final List<String> steps;

    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>(this, "connection");
    private final ValidatedText stackName;
    private final ValidatedText description;
    private final ValidatedText commitMessage;
    private final BooleanProperty applyAfterCommit = new SimpleBooleanProperty(this, "applyAfterCommit", false);
    private final BooleanProperty allowDestroy = new SimpleBooleanProperty(this, "allowDestroy", false);

    private final List<ObservableList<String>> messages = new ArrayList<>();
    private final List<ObservableList<String>> stackProblems = new ArrayList<>();
    private final List<ObservableList<String>> pageProblems = new ArrayList<>();
    private final List<BooleanBinding> valid = new ArrayList<>();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private String initialAnswers;
    private boolean checking;
    private boolean again;

    /**
     * @param catalog      the resource types (the provider registry)
     * @param stepTitles   the titles of the steps that hold answers, the review last
     * @param defaultStack the proposed stack name
     * @param defaultDescription the proposed stack description
     */
    protected SfWizardModel(TypeCatalog catalog, List<String> stepTitles, String defaultStack, String defaultDescription) {
        this.catalog = Objects.requireNonNull(catalog);
        this.steps = List.copyOf(stepTitles);
        for (int i = 0; i < steps.size(); i++) {
            messages.add(FXCollections.observableArrayList());
            stackProblems.add(FXCollections.observableArrayList());
            pageProblems.add(FXCollections.observableArrayList());
            valid.add(Bindings.isEmpty(messages.get(i)));
        }
        stackName = new ValidatedText("Stack name", defaultStack);
        description = new ValidatedText("Description", defaultDescription);
        commitMessage = new ValidatedText("Commit message", commitMessageFor(defaultStack));
        stackName.value().addListener((o, was, now) -> follow(commitMessage, commitMessageFor(was), commitMessageFor(now)));
        connection.addListener((o, was, now) -> applyAfterCommit.set(false));
        watch(stackName.value(), description.value(), commitMessage.value(), connection);
    }

    /** Call at the end of the subclass constructor: the defaults are the clean state, then the first check. */
    protected final void ready() {
        initialAnswers = answers();
        revalidate();
    }

    /** Re-checks on every change of these inputs. */
    protected final void watch(Observable... inputs) {
        for (Observable o : inputs) o.addListener(x -> revalidate());
    }

    /** Keeps a dependent default in step with its source while the user has not changed it. */
    protected static void follow(ValidatedText dependent, String oldDefault, String newDefault) {
        if (Objects.equals(dependent.get(), oldDefault == null ? "" : oldDefault)) dependent.set(newDefault);
    }

    /** The commit message proposed for a stack name. */
    protected abstract String commitMessageFor(String stack);

    // ---- answers ------------------------------------------------------------------------------------------------

    /** The step titles, the review last. */
    public List<String> steps() { return steps; }

    /** The index of the review step. */
    public int reviewStep() { return steps.size() - 1; }

    /** The Snowflake connection profiles to choose from (the view fills it). */
    public ObservableList<ConnectionProfile> connections() { return connections; }

    /** The chosen connection; null means offline. */
    public ObjectProperty<ConnectionProfile> connection() { return connection; }

    public boolean offline() { return connection.get() == null; }

    public String connectionName() { return connection.get() == null ? "offline" : connection.get().name(); }

    public ValidatedText stackName() { return stackName; }
    public ValidatedText description() { return description; }
    public ValidatedText commitMessage() { return commitMessage; }

    /** Apply after the commit; only offered when a live plan worked. */
    public BooleanProperty applyAfterCommit() { return applyAfterCommit; }

    /** Let the apply run destructive changes. */
    public BooleanProperty allowDestroy() { return allowDestroy; }

    // ---- validity -----------------------------------------------------------------------------------------------

    /** True while the step's answers are acceptable (for the review: all answers and the built stack). */
    public BooleanBinding valid(int step) { return valid.get(step); }

    /** True while every step is acceptable. */
    public BooleanBinding allValid() { return valid.get(reviewStep()); }

    /** What is wrong on a step, one sentence each naming the field; the review lists every message. */
    public ObservableList<String> messages(int step) { return FXCollections.unmodifiableObservableList(messages.get(step)); }

    /** The problems the stack validator found, attributed to the step whose answers made the resource. */
    public ObservableList<String> stackProblems(int step) {
        return FXCollections.unmodifiableObservableList(stackProblems.get(step));
    }

    /**
     * A step's problems that no single field shows inline: list-level ones ("add at least one column") and the
     * stack validator's findings. The page lists them beneath its fields.
     */
    public ObservableList<String> pageProblems(int step) {
        return FXCollections.unmodifiableObservableList(pageProblems.get(step));
    }

    /** True when the answers differ from the defaults. */
    public ReadOnlyBooleanProperty dirty() { return dirty.getReadOnlyProperty(); }

    /** True when everything but the commit message is acceptable: the stack can be planned. */
    public boolean stackReady() {
        for (int s = 0; s < reviewStep(); s++) if (!valid(s).get()) return false;
        return stackProblems.get(reviewStep()).isEmpty();
    }

    /** Where field results are reported during a check. */
    protected final class Checks {
        private final List<List<String>> byStep = new ArrayList<>();
        private final List<List<String>> stepOnly = new ArrayList<>();

        private Checks() {
            for (int i = 0; i < steps.size(); i++) {
                byStep.add(new ArrayList<>());
                stepOnly.add(new ArrayList<>());
            }
        }

        /** Reports a field's result; a non-null reason is an error on that step, named by the field's label. */
        public void field(int step, ValidatedText t, String reason) {
            field(step, t, reason, t.label());
        }

        /** As {@link #field(int, ValidatedText, String)}, with the name the message uses (rows of a list). */
        public void field(int step, ValidatedText t, String reason, String name) {
            t.report(reason);
            if (reason != null && !reason.isEmpty()) byStep.get(step).add(name + ": " + reason);
        }

        /** Clears a field that does not count now (hidden by a choice). */
        public void off(ValidatedText t) { t.report(null); }

        /** A problem of a step not tied to one field. */
        public void step(int step, String message) {
            byStep.get(step).add(message);
            stepOnly.get(step).add(message);
        }
    }

    /** Checks every field of the subclass, reporting through {@code c}. */
    protected abstract void checkFields(Checks c);

    /** Collects the built resources and the step each belongs to. */
    protected static final class Builder {
        private final List<Resource> resources = new ArrayList<>();
        private final List<Integer> steps = new ArrayList<>();

        public void add(int step, Resource r) {
            resources.add(r);
            steps.add(step);
        }
    }

    /** Adds the stack's resources in dependency order. Runs whether or not the answers are valid. */
    protected abstract void buildResources(Builder b);

    /** Re-checks every field, then the built stack; updates messages, validity and the dirty flag. */
    public final void revalidate() {
        if (initialAnswers == null) return;
        if (checking) {
            again = true;
            return;
        }
        checking = true;
        try {
            do {
                again = false;
                check();
            } while (again);
        } finally {
            checking = false;
        }
    }

    private void check() {
        Checks c = new Checks();
        c.field(0, stackName, stackName.get().matches(StackReader.STACK_NAME_RULE) ? null
                : Problem.quote(stackName.get()) + " is not a valid stack name: letters, digits, '_' and '-', starting with a"
                + " letter or digit, at most 100 characters");
        c.field(0, description, printable(description.get()));
        checkFields(c);
        c.field(reviewStep(), commitMessage, commitMessage.get().isBlank() ? "required: say why the change is made" : null);

        boolean fieldsOk = c.byStep.stream().allMatch(List::isEmpty);
        List<List<String>> problems = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) problems.add(new ArrayList<>());
        if (fieldsOk) {
            Builder b = build();
            Stack stack = new Stack(stackName.get(), description.get(), b.resources, null);
            for (Problem p : new StackValidator(catalog).validate(stack)) {
                Matcher m = RESOURCE_INDEX.matcher(p.field());
                int step = reviewStep();
                String where = p.field();
                if (m.matches()) {
                    int i = Integer.parseInt(m.group(1));
                    if (i < b.steps.size()) {
                        step = b.steps.get(i);
                        Resource r = b.resources.get(i);
                        where = r.type() + " " + r.name() + (m.group(2).isEmpty() ? "" : " (" + m.group(2) + ")");
                    }
                }
                problems.get(step).add(where + ": " + p.reason());
            }
        }
        List<String> all = new ArrayList<>();
        for (int s = 0; s < reviewStep(); s++) {
            List<String> m = new ArrayList<>(c.byStep.get(s));
            m.addAll(problems.get(s));
            replace(messages.get(s), m);
            replace(stackProblems.get(s), problems.get(s));
            List<String> page = new ArrayList<>(c.stepOnly.get(s));
            page.addAll(problems.get(s));
            replace(pageProblems.get(s), page);
            all.addAll(m);
        }
        all.addAll(c.byStep.get(reviewStep()));
        all.addAll(problems.get(reviewStep()));
        replace(messages.get(reviewStep()), all);
        replace(stackProblems.get(reviewStep()), problems.get(reviewStep()));
        replace(pageProblems.get(reviewStep()), problems.get(reviewStep()));
        dirty.set(!answers().equals(initialAnswers));
    }

    private static void replace(ObservableList<String> list, List<String> now) {
        if (!list.equals(now)) list.setAll(now);
    }

    private String answers() {
        return yaml() + '\u0001' + commitMessage.get();
    }

    // ---- the stack ----------------------------------------------------------------------------------------------

    private Builder build() {
        Builder b = new Builder();
        buildResources(b);
        return b;
    }

    /** The stack the answers describe. */
    public Stack stack() {
        return new Stack(stackName.get(), description.get(), build().resources, null);
    }

    /** The stack as YAML, as committed to {@code stacks/<stack>.yaml}. */
    public String yaml() { return StackWriter.toYaml(stack()); }

    /** Every problem the stack validator finds in the built stack. */
    public List<Problem> validateStack() { return new StackValidator(catalog).validate(stack()); }

    // ---- rules shared by the wizards ----------------------------------------------------------------------------

    /**
     * How Snowflake authenticates to the API gateway of an API integration: the provider and the fields that provider
     * needs (an AWS role ARN, an Azure tenant and application, or a Google audience). Shared by the wizards that
     * create an API integration: one set of fields, one check, one way into the stack.
     */
    public final class ApiAuth {
        private final ValidatedText provider = new ValidatedText("API provider", "aws_api_gateway");
        private final ValidatedText roleArn;
        private final ValidatedText azureTenant = new ValidatedText("Azure tenant ID", "");
        private final ValidatedText azureApplication = new ValidatedText("Azure AD application ID", "");
        private final ValidatedText googleAudience = new ValidatedText("Google audience", "");

        public ApiAuth(String defaultRoleArn) {
            roleArn = new ValidatedText("AWS role ARN", defaultRoleArn);
            watch(provider.value(), roleArn.value(), azureTenant.value(), azureApplication.value(), googleAudience.value());
        }

        public ValidatedText provider() { return provider; }
        public ValidatedText roleArn() { return roleArn; }
        public ValidatedText azureTenant() { return azureTenant; }
        public ValidatedText azureApplication() { return azureApplication; }
        public ValidatedText googleAudience() { return googleAudience; }

        /** Checks the provider and the fields it needs on {@code step}; the others are switched off. */
        public void check(Checks c, int step) {
            String p = provider.get();
            c.field(step, provider, oneOf(p, apiProviders()));
            if (isAws(p)) c.field(step, roleArn, SfWizardModel.roleArn(roleArn.get()));
            else c.off(roleArn);
            if (p.equals("azure_api_management")) {
                c.field(step, azureTenant, uuid(azureTenant.get(), "Azure AD tenant"));
                c.field(step, azureApplication, uuid(azureApplication.get(), "Azure AD application"));
            } else {
                c.off(azureTenant);
                c.off(azureApplication);
            }
            if (p.equals("google_api_gateway")) {
                c.field(step, googleAudience, googleAudience.get().isBlank() ? "required: the JWT audience of the gateway"
                        : printable(googleAudience.get()));
            } else {
                c.off(googleAudience);
            }
        }

        /** The {@code snowflake.api_integration} properties for the provider: api_provider and what it needs. */
        public Map<String, Object> properties() {
            String p = provider.get();
            var ap = props("api_provider", p);
            if (isAws(p)) ap.put("api_aws_role_arn", roleArn.get().strip());
            if (p.equals("azure_api_management")) {
                ap.put("azure_tenant_id", azureTenant.get().strip());
                ap.put("azure_ad_application_id", azureApplication.get().strip());
            }
            if (p.equals("google_api_gateway")) ap.put("google_audience", googleAudience.get().strip());
            return ap;
        }
    }

    /** The allowed values of an enum property, as the provider's type declares them (so the wizard keeps no copy). */
    public List<String> choices(String type, String property) {
        return catalog.type(type).flatMap(t -> t.property(property)).map(PropertySpec::enumValues).orElse(List.of());
    }

    /** API providers of an API integration (API_PROVIDER). */
    public List<String> apiProviders() { return choices("snowflake.api_integration", "api_provider"); }

    /** Storage providers of a storage integration (STORAGE_PROVIDER). */
    public List<String> storageProviders() { return choices("snowflake.storage_integration", "storage_provider"); }

    /** The AWS provider family (role ARN) is chosen. */
    public static boolean isAws(String provider) { return provider.toLowerCase(Locale.ROOT).startsWith("aws_"); }

    /** One of the allowed values, or the reason. */
    protected static String oneOf(String value, List<String> allowed) {
        return allowed.contains(value) ? null : "choose one of " + String.join(", ", allowed);
    }

    /**
     * A Snowflake object name: required, the provider's identifier rule (length, reserved words, control
     * characters), then the resource type's own name rules asked through a probe resource.
     */
    protected String name(String value, String type) {
        if (value.isEmpty()) return "required";
        String bad = catalog.checkIdentifier("snowflake", value);
        if (bad != null) return bad;
        return type == null ? null : probe(type, value, Map.of(), "name");
    }

    /**
     * Runs a resource type's checks on a probe resource and returns the first reason given for {@code field}, or
     * null. This asks the provider's own rules (data types, default expressions, URL schemes) one field at a time.
     */
    protected String probe(String type, String resourceName, Map<String, Object> props, String field) {
        ResourceType rt = catalog.type(type).orElse(null);
        if (rt == null) return null;
        List<String> reasons = new ArrayList<>();
        Resource r = Resource.of(type, resourceName, props);
        for (ResourceType.Check c : rt.checks()) {
            c.check(r, (x, f, reason) -> {
                if (f.equals(field)) reasons.add(reason);
            });
        }
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    /** A whole number within the property's range in the catalog. */
    protected String integer(String text, String type, String property, String hint) {
        String v = text.strip();
        if (v.isEmpty()) return "required: " + hint;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            return Problem.quote(text) + " is not a whole number (" + hint + ")";
        }
        PropertySpec p = catalog.type(type).flatMap(t -> t.property(property)).orElse(null);
        if (p != null && p.min() != null && n < p.min()) return "must be at least " + p.min() + ", not " + n;
        if (p != null && p.max() != null && n > p.max()) return "must be at most " + p.max() + ", not " + n;
        return null;
    }

    /** The number typed, or the text when it is not one (the validator then names it). */
    protected static Object number(ValidatedText t) {
        try {
            return Long.parseLong(t.get().strip());
        } catch (NumberFormatException e) {
            return t.get();
        }
    }

    /** Plain one-line text. */
    protected static String printable(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) return "contains a control character; use plain text on one line";
        }
        return null;
    }

    /** An IAM role ARN. */
    protected static String roleArn(String v) {
        if (v.isBlank()) return "required: the IAM role Snowflake assumes (arn:aws:iam::<account>:role/<name>)";
        return ROLE_ARN.matcher(v.strip()).matches() ? null
                : Problem.quote(v) + " is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)";
    }

    /** An Azure AD id (tenant or application): a UUID. */
    protected static String uuid(String v, String what) {
        if (v.isBlank()) return "required: the " + what + " (a UUID)";
        return UUID.matcher(v.strip()).matches() ? null : Problem.quote(v) + " is not a UUID (the " + what + ")";
    }

    /** An https URL prefix ending in '/'. */
    protected static String httpsPrefix(String v) {
        if (v.isBlank()) return "required: an https:// URL";
        String s = v.strip();
        if (!s.toLowerCase(Locale.ROOT).startsWith("https://")) return Problem.quote(s) + " must start with https://";
        if (!HTTPS_URL.matcher(s).matches()) return Problem.quote(s) + " is not a URL (host, then a path without spaces or quotes)";
        return null;
    }

    /** A comma-separated list, trimmed, empty items dropped. */
    protected static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    /** The first non-null. */
    @SafeVarargs
    protected static <T> T firstOf(T... candidates) {
        for (T c : candidates) if (c != null) return c;
        return null;
    }

    /** True when two names are the same Snowflake object name (plain names are case-insensitive). */
    protected static boolean same(String a, String b) {
        return !a.isEmpty() && !b.isEmpty() && SfSql.stored(a).equals(SfSql.stored(b));
    }

    /** A map from key/value pairs; collections copied. */
    protected static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Collection<?> c ? List.copyOf(c) : v);
        }
        return m;
    }

    /** Adds a comment when one is given. */
    protected static Map<String, Object> withComment(Map<String, Object> p, ValidatedText comment) {
        if (!comment.get().isBlank()) p.put("comment", comment.get().strip());
        return p;
    }

    /** A grant labelled after the role: privileges on one target, then container properties (key, value, ...). */
    protected static Resource grant(String what, String role, List<String> privileges, String onKind, String onName, String... containers) {
        Map<String, Object> on = new java.util.LinkedHashMap<>();
        on.put(onKind, onName);
        var p = props("role", role, "privileges", privileges, "on", on);
        for (int i = 0; i < containers.length; i += 2) p.put(containers[i], containers[i + 1]);
        return Resource.of("snowflake.grant", roleLabel(role) + "_" + what, p);
    }

    protected static String roleLabel(String role) {
        return SfSql.isPlain(role) ? role.toLowerCase(Locale.ROOT) : "role";
    }

    /** An external location for a storage provider: its scheme, a bucket or container, no spaces or quotes. */
    protected static String storageUrl(String url, String provider) {
        String scheme = switch (provider) {
            case "GCS" -> "gcs://";
            case "AZURE" -> "azure://";
            default -> "s3://";
        };
        String u = url.strip();
        if (u.isEmpty()) return "required: the external location, for example " + scheme + "bucket/path/";
        if (!u.toLowerCase(Locale.ROOT).startsWith(scheme)) return "must start with " + scheme + " for " + provider;
        String rest = u.substring(scheme.length());
        if (rest.isEmpty() || rest.startsWith("/")) return "names no bucket or container after " + scheme;
        if (!rest.matches("[A-Za-z0-9._~%!$&()*+,;=:@/-]+")) return "has characters a storage URL cannot hold (spaces, quotes)";
        if (provider.equals("S3") && !rest.split("/", 2)[0].matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            return Problem.quote(rest.split("/", 2)[0]) + " is not an S3 bucket name (3 to 63 lower-case letters, digits, '.', '-')";
        }
        return null;
    }

}
