package dev.mlpc.app;

import dev.mlpc.core.spec.Problem;
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
 * {@code settings.yaml}: commit author, theme, and the config repository location. Every field is optional.
 *
 * <pre>
 * author: {name: Ada Admin, email: ada@example.org}
 * theme: dark            # light | dark
 * repository: /srv/mlpc-config
 * </pre>
 */
public record Settings(String authorName, String authorEmail, String theme, String repository) {
    private static final Set<String> FIELDS = Set.of("author", "theme", "repository");

    public static Settings defaults() { return new Settings(null, null, "light", null); }

    public Settings withTheme(String t) { return new Settings(authorName, authorEmail, t, repository); }

    public Settings withAuthor(String name, String email) { return new Settings(name, email, theme, repository); }

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
            if (!FIELDS.contains(k)) problems.add(new Problem(m.keyLocations().get(k), k, "unknown setting (known: author, theme, repository)"));
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
            problems.add(new Problem(m.entries().get("theme").location(), "theme", "must be light or dark, not '" + theme + "'"));
        }
        String repo = text(m, "repository", "repository", problems);
        if (!problems.isEmpty()) throw new StackException(problems);
        return new Settings(authorName, authorEmail, theme == null ? "light" : theme, repo);
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
        try {
            Files2.writeAtomically(file, new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                    .writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
