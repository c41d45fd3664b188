package dev.mlpc.core.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the console needs to know about a provider to show it, as data ({@link Provider#describe()}): its name, its
 * connection settings (fields, kinds, which are secret, the choices of a choice, which are shown for which value of
 * another setting), how its secrets are named in the keychain, its tree containers, its wizards, the icons of its
 * live-node kinds, its document type, and how a connection test is reported. No JavaFX in here: the settings dialog,
 * the New menu and the tree's icons are built from it, so a new provider touches no UI class.
 *
 * @param id                 the provider id and connection {@code type}
 * @param displayName        {@code PostgreSQL}
 * @param settings           the connection settings in the order a form shows them; empty when connections of this
 *                           type are not edited in the console (only in {@code connections.yaml})
 * @param primarySecret      the secret setting stored under {@code mlpc/<connection>} in the keychain (others go under
 *                           {@code mlpc/<connection>/<setting>}), or null
 * @param wizards            the wizards of the File → New menu, in menu order
 * @param icons              live-node kind → icon name ({@code database}, {@code layers}, {@code grid}: names of the
 *                           console's icon set without its prefix); kinds not listed get the console's default
 * @param generatedExtension the generated document's extension: {@code sql} or {@code json}
 * @param treeContainers     the properties that place a resource in the live tree ({@link Provider#treeContainers()})
 * @param location           the settings that say where a connection points, first given wins ({@code account},
 *                           {@code url}); shown as "Connecting to …"
 * @param locationHostOnly   true to show only the host and port of a URL location, false to show it whole
 * @param sessionFacts       what a successful connection test reports from the session's {@code about()}
 * @param loginRefused       the phrase of the provider's message for a refused login (then the test result names the
 *                           settings to check, from the chosen {@link SettingSpec.Choice#credentials()}), or null
 * @param oneOf              groups of settings of which exactly one is given (Snowflake: {@code account} or
 *                           {@code url}); the form says so unless the provider's check already did
 */
public record ProviderDescriptor(String id, String displayName, List<SettingSpec> settings, String primarySecret,
                                 List<WizardSpec> wizards, Map<String, String> icons, String generatedExtension,
                                 List<String> treeContainers, List<String> location, boolean locationHostOnly,
                                 List<SessionFact> sessionFacts, String loginRefused, List<List<String>> oneOf) {
    /**
     * One fact of a connection test's success message: {@code about.get(key)} written as {@code prefix + value}, or
     * {@code whenMissing} (null: nothing) when the session did not report it.
     */
    public record SessionFact(String key, String prefix, String whenMissing) { }

    /** What a test reports unless a provider says otherwise: version, role, warehouse. */
    public static final List<SessionFact> DEFAULT_FACTS = List.of(new SessionFact("version", "version ", null),
            new SessionFact("role", "role ", null), new SessionFact("warehouse", "warehouse ", null));

    public ProviderDescriptor {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
        settings = List.copyOf(settings);
        wizards = List.copyOf(wizards);
        icons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(icons));
        treeContainers = List.copyOf(treeContainers);
        location = List.copyOf(location);
        sessionFacts = List.copyOf(sessionFacts);
        oneOf = oneOf.stream().map(List::copyOf).toList();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (SettingSpec s : settings) {
            if (!keys.add(s.key())) throw new IllegalArgumentException(id + ": setting " + s.key() + " is described twice");
        }
        for (SettingSpec s : settings) {
            if (s.shownWhen() != null && !keys.contains(s.shownWhen().setting())) {
                throw new IllegalArgumentException(id + ": setting " + s.key() + " depends on unknown setting " + s.shownWhen().setting());
            }
        }
        for (List<String> group : oneOf) {
            if (group.size() < 2 || !keys.containsAll(group)) {
                throw new IllegalArgumentException(id + ": one-of group " + group + " must name two or more described settings");
            }
        }
        if (primarySecret != null && settings.stream().noneMatch(s -> s.key().equals(primarySecret) && s.secret())) {
            throw new IllegalArgumentException(id + ": primary secret " + primarySecret + " is not a secret setting");
        }
    }

    /** Starts a description of provider {@code id}. */
    public static Builder builder(String id, String displayName) {
        return new Builder(id, displayName);
    }

    /** The setting {@code key}, if described. */
    public Optional<SettingSpec> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** True when connections of this type are edited in the settings dialog (it has described settings). */
    public boolean editable() { return !settings.isEmpty(); }

    /** The keys of the secret settings. */
    public List<String> secretKeys() {
        return settings.stream().filter(SettingSpec::secret).map(SettingSpec::key).toList();
    }

    /** The settings of a new connection: each described default. */
    public Map<String, String> newConnectionDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (SettingSpec s : settings) {
            if (s.defaultValue() != null) m.put(s.key(), s.defaultValue());
        }
        return m;
    }

    /**
     * The keychain account a typed secret of {@code setting} of connection {@code connection} is stored under:
     * {@code mlpc/<connection>} for the primary secret, {@code mlpc/<connection>/<setting>} for the others. Characters
     * other than letters, digits, {@code _.@-} in the connection name become {@code _}.
     */
    public String keychainAccount(String connection, String setting) {
        String base = keychainBase(connection);
        return setting == null || setting.equals(primarySecret) ? base : base + "/" + setting;
    }

    /** {@code mlpc/<connection>} with the name made safe (empty: {@code connection}). */
    public static String keychainBase(String connection) {
        String n = connection == null ? "" : connection.trim().replaceAll("[^A-Za-z0-9_.@-]", "_");
        return "mlpc/" + (n.isEmpty() ? "connection" : n);
    }

    /** Where a connection with these settings points, for "Connecting to …" ({@link #location()}). */
    public String where(Map<String, String> values) {
        for (String key : location) {
            String v = values.get(key);
            if (v == null || v.isBlank()) continue;
            v = v.trim();
            boolean url = setting(key).map(s -> s.kind() == SettingSpec.Kind.URL).orElse(false);
            return url && locationHostOnly ? v.replaceFirst("(?i)^jdbc:[a-z]+://", "").replaceFirst("[/?].*$", "") : v;
        }
        return "";
    }

    /** The icon name of a live-node kind, or null when this provider names none. */
    public String icon(String kind) {
        return kind == null ? null : icons.get(kind);
    }

    /** The wizard {@code id}, if this provider offers it. */
    public Optional<WizardSpec> wizard(String wizardId) {
        return wizards.stream().filter(w -> w.id().equals(wizardId)).findFirst();
    }

    /** Builds a {@link ProviderDescriptor}. */
    public static final class Builder {
        private final String id;
        private final String displayName;
        private final List<SettingSpec> settings = new ArrayList<>();
        private String primarySecret;
        private final List<WizardSpec> wizards = new ArrayList<>();
        private final Map<String, String> icons = new LinkedHashMap<>();
        private String generatedExtension = "sql";
        private List<String> treeContainers = List.of();
        private List<String> location = List.of();
        private boolean locationHostOnly = true;
        private List<SessionFact> facts = DEFAULT_FACTS;
        private String loginRefused;
        private final List<List<String>> oneOf = new ArrayList<>();

        private Builder(String id, String displayName) {
            this.id = id;
            this.displayName = displayName;
        }

        public Builder setting(SettingSpec s) {
            settings.add(s);
            return this;
        }

        /** The secret stored under {@code mlpc/<connection>}. */
        public Builder primarySecret(String key) {
            primarySecret = key;
            return this;
        }

        public Builder wizard(WizardSpec w) {
            wizards.add(w);
            return this;
        }

        /** Icon {@code icon} for each of {@code kinds}. */
        public Builder icon(String icon, String... kinds) {
            for (String k : kinds) icons.put(k, icon);
            return this;
        }

        public Builder generatedExtension(String ext) {
            generatedExtension = ext;
            return this;
        }

        public Builder treeContainers(List<String> containers) {
            treeContainers = containers;
            return this;
        }

        /** The settings naming where a connection points, and whether a URL is shown as host and port only. */
        public Builder location(boolean hostOnly, String... keys) {
            location = List.of(keys);
            locationHostOnly = hostOnly;
            return this;
        }

        public Builder sessionFacts(SessionFact... f) {
            facts = List.of(f);
            return this;
        }

        public Builder loginRefused(String phrase) {
            loginRefused = phrase;
            return this;
        }

        /** Exactly one of these settings is given. */
        public Builder oneOf(String... keys) {
            oneOf.add(List.of(keys));
            return this;
        }

        public ProviderDescriptor build() {
            return new ProviderDescriptor(id, displayName, settings, primarySecret, wizards, icons, generatedExtension,
                    treeContainers, location, locationHostOnly, facts, loginRefused, oneOf);
        }
    }
}
