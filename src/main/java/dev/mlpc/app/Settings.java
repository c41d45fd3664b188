package dev.mlpc.app;

import dev.mlpc.core.audit.HistoryAnchor;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SourceLocation;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.YamlNode;
import dev.mlpc.core.spec.YamlReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code settings.yaml}: commit author, theme, the config repository location, how long an apply waits for another
 * apply on the same target, and what {@code verify} last saw of each repository. Every field is optional.
 *
 * <pre>
 * author: {name: Ada Admin, email: ada@example.org}
 * theme: dark            # light | dark
 * repository: /srv/mlpc-config
 * apply_lock_wait: 30    # seconds (0..3600) a second apply on the same target waits before refusing; default 30
 * verified:              # written by verify: per repository, its root commit and the last verified head
 *   /srv/mlpc-config: {root: 1f0c…, head: 9a2b…}
 * signing:               # sign every commit mlpc writes (absent: commits are not signed)
 *   format: openpgp      # openpgp (default) or ssh
 *   key: 0123ABCD…       # openpgp: key id or fingerprint: in the GnuPG keyring, or in key_file when given
 *   key_file: /home/ada/ada-secret.asc     # openpgp: optional armored secret-key file instead of the GnuPG keyring;
 *                                          # ssh: required, the OpenSSH private key (e.g. /home/ada/.ssh/id_ed25519)
 *   passphrase: ${env:MLPC_SIGNING_PASSPHRASE}   # optional; only a ${env:…} / ${keychain:…} reference
 * registry_browser:      # written by the console: where the model registry browser opened last (or a wizard installed it)
 *   {connection: pg-local, database: mlreg, schema: registry}
 * </pre>
 */
public record Settings(String authorName, String authorEmail, String theme, String repository,
                       Integer applyLockWait, Map<String, HistoryAnchor> verified, Signing signing,
                       RegistryPlace registryBrowser) {
    private static final Set<String> FIELDS = Set.of("author", "theme", "repository", "apply_lock_wait", "verified", "signing",
            "registry_browser");
    private static final Set<String> REGISTRY_FIELDS = Set.of("connection", "database", "schema");

    /**
     * Where the model registry browser opens: a connection's name, a database (null: the connection's own) and a
     * schema. The console writes it each time the browser opens a registry, and when a wizard installs one.
     */
    public record RegistryPlace(String connection, String database, String schema) { }

    /** Settings as before the registry browser's place was remembered. */
    public Settings(String authorName, String authorEmail, String theme, String repository,
                    Integer applyLockWait, Map<String, HistoryAnchor> verified, Signing signing) {
        this(authorName, authorEmail, theme, repository, applyLockWait, verified, signing, null);
    }

    /** These settings with {@code place} as where the registry browser opens. */
    public Settings withRegistryBrowser(RegistryPlace place) {
        return new Settings(authorName, authorEmail, theme, repository, applyLockWait, verified, signing, place);
    }
    private static final Set<String> SIGNING_FIELDS = Set.of("format", "key", "key_file", "passphrase");

    /**
     * How commits are signed: OpenPGP with {@code key} (id or fingerprint) from the GnuPG keyring, or from the armored
     * secret-key file {@code keyFile} (then {@code key} may be null: the file's first signing key). {@code passphrase}
     * is a secret reference, never the passphrase.
     */
    public record Signing(String format, String key, String keyFile, String passphrase) {
        public static final String OPENPGP = "openpgp";
        public static final String SSH = "ssh";

        /** True when {@code format} is ssh. */
        public boolean ssh() {
            return format != null && format.trim().equals(SSH);
        }

        /** Where the signing settings are, for messages. */
        public static String where(String field) {
            return "signing." + field + " in settings.yaml";
        }
    }

    /** Settings without signing (the form before signing existed). */
    public Settings(String authorName, String authorEmail, String theme, String repository,
                    Integer applyLockWait, Map<String, HistoryAnchor> verified) {
        this(authorName, authorEmail, theme, repository, applyLockWait, verified, null);
    }
    /** Seconds a second apply on the same target waits when settings do not say. */
    public static final int DEFAULT_LOCK_WAIT = 30;

    public Settings {
        verified = verified == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(verified));
    }

    public Settings(String authorName, String authorEmail, String theme, String repository) {
        this(authorName, authorEmail, theme, repository, null, Map.of());
    }

    public static Settings defaults() { return new Settings(null, null, "light", null); }

    public Settings withTheme(String t) { return new Settings(authorName, authorEmail, t, repository, applyLockWait, verified, signing, registryBrowser); }

    public Settings withAuthor(String name, String email) { return new Settings(name, email, theme, repository, applyLockWait, verified, signing, registryBrowser); }

    /** These settings with {@code s} as the signing settings ({@code null}: commits are not signed). */
    public Settings withSigning(Signing s) { return new Settings(authorName, authorEmail, theme, repository, applyLockWait, verified, s, registryBrowser); }

    /** These settings with {@code apply_lock_wait} set to {@code seconds}. */
    public Settings withLockWait(int seconds) {
        return new Settings(authorName, authorEmail, theme, repository, seconds, verified, signing, registryBrowser);
    }

    /** Seconds a second apply on the same target waits for the first before refusing. */
    public int lockWaitSeconds() { return applyLockWait == null ? DEFAULT_LOCK_WAIT : applyLockWait; }

    /** What the last successful verify of {@code repository} saw (its root and head), or {@link HistoryAnchor#NONE}. */
    public HistoryAnchor verified(Path repository) {
        return verified.getOrDefault(key(repository), HistoryAnchor.NONE);
    }

    /** These settings with {@code anchor} recorded for {@code repository}. */
    public Settings withVerified(Path repository, HistoryAnchor anchor) {
        Map<String, HistoryAnchor> v = new java.util.TreeMap<>(verified);
        v.put(key(repository), anchor);
        return new Settings(authorName, authorEmail, theme, repository(), applyLockWait, v, signing, registryBrowser);
    }

    /** The repository's real path when it exists (a symlink to it is the same repository), else its normalized absolute path. */
    private static String key(Path repository) {
        Path abs = repository.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) return abs.toRealPath().toString();
        } catch (IOException e) {
            // unreadable path: fall back to its normalized spelling
        }
        return abs.toString();
    }

    public static Settings load(Path file) throws StackException {
        if (!Files.exists(file)) return defaults();
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(name), "(file)", "cannot read: " + e.getMessage())));
        }
        if (text.isBlank()) return defaults();
        YamlReader.Result r = YamlReader.read(name, text);
        List<Problem> problems = new ArrayList<>(r.problems());
        if (r.root() == null) throw new StackException(problems);
        if (!(r.root() instanceof YamlNode.Mapping m)) {
            throw new StackException(List.of(new Problem(r.root().location(), "(root)", "settings are a mapping")));
        }
        m.entries().forEach((k, v) -> {
            if (!FIELDS.contains(k)) problems.add(new Problem(m.keyLocations().get(k), k, "unknown setting (known: author, theme, repository, apply_lock_wait, verified, signing, registry_browser)"));
        });
        String authorName = null, authorEmail = null;
        YamlNode author = m.entries().get("author");
        if (author instanceof YamlNode.Mapping am) {
            authorName = text(am, "name", "author.name", problems);
            authorEmail = text(am, "email", "author.email", problems);
        } else if (author != null) {
            problems.add(new Problem(author.location(), "author", "must be a mapping with name and email"));
        }
        String theme = text(m, "theme", "theme", problems);
        if (theme != null && !theme.equals("light") && !theme.equals("dark")) {
            problems.add(new Problem(m.entries().get("theme").location(), "theme", "must be light or dark, not " + Problem.quote(theme)));
        }
        String repo = text(m, "repository", "repository", problems);
        Integer lockWait = null;
        YamlNode lw = m.entries().get("apply_lock_wait");
        if (lw != null) {
            if (lw instanceof YamlNode.Scalar sc && sc.value() instanceof Number n && n.longValue() >= 0 && n.longValue() <= 3600
                    && n.doubleValue() == n.longValue()) {
                lockWait = n.intValue();
            } else {
                problems.add(new Problem(lw.location(), "apply_lock_wait", "must be a whole number of seconds from 0 to 3600"));
            }
        }
        Map<String, HistoryAnchor> verified = new LinkedHashMap<>();
        YamlNode v = m.entries().get("verified");
        if (v instanceof YamlNode.Mapping vm) {
            vm.entries().forEach((path, anchor) -> {
                if (anchor instanceof YamlNode.Mapping am2) {
                    String root = text(am2, "root", "verified." + path + ".root", problems);
                    String head = text(am2, "head", "verified." + path + ".head", problems);
                    verified.put(path, new HistoryAnchor(root, head));
                } else {
                    problems.add(new Problem(anchor.location(), "verified." + path, "must be a mapping with root and head"));
                }
            });
        } else if (v != null) {
            problems.add(new Problem(v.location(), "verified", "must be a mapping of repository paths"));
        }
        Signing signing = null;
        YamlNode sg = m.entries().get("signing");
        if (sg instanceof YamlNode.Mapping sm) {
            signing = signing(sm, problems);
        } else if (sg != null) {
            problems.add(new Problem(sg.location(), "signing", "must be a mapping with format, key, key_file and passphrase"));
        }
        RegistryPlace registryBrowser = null;
        YamlNode rb = m.entries().get("registry_browser");
        if (rb instanceof YamlNode.Mapping rm) {
            rm.entries().forEach((k, v2) -> {
                if (!REGISTRY_FIELDS.contains(k)) {
                    problems.add(new Problem(rm.keyLocations().get(k), "registry_browser." + k, "unknown setting (known: connection, database, schema)"));
                }
            });
            String connection = text(rm, "connection", "registry_browser.connection", problems);
            if (connection == null) {
                problems.add(new Problem(rb.location(), "registry_browser.connection", "is required: the name of a PostgreSQL connection"));
            }
            registryBrowser = new RegistryPlace(connection, text(rm, "database", "registry_browser.database", problems),
                    text(rm, "schema", "registry_browser.schema", problems));
        } else if (rb != null) {
            problems.add(new Problem(rb.location(), "registry_browser", "must be a mapping with connection, database and schema"));
        }
        if (!problems.isEmpty()) throw new StackException(problems);
        return new Settings(authorName, authorEmail, theme == null ? "light" : theme, repo, lockWait, verified, signing, registryBrowser);
    }

    private static Signing signing(YamlNode.Mapping sm, List<Problem> problems) {
        int before = problems.size();
        sm.entries().forEach((k, v) -> {
            if (!SIGNING_FIELDS.contains(k)) {
                problems.add(new Problem(sm.keyLocations().get(k), "signing." + k, "unknown setting (known: format, key, key_file, passphrase)"));
            }
        });
        String format = text(sm, "format", "signing.format", problems);
        String key = text(sm, "key", "signing.key", problems);
        String keyFile = text(sm, "key_file", "signing.key_file", problems);
        String passphrase = text(sm, "passphrase", "signing.passphrase", problems);
        if (format == null) format = Signing.OPENPGP;
        Problem p = checkSigning(new Signing(format, key, keyFile, passphrase));
        if (p != null) {
            YamlNode at = sm.entries().get(p.field().substring("signing.".length()));
            problems.add(new Problem(at == null ? sm.location() : at.location(), p.field(), p.reason()));
        }
        return problems.size() > before ? null : new Signing(format, blankToNull(key), blankToNull(keyFile), blankToNull(passphrase));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The first problem of signing settings (the field is {@code signing.<name>}), or null: an unknown format, neither
     * key nor key_file, a passphrase that is not a secret reference. The Settings dialog shows the same messages.
     */
    public static Problem checkSigning(Signing s) {
        if (s == null) return null;
        String format = s.format() == null ? Signing.OPENPGP : s.format().trim();
        if (format.equals(Signing.SSH)) {
            if (blankToNull(s.keyFile()) == null) {
                return new Problem(SourceLocation.unknown("settings.yaml"), "signing.key_file",
                        "ssh signing needs the OpenSSH private key file (e.g. ~/.ssh/id_ed25519)");
            }
            if (blankToNull(s.key()) != null) {
                return new Problem(SourceLocation.unknown("settings.yaml"), "signing.key",
                        "is for openpgp only; with ssh give the private key file in signing.key_file");
            }
            if (blankToNull(s.passphrase()) != null && !SecretRef.isReference(s.passphrase())) {
                return new Problem(SourceLocation.unknown("settings.yaml"), "signing.passphrase", SecretRef.expectedForm());
            }
            return null;
        }
        if (!format.equals(Signing.OPENPGP)) {
            return new Problem(SourceLocation.unknown("settings.yaml"), "signing.format",
                    "must be openpgp or ssh, not " + Problem.quote(s.format()));
        }
        if (blankToNull(s.key()) == null && blankToNull(s.keyFile()) == null) {
            return new Problem(SourceLocation.unknown("settings.yaml"), "signing.key",
                    "give the key id or fingerprint of a key in the GnuPG keyring, or signing.key_file (an armored secret-key file)");
        }
        if (blankToNull(s.key()) != null && !s.key().trim().matches("(0[xX])?[0-9A-Fa-f ]{8,59}|[^\\s<>]+@[^\\s<>]+|<[^\\s<>]+@[^\\s<>]+>")) {
            return new Problem(SourceLocation.unknown("settings.yaml"), "signing.key",
                    Problem.quote(s.key()) + " is not a key id, fingerprint or e-mail address");
        }
        if (blankToNull(s.passphrase()) != null && !SecretRef.isReference(s.passphrase())) {
            return new Problem(SourceLocation.unknown("settings.yaml"), "signing.passphrase", SecretRef.expectedForm());
        }
        return null;
    }

    private static String text(YamlNode.Mapping m, String key, String field, List<Problem> problems) {
        YamlNode n = m.entries().get(key);
        if (n == null) return null;
        if (n instanceof YamlNode.Scalar s && s.value() instanceof String str) return str;
        problems.add(new Problem(n.location(), field, "must be text"));
        return null;
    }

    public void save(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        if (authorName != null || authorEmail != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            if (authorName != null) a.put("name", authorName);
            if (authorEmail != null) a.put("email", authorEmail);
            root.put("author", a);
        }
        root.put("theme", theme == null ? "light" : theme);
        if (repository != null) root.put("repository", repository);
        if (applyLockWait != null) root.put("apply_lock_wait", applyLockWait);
        if (!verified.isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>();
            verified.forEach((path, a) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                if (a.root() != null) e.put("root", a.root());
                if (a.head() != null) e.put("head", a.head());
                v.put(path, e);
            });
            root.put("verified", v);
        }
        if (signing != null) {
            Map<String, Object> sg = new LinkedHashMap<>();
            sg.put("format", signing.format() == null ? Signing.OPENPGP : signing.format());
            if (signing.key() != null) sg.put("key", signing.key());
            if (signing.keyFile() != null) sg.put("key_file", signing.keyFile());
            if (signing.passphrase() != null) sg.put("passphrase", signing.passphrase());
            root.put("signing", sg);
        }
        if (registryBrowser != null && registryBrowser.connection() != null) {
            Map<String, Object> rb = new LinkedHashMap<>();
            rb.put("connection", registryBrowser.connection());
            if (registryBrowser.database() != null) rb.put("database", registryBrowser.database());
            if (registryBrowser.schema() != null) rb.put("schema", registryBrowser.schema());
            root.put("registry_browser", rb);
        }
        try {
            Files2.writeAtomically(file, new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                    .writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
