package dev.mlpc.ui;

import javafx.css.Stylesheet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step (pom.xml, phase {@code process-classes}): the console's copies of AtlantaFX's Primer Light and Primer
 * Dark, {@code css/primer-light.bss} and {@code css/primer-dark.bss}, without the selectors of controls the console never
 * creates (a third of them: date pickers, sliders, pagination, AtlantaFX's cards, tiles, notifications, …). JavaFX
 * loads a user agent stylesheet, indexes every selector and matches them against each node of the first window on the
 * FX thread: the smaller theme shortens a cold start by ~40 ms (issue 14, cold start; BENCHMARKS.md). Every other
 * rule, declaration and looked-up colour is kept as it is; {@link Theme} falls back to AtlantaFX's own stylesheet when
 * these files are missing (classes built by an IDE).
 *
 * <p>A selector is left out when it names one of {@link #UNUSED}'s style classes: only those controls carry them
 * (their classes in JavaFX and AtlantaFX set them), so such a selector can never match a node of the console.
 * {@code KeyboardLayoutTest} walks the console's windows, wizards and dialogs and fails on a node that carries one —
 * a control added later that needs its rules must be taken out of the list.</p>
 */
public final class ThemeTrim {
    /** The style classes of controls the console never creates. */
    public static final Set<String> UNUSED = Set.of("accordion", "titled-pane", "bb-code", "breadcrumbs", "calendar",
            "card", "color-palette", "color-palette-region", "color-picker", "custom-color-dialog", "date-picker",
            "date-picker-popup", "modal-box", "modal-pane", "notification", "pagination", "popover",
            "ring-progress-indicator", "slider", "split-menu-button", "tile", "tile-base", "toggle-switch",
            "tree-table-view", "tree-table-row-cell");
    /** Class-name prefix of the HTML editor's parts ({@code html-editor-bold}, …). */
    static final String UNUSED_PREFIX = "html-editor";

    private static final Pattern STYLE_CLASS = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)");

    private ThemeTrim() { }

    /** {@code ThemeTrim TARGET_DIR}: writes {@code primer-light.bss} and {@code primer-dark.bss} there. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: ThemeTrim TARGET_DIR");
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        write("/atlantafx/base/theme/primer-light.css", dir.resolve("primer-light.bss"));
        write("/atlantafx/base/theme/primer-dark.css", dir.resolve("primer-dark.bss"));
    }

    private static void write(String resource, Path target) throws IOException {
        String css;
        try (InputStream in = ThemeTrim.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException(resource + " is not on the class path (AtlantaFX)");
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path text = Files.createTempFile("mlpc-theme", ".css");
        try {
            Files.writeString(text, trim(css), StandardCharsets.UTF_8);
            File out = target.toFile();
            Stylesheet.convertToBinary(text.toFile(), out);
        } finally {
            Files.deleteIfExists(text);
        }
    }

    /** Whether {@code selector} names a style class of {@link #UNUSED} (it can then match no node of the console). */
    static boolean unused(String selector) {
        Matcher m = STYLE_CLASS.matcher(selector);
        while (m.find()) {
            String c = m.group(1);
            if (UNUSED.contains(c) || c.startsWith(UNUSED_PREFIX)) return true;
        }
        return false;
    }

    /**
     * The stylesheet without the selectors {@link #unused} finds, and without rules left with none; comments go, every
     * other rule (at-rules included) is kept with its declarations as written.
     */
    static String trim(String css) {
        StringBuilder out = new StringBuilder(css.length());
        StringBuilder prelude = new StringBuilder();
        int i = 0;
        int n = css.length();
        while (i < n) {
            char c = css.charAt(i);
            if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
                int end = css.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = endOfString(css, i);
                prelude.append(css, i, end);
                i = end;
                continue;
            }
            if (c != '{') {
                prelude.append(c);
                i++;
                continue;
            }
            int end = endOfBlock(css, i);
            String body = css.substring(i, end);
            String head = prelude.toString().trim();
            prelude.setLength(0);
            i = end;
            if (head.startsWith("@")) {
                out.append(head).append(' ').append(body).append('\n');
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String s : splitSelectors(head)) {
                if (!s.isEmpty() && !unused(s)) kept.add(s);
            }
            if (!kept.isEmpty()) out.append(String.join(",\n", kept)).append(' ').append(body).append('\n');
        }
        return out.toString();
    }

    /** The index just after the string that starts at {@code start} (its quote), escapes included. */
    private static int endOfString(String css, int start) {
        char q = css.charAt(start);
        int i = start + 1;
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            i++;
            if (c == q) break;
        }
        return Math.min(i, css.length());
    }

    /** The index just after the block that opens at {@code start} (its '{'), nested blocks, strings and comments skipped. */
    private static int endOfBlock(String css, int start) {
        int depth = 0;
        int i = start;
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '/' && i + 1 < css.length() && css.charAt(i + 1) == '*') {
                int end = css.indexOf("*/", i + 2);
                i = end < 0 ? css.length() : end + 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                i = endOfString(css, i);
                continue;
            }
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) return i + 1;
            i++;
        }
        throw new IllegalArgumentException("a block opened at " + start + " is not closed");
    }

    /** The selectors of a rule's selector list, split at commas outside parentheses, trimmed. */
    private static List<String> splitSelectors(String head) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(head.substring(from, i).trim());
                from = i + 1;
            }
        }
        out.add(head.substring(from).trim());
        return out;
    }
}
