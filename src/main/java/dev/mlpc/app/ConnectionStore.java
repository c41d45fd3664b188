package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderRegistry;
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
import java.util.Optional;

/**
 * {@code MLPC_HOME/connections.yaml}:
 * <pre>
 * connections:
 *   registry-prod: {type: postgres, url: jdbc:postgresql://db:5432/postgres, user: admin, password: ${env:PG_PW}}
 * </pre>
 * Secret settings must be references; a plain-text secret is refused on load and on save.
 */
public final class ConnectionStore {
    private final Path file;
    private final ProviderRegistry registry;

    public ConnectionStore(Path file, ProviderRegistry registry) {
        this.file = file;
        this.registry = registry;
    }

    public Path file() { return file; }

    public List<ConnectionProfile> load() throws StackException {
        if (!Files.exists(file)) return List.of();
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(name), "(file)", "cannot read: " + e.getMessage())));
        }
        if (text.isBlank()) return List.of();
        YamlReader.Result r = YamlReader.read(name, text);
        List<Problem> problems = new ArrayList<>(r.problems());
        if (r.root() == null) throw new StackException(problems);
        if (!(r.root() instanceof YamlNode.Mapping top) || !(top.entries().get("connections") instanceof YamlNode.Mapping conns)) {
            if (r.root() instanceof YamlNode.Mapping top2 && top2.entries().get("connections") instanceof YamlNode.Scalar s && s.value() == null) {
                return List.of();
            }
            throw new StackException(List.of(new Problem(r.root().location(), "connections", "expected 'connections:' with one entry per connection name")));
        }
        List<ConnectionProfile> out = new ArrayList<>();
        conns.entries().forEach((connName, node) -> {
            String field = "connections." + connName;
            if (!(node instanceof YamlNode.Mapping m)) {
                problems.add(new Problem(node.location(), field, "must be a mapping with type and settings"));
                return;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            String type = null;
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                YamlNode v = e.getValue();
                if (!(v instanceof YamlNode.Scalar s) || s.value() == null || s.value() instanceof Map || s.value() instanceof List) {
                    problems.add(new Problem(v.location(), field + "." + e.getKey(), "must be a single value"));
                    continue;
                }
                String value = String.valueOf(s.value());
                if (e.getKey().equals("type")) type = value;
                else settings.put(e.getKey(), value);
            }
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                if (e.getKey().equals("type") || !isSecret(type, e.getKey())) continue;
                String value = settings.get(e.getKey());
                if (value != null && !SecretRef.isReference(value)) {
                    problems.add(new Problem(e.getValue().location(), field + "." + e.getKey(), SecretRef.expectedForm()));
                }
            }
            if (type == null) {
                problems.add(new Problem(m.location(), field + ".type", "required (one of " + String.join(", ", providerIds()) + ")"));
                return;
            }
            Optional<Provider> p = registry.provider(type);
            if (p.isEmpty()) {
                problems.add(new Problem(m.entries().get("type").location(), field + ".type",
                        "unknown type " + Problem.quote(type) + " (known: " + String.join(", ", providerIds()) + ")"));
                return;
            }
            ConnectionProfile profile = new ConnectionProfile(connName, type, settings);
            for (String bad : p.get().checkProfile(profile)) {
                problems.add(new Problem(m.location(), field, bad));
            }
            out.add(profile);
        });
        if (!problems.isEmpty()) throw new StackException(problems);
        return out;
    }

    private List<String> providerIds() {
        return registry.providers().stream().map(Provider::id).toList();
    }

    public Optional<ConnectionProfile> find(String name) throws StackException {
        return load().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Loads a profile by name or explains which names exist. */
    public ConnectionProfile require(String name) throws StackException {
        List<ConnectionProfile> all = load();
        return all.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new StackException(List.of(
                new Problem(SourceLocation.unknown(file.toString()), "connections." + name,
                        "no such connection" + (all.isEmpty() ? " (the file defines none)" : " (defined: "
                                + String.join(", ", all.stream().map(ConnectionProfile::name).toList()) + ")")))));
    }

    /** Validates and writes all profiles atomically; plain-text secrets are refused and nothing is written. */
    public void save(List<ConnectionProfile> profiles) throws StackException, IOException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> conns = new LinkedHashMap<>();
        for (ConnectionProfile p : profiles) {
            String field = "connections." + p.name();
            if (p.name() == null || !p.name().matches(dev.mlpc.core.spec.Stack.TARGET_RULE)) {
                problems.add(new Problem(SourceLocation.unknown(file.toString()), field,
                        "a connection name is letters, digits, '_', '.', '-' (at most 64)"));
            }
            if (conns.containsKey(p.name())) {
                problems.add(new Problem(SourceLocation.unknown(file.toString()), field, "duplicate connection name"));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.type());
            p.settings().forEach((k, v) -> {
                if (v == null || v.isEmpty()) return;
                if (isSecret(p.type(), k) && !SecretRef.isReference(v)) {
                    problems.add(new Problem(SourceLocation.unknown(file.toString()), field + "." + k, SecretRef.expectedForm()));
                }
                m.put(k, v);
            });
            registry.provider(p.type()).ifPresentOrElse(
                    prov -> prov.checkProfile(p).forEach(bad -> problems.add(new Problem(SourceLocation.unknown(file.toString()), field, bad))),
                    () -> problems.add(new Problem(SourceLocation.unknown(file.toString()), field + ".type", "unknown type " + Problem.quote(p.type()))));
            conns.put(p.name(), m);
        }
        if (!problems.isEmpty()) throw new StackException(problems);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("connections", conns);
        try {
            Files2.writeAtomically(file, new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                    .writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * True when a setting of a connection type holds a secret: the keys its provider's description names as secret,
     * and the well-known secret keys of every type (so an unknown or misspelt type never lets a password through).
     */
    private boolean isSecret(String type, String key) {
        if (ConnectionProfile.SECRET_KEYS.contains(key)) return true;
        return type != null && registry.provider(type).map(p -> p.describe().secretKeys().contains(key)).orElse(false);
    }
}
