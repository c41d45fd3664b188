package dev.mlpc.ui;

import javafx.css.CssParser;
import javafx.css.Rule;
import javafx.css.Selector;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThemeTrimTest {
    @Test
    void aSelectorIsUnusedWhenItNamesAClassOfAControlTheConsoleNeverCreates() {
        assertThat(ThemeTrim.unused(".date-picker > .arrow-button")).isTrue();
        assertThat(ThemeTrim.unused(".table-view .split-menu-button:hover")).isTrue();
        assertThat(ThemeTrim.unused(".html-editor-bold")).isTrue();
        assertThat(ThemeTrim.unused(".button:hover")).isFalse();
        // the indeterminate progress indicator's own part is called "spinner", like the Spinner control: kept
        assertThat(ThemeTrim.unused(".progress-indicator:indeterminate > .spinner")).isFalse();
        assertThat(ThemeTrim.unused(".date-picker-like")).as("another class with the name as prefix").isFalse();
        assertThat(ThemeTrim.unused("#slider")).as("an id, not a class").isFalse();
    }

    @Test
    void trimmingKeepsEveryOtherRuleAndAtRuleAndDropsComments() {
        String css = """
                /* a comment with { braces } and .slider */
                .root { -color-accent: #0969da; }
                .button, .slider .thumb,
                .pagination { -fx-padding: 1; }
                .slider { -fx-padding: 2; }
                @font-face { font-family: 'X'; src: url("a{b}.ttf"); }
                .label { -fx-font-family: "Brace { Sans"; }
                """;
        String out = ThemeTrim.trim(css);
        assertThat(out).doesNotContain("comment").doesNotContain(".slider").doesNotContain(".pagination")
                .contains(".root { -color-accent: #0969da; }")
                .contains(".button { -fx-padding: 1; }")
                .contains("@font-face { font-family: 'X'; src: url(\"a{b}.ttf\"); }")
                .contains(".label { -fx-font-family: \"Brace { Sans\"; }");
        Stylesheet parsed = new CssParser().parse(out);
        assertThat(parsed.getRules()).hasSize(3);
    }

    @Test
    void theBuiltThemesHoldEveryUsedSelectorOfAtlantaFxAndNoOther() throws IOException {
        for (String[] pair : new String[][] {{"/atlantafx/base/theme/primer-light.css", Theme.LIGHT},
                {"/atlantafx/base/theme/primer-dark.css", Theme.DARK}}) {
            Stylesheet original;
            try (InputStream in = ThemeTrimTest.class.getResourceAsStream(pair[0])) {
                original = new CssParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Stylesheet trimmed = Stylesheet.loadBinary(ThemeTrimTest.class.getResource(pair[1]));
            assertThat(trimmed).as(pair[1] + " built by the process-classes step").isNotNull();
            List<String> expected = selectors(original).stream().filter(s -> !ThemeTrim.unused(s)).toList();
            List<String> actual = selectors(trimmed);
            assertThat(actual).as(pair[1]).containsExactlyElementsOf(expected);
            assertThat(actual.size()).as("a third of the selectors go").isLessThan(selectors(original).size() * 3 / 4);
            assertThat(declarations(trimmed)).as("the declarations of the kept rules")
                    .isEqualTo(declarations(original, true));
        }
    }

    private static List<String> selectors(Stylesheet s) {
        List<String> out = new ArrayList<>();
        for (Rule r : s.getRules()) for (Selector sel : r.getSelectors()) out.add(sel.toString());
        return out;
    }

    private static int declarations(Stylesheet s) {
        return declarations(s, false);
    }

    /** The declarations of the rules with a selector left (all rules when {@code onlyKept} is false). */
    private static int declarations(Stylesheet s, boolean onlyKept) {
        int n = 0;
        for (Rule r : s.getRules()) {
            boolean kept = !onlyKept || r.getSelectors().stream().anyMatch(sel -> !ThemeTrim.unused(sel.toString()));
            if (kept) n += r.getDeclarations().size();
        }
        return n;
    }
}
