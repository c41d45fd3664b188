package dev.mlpc.core.spec;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns stack YAML into a {@link Stack}, then validates it against the {@link TypeCatalog}. Every problem is collected;
 * {@link #load} throws one {@link StackException} listing all of them.
 */
public final class StackReader {
    /** Stack names become file names in the config repository: keep them portable. */
    public static final String STACK_NAME_RULE = "[A-Za-z0-9][A-Za-z0-9_-]{0,99}";
    private static final Set<String> TOP_LEVEL = Set.of("stack", "description", "target", "resources");

    private final TypeCatalog catalog;

    public StackReader(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    public Stack load(Path file) throws StackException {
        String name = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > YamlReader.MAX_BYTES) throw new StackException(List.of(YamlReader.tooLarge(name, size)));
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(name), "(file)", "no such file")));
        } catch (MalformedInputException e) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(name), "(file)", "not UTF-8 text")));
        } catch (IOException e) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(name), "(file)",
                    "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage())));
        }
        return parse(name, text);
    }

    /** Parses and validates; throws with every problem found. */
    public Stack parse(String file, String text) throws StackException {
        List<Problem> problems = new ArrayList<>();
        Stack stack = parse(file, text, problems);
        if (!problems.isEmpty() || stack == null) throw new StackException(limited(sorted(problems)));
        return stack;
    }

    /** The most problems one file reports; the rest are counted in a last line. */
    public static final int MAX_PROBLEMS = 100;

    /** At most {@link #MAX_PROBLEMS} problems, then one that counts the others. */
    static List<Problem> limited(List<Problem> problems) {
        if (problems.size() <= MAX_PROBLEMS) return problems;
        List<Problem> out = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        Problem last = problems.get(problems.size() - 1);
        out.add(new Problem(last.location(), "(file)", (problems.size() - MAX_PROBLEMS) + " more problems not shown"));
        return out;
    }

    /** Problems in reading order: by line, then column (stable for equal positions). */
    public static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return out;
    }

    /** Parses and validates, adding problems to the list; returns what could be read (may be null). */
    public Stack parse(String file, String text, List<Problem> problems) {
        YamlReader.Result yaml = YamlReader.read(file, text);
        problems.addAll(yaml.problems());
        if (yaml.root() == null) return null;
        if (!(yaml.root() instanceof YamlNode.Mapping top)) {
            problems.add(new Problem(yaml.root().location(), "(root)",
                    "a stack file is a mapping with 'stack', 'description' and 'resources'"));
            return null;
        }
        top.entries().forEach((k, v) -> {
            if (!TOP_LEVEL.contains(k)) {
                problems.add(new Problem(top.keyLocations().get(k), k,
                        "unknown top-level field (expected stack, description, target, resources)"));
            }
        });
        String stackName = null;
        YamlNode nameNode = top.entries().get("stack");
        if (nameNode == null) {
            problems.add(new Problem(top.location(), "stack", "required: the stack's name"));
        } else if (!(nameNode instanceof YamlNode.Scalar s) || !(s.value() instanceof String str)) {
            problems.add(new Problem(nameNode.location(), "stack", "must be a text value"));
        } else if (!str.matches(STACK_NAME_RULE)) {
            problems.add(new Problem(nameNode.location(), "stack",
                    Problem.quote(str) + " is not a valid stack name: letters, digits, '_' and '-', starting with a letter or digit, at most 100"));
        } else {
            stackName = str;
        }
        String description = "";
        YamlNode descNode = top.entries().get("description");
        if (descNode != null) {
            if (descNode instanceof YamlNode.Scalar s && (s.value() == null || s.value() instanceof String)) {
                description = s.value() == null ? "" : (String) s.value();
                int bad = SafeText.firstControl(description, true);
                if (bad >= 0) {
                    problems.add(new Problem(descNode.location(), "description", StackValidator.controlReason(description, bad)));
                }
            } else {
                problems.add(new Problem(descNode.location(), "description", "must be a text value"));
            }
        }
        String target = "";
        YamlNode targetNode = top.entries().get("target");
        if (targetNode != null) {
            if (targetNode instanceof YamlNode.Scalar s && s.value() instanceof String str) {
                if (str.matches(Stack.TARGET_RULE)) {
                    target = str;
                } else {
                    problems.add(new Problem(targetNode.location(), "target", Problem.quote(str)
                            + " is not a connection name: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64"));
                }
            } else {
                problems.add(new Problem(targetNode.location(), "target", "must be a connection's name (text)"));
            }
        }
        List<Resource> resources = new ArrayList<>();
        YamlNode resNode = top.entries().get("resources");
        if (resNode == null) {
            problems.add(new Problem(top.location(), "resources", "required: a list of resources (may be empty: [])"));
        } else if (resNode instanceof YamlNode.Scalar s && s.value() == null) {
            // "resources:" with nothing: an empty stack
        } else if (!(resNode instanceof YamlNode.Sequence seq)) {
            problems.add(new Problem(resNode.location(), "resources", "must be a list of resources"));
        } else {
            int i = 0;
            for (YamlNode item : seq.items()) {
                Resource r = resource(item, i, problems);
                if (r != null) resources.add(r);
                i++;
            }
        }
        Stack stack = new Stack(stackName == null ? "" : stackName, description, target, resources, file);
        new StackValidator(catalog).validate(stack, problems);
        return stack;
    }

    private Resource resource(YamlNode item, int index, List<Problem> problems) {
        String path = "resources[" + index + "]";
        if (!(item instanceof YamlNode.Mapping m)) {
            problems.add(new Problem(item.location(), path, "a resource is a mapping with 'type', 'name' and properties"));
            return null;
        }
        String type = scalarText(m, "type", path, problems);
        String name = scalarText(m, "name", path, problems);
        if (type == null || name == null) return null;
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        locations.put("type", m.entries().get("type").location());
        locations.put("name", m.entries().get("name").location());
        m.entries().forEach((k, v) -> {
            if (k.equals("type") || k.equals("name")) return;
            props.put(k, v.toPlain());
            locate(k, v, locations);
        });
        return new Resource(type, name, props, m.location(), locations, index);
    }

    /** Records where a value and everything inside it was written: {@code k}, {@code k[0]}, {@code k[0].field}. */
    private static void locate(String path, YamlNode node, Map<String, SourceLocation> locations) {
        locations.put(path, node.location());
        if (node instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) locate(path + "[" + i + "]", seq.items().get(i), locations);
        } else if (node instanceof YamlNode.Mapping mm) {
            mm.entries().forEach((kk, vv) -> locate(path + "." + kk, vv, locations));
        }
    }

    private static String scalarText(YamlNode.Mapping m, String field, String path, List<Problem> problems) {
        YamlNode n = m.entries().get(field);
        if (n == null) {
            problems.add(new Problem(m.location(), path + "." + field, "required"));
            return null;
        }
        if (n instanceof YamlNode.Scalar s && s.value() instanceof String str && !str.isEmpty()) return str;
        problems.add(new Problem(n.location(), path + "." + field, "must be non-empty text"));
        return null;
    }
}
