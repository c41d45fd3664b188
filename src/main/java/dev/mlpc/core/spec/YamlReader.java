package dev.mlpc.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML into {@link YamlNode}s that keep line:column, reporting syntax errors and duplicate keys as
 * {@link Problem}s instead of exceptions with stack traces.
 *
 * <p>Hostile input is refused with a position, before or while parsing, never after minutes:
 * <ul>
 *   <li>a text over {@link #MAX_BYTES} (5 MiB of UTF-8) is refused before parsing;</li>
 *   <li>characters YAML does not allow (C0 controls other than tab and line breaks, DEL, C1 controls other than NEL,
 *       lone surrogates, U+FFFE/U+FFFF) are refused with their line:column before parsing;</li>
 *   <li>parsing is linear in the text, however long a line or a word is ({@link LinearYaml});</li>
 *   <li>nesting deeper than {@link #MAX_DEPTH} levels is refused;</li>
 *   <li>anchors and aliases ({@code &a} / {@code *a}) are expanded: an alias stands for a copy of the node its anchor
 *       names, at the alias's position (what is inside keeps the anchored node's positions). An alias to no anchor
 *       defined before it, an alias inside its own anchor (a recursive structure), an alias as a mapping key and a
 *       merge key {@code <<} are refused. Expansion is bounded: all aliases together may add at most
 *       {@link #MAX_ALIAS_NODES} nodes, so a "billion laughs" document is refused at the alias that passes the bound.</li>
 * </ul>
 */
public final class YamlReader {
    /** The largest YAML text read, in UTF-8 bytes: 5 MiB. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    /** Mappings and lists nested deeper than this are refused. */
    public static final int MAX_DEPTH = 64;
    /** The most nodes that aliases may add to a document by expansion. */
    public static final int MAX_ALIAS_NODES = 100_000;
    /** Problems reported about characters YAML does not allow, at most (the rest are counted). */
    private static final int MAX_CHARACTER_PROBLEMS = 10;

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    /** Completed anchored nodes by anchor name (a later anchor of the same name replaces an earlier one). */
    private final Map<String, YamlNode> anchors = new HashMap<>();
    /** Anchors whose node is still being read (an alias to one of them would be recursive). */
    private final Set<String> open = new HashSet<>();
    private final Map<YamlNode, Long> sizes = new java.util.IdentityHashMap<>();
    private long aliasNodes;
    private boolean expansionRefused;

    private YamlReader(String file) {
        this.file = file;
    }

    /** Result: the root node (null when unreadable) and every problem met. */
    public record Result(YamlNode root, List<Problem> problems) {}

    public static Result read(String file, String text) {
        YamlReader r = new YamlReader(file);
        YamlNode root = null;
        if (text.isBlank()) {
            r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "the file is empty"));
            return new Result(null, r.problems);
        }
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            r.problems.add(tooLarge(file, bytes));
            return new Result(null, r.problems);
        }
        if (!r.allowedCharacters(text)) return new Result(null, r.problems);
        try (JsonParser p = LinearYaml.parser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "the file holds no YAML document"));
            } else {
                root = r.node(p, "(root)", 1);
                if (p.nextToken() != null) {
                    r.problems.add(new Problem(r.loc(p.currentTokenLocation()), "(file)",
                            "more than one YAML document; a stack file holds exactly one"));
                }
            }
        } catch (JsonProcessingException e) {
            org.yaml.snakeyaml.error.MarkedYAMLException marked = marked(e);
            if (marked != null) {
                r.problems.add(syntax(file, marked));
                return new Result(null, r.problems);
            }
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage() == null ? "not valid YAML" : e.getOriginalMessage();
            msg = msg.lines().findFirst().orElse(msg).trim();
            if (msg.contains("AliasEvent")) msg = "an alias (*name) cannot be a mapping key; write the key out";
            r.problems.add(new Problem(l == null ? new SourceLocation(file, 1, 1) : r.loc(l), "(syntax)",
                    "not valid YAML: " + Problem.shorten(msg)));
            root = null;
        } catch (YAMLException e) {
            org.yaml.snakeyaml.error.MarkedYAMLException marked = marked(e);
            if (marked != null) {
                r.problems.add(syntax(file, marked));
                return new Result(null, r.problems);
            }
            String msg = e.getMessage() == null ? "not valid YAML" : e.getMessage().lines().findFirst().orElse("").trim();
            r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(syntax)", "not valid YAML: " + Problem.shorten(msg)));
            root = null;
        } catch (IOException e) {
            r.problems.add(new Problem(new SourceLocation(file, 1, 1), "(file)", "cannot read: " + e.getMessage()));
        }
        return new Result(root, r.problems);
    }

    /** SnakeYAML's error with its marks, if {@code e} is one or was caused by one. */
    static org.yaml.snakeyaml.error.MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) return m;
        }
        return null;
    }

    /**
     * A syntax error at SnakeYAML's problem mark (else its context mark): what was expected and what was found, and the
     * construct being parsed with where it starts, e.g. {@code stack.yaml:5:4: (syntax): not valid YAML: expected the end
     * of the block, but found '-' (a list item), while parsing a block collection that starts at line 3, column 3}.
     */
    static Problem syntax(String file, org.yaml.snakeyaml.error.MarkedYAMLException m) {
        org.yaml.snakeyaml.error.Mark at = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
        SourceLocation where = at == null ? new SourceLocation(file, 1, 1)
                : new SourceLocation(file, at.getLine() + 1, at.getColumn() + 1);
        String problem = m.getProblem() == null ? "" : Problem.shorten(plain(m.getProblem().strip()));
        String context = m.getContext() == null ? "" : Problem.shorten(m.getContext().strip());
        StringBuilder b = new StringBuilder("not valid YAML: ");
        b.append(problem.isEmpty() ? (context.isEmpty() ? "syntax error" : context) : problem);
        if (!problem.isEmpty() && !context.isEmpty()) {
            b.append(", ").append(context);
            org.yaml.snakeyaml.error.Mark c = m.getContextMark();
            if (c != null && (at == null || c.getLine() != at.getLine() || c.getColumn() != at.getColumn())) {
                b.append(" that starts at line ").append(c.getLine() + 1).append(", column ").append(c.getColumn() + 1);
            }
        }
        if (problem.contains("AliasEvent")) {
            return new Problem(where, "(syntax)", "not valid YAML: an alias (*name) cannot be a mapping key; write the key out");
        }
        return new Problem(where, "(syntax)", b.toString());
    }

    /** SnakeYAML's token names in words ({@code '<block sequence start>'} is a {@code -} that starts a list item). */
    private static String plain(String problem) {
        return problem.replace("'<block sequence start>'", "'-' (a list item)")
                .replace("'<block mapping start>'", "a new key")
                .replace("but found '?'", "but found a key")
                .replace("<block end>", "the end of the block");
    }

    /** The problem for a text over {@link #MAX_BYTES}. */
    public static Problem tooLarge(String file, long bytes) {
        return new Problem(new SourceLocation(file, 1, 1), "(file)", String.format(java.util.Locale.ROOT,
                "the file is %,d bytes; stack and configuration files are at most %,d bytes (5 MiB)", bytes, MAX_BYTES));
    }

    /** UTF-8 length of a text, without encoding it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    /**
     * Finds characters YAML 1.1 does not allow in a stream (the set SnakeYAML refuses): reports each with its
     * line:column and returns false when there is any.
     */
    private boolean allowedCharacters(String text) {
        int line = 1;
        int column = 1;
        int bad = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            boolean lone = Character.isSurrogate((char) c);
            if (lone || !org.yaml.snakeyaml.reader.StreamReader.isPrintable(c)) {
                if (bad++ < MAX_CHARACTER_PROBLEMS) {
                    String what = lone ? "a lone surrogate " + Problem.codePoint(c)
                            : "the control character " + Problem.codePoint(c);
                    problems.add(new Problem(new SourceLocation(file, line, column), "(file)", "contains " + what
                            + ", which YAML does not allow; write text without control characters"));
                }
            }
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')
                    || c == 0x85 || c == 0x2028 || c == 0x2029) {
                line++;
                column = 1;
            } else if (c != 0xFEFF) {
                column++;
            }
            i += width;
        }
        if (bad > MAX_CHARACTER_PROBLEMS) {
            problems.add(new Problem(new SourceLocation(file, line, column), "(file)",
                    (bad - MAX_CHARACTER_PROBLEMS) + " more characters that YAML does not allow"));
        }
        return bad == 0;
    }

    private SourceLocation loc(JsonLocation l) {
        return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private YamlNode node(JsonParser p, String path, int depth) throws IOException {
        JsonToken t = p.currentToken();
        SourceLocation at = loc(p.currentTokenLocation());
        LinearYaml.Parser yp = p instanceof LinearYaml.Parser y ? y : null;
        String aliased = yp == null ? null : yp.aliasHere();
        if (aliased != null) return alias(aliased, at);
        String anchor = yp == null ? null : yp.anchorHere();
        if (depth > MAX_DEPTH && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
            problems.add(new Problem(at, path, "nested deeper than " + MAX_DEPTH + " levels"));
            p.skipChildren();
            return new YamlNode.Scalar(null, at);
        }
        if (anchor != null) open.add(anchor);
        YamlNode n = switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, SourceLocation> keys = new LinkedHashMap<>();
                long size = 1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceLocation keyAt = loc(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(p, path + "." + key, depth + 1);
                    if (key.equals("<<")) {
                        problems.add(new Problem(keyAt, key, "YAML merge keys (<<) are not supported; write the fields out"));
                        continue;
                    }
                    size += sizeOf(value);
                    if (entries.containsKey(key)) {
                        problems.add(new Problem(keyAt, Problem.shorten(key), "duplicate key (first written at line "
                                + keys.get(key).line() + ")"));
                    } else {
                        entries.put(key, value);
                        keys.put(key, keyAt);
                    }
                }
                YamlNode m = new YamlNode.Mapping(entries, keys, at);
                sizes.put(m, size);
                yield m;
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                long size = 1;
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    YamlNode item = node(p, path + "[" + i++ + "]", depth + 1);
                    size += sizeOf(item);
                    items.add(item);
                }
                YamlNode s = new YamlNode.Sequence(items, at);
                sizes.put(s, size);
                yield s;
            }
            case VALUE_STRING -> new YamlNode.Scalar(p.getText(), at);
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT, LONG -> new YamlNode.Scalar(p.getLongValue(), at);
                default -> new YamlNode.Scalar(p.getText(), at);
            };
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getDoubleValue(), at);
            case VALUE_TRUE -> new YamlNode.Scalar(Boolean.TRUE, at);
            case VALUE_FALSE -> new YamlNode.Scalar(Boolean.FALSE, at);
            case VALUE_NULL -> new YamlNode.Scalar(null, at);
            default -> {
                problems.add(new Problem(at, path, "unsupported YAML content (" + t + ")"));
                yield new YamlNode.Scalar(null, at);
            }
        };
        if (anchor != null) {
            open.remove(anchor);
            anchors.put(anchor, n);
        }
        return n;
    }

    private long sizeOf(YamlNode n) {
        return sizes.getOrDefault(n, 1L);
    }

    /**
     * An alias: the anchored node again, placed at the alias (a copy of its top level with the alias's position;
     * what is inside is shared). Refused when the anchor is unknown or still open, or when expansion passes the bound.
     */
    private YamlNode alias(String name, SourceLocation at) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            problems.add(new Problem(at, "*" + Problem.shorten(name), open.contains(name)
                    ? "an alias inside the node its anchor names (a recursive structure) is not supported"
                    : "alias to no anchor: '&" + Problem.shorten(name) + "' is not defined before it"));
            return new YamlNode.Scalar(null, at);
        }
        long size = sizeOf(target);
        if (expansionRefused || aliasNodes + size > MAX_ALIAS_NODES) {
            if (!expansionRefused) {
                problems.add(new Problem(at, "*" + Problem.shorten(name), "aliases expand the document by more than "
                        + MAX_ALIAS_NODES + " nodes; write the values out or use fewer aliases"));
            }
            expansionRefused = true;
            return new YamlNode.Scalar(null, at);
        }
        aliasNodes += size;
        YamlNode copy;
        if (target instanceof YamlNode.Sequence s) copy = new YamlNode.Sequence(s.items(), at);
        else if (target instanceof YamlNode.Mapping m) copy = new YamlNode.Mapping(m.entries(), m.keyLocations(), at);
        else copy = new YamlNode.Scalar(((YamlNode.Scalar) target).value(), at);
        sizes.put(copy, size);
        return copy;
    }
}
