package dev.mlpc.core.plan;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.TestCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7: a comment holding terminal escapes (cursor up, erase line) printed after a drop would hide the drop
 * line on a terminal. The plan's text shows the escapes as {@code \u001b} and the drop line stays.
 */
class PlanTextEscapeTest {
    private static final String HIDE_PREVIOUS_LINE = "\u001b[1A\u001b[2K\r";

    private static final Renderer R = new Renderer() {
        @Override public List<Statement> create(Resource r) {
            return List.of(Statement.of("CREATE " + r.name() + " ENCODING '" + r.string("encoding") + "'"));
        }
        @Override public Rendered update(Resource r, ObservedResource o, Set<String> changed) {
            return new Rendered(List.of(Statement.of("ALTER " + r.name())), Safety.SAFE);
        }
        @Override public List<Statement> drop(Resource r, ObservedResource o) { return List.of(Statement.of("DROP " + r.name())); }
    };

    @Test
    void aHostileCommentCannotHideTheDropLine() {
        Stack previous = new Stack("s", "", List.of(Resource.of("t.db", "victim", Map.of())), "s.yaml");
        Stack now = new Stack("s", "", List.of(Resource.of("t.db", "z\u009b2Kname", Map.of("encoding", HIDE_PREVIOUS_LINE + "UTF8"))), "s.yaml");
        Inventory live = new Inventory(List.of(new ObservedResource(new ResourceKey("t.db", "victim"), Map.of())), false, 1);
        Plan p = new Differ(new TestCatalog()).diff(now, previous, live, R);
        String text = p.toText();
        assertThat(text).contains("- drop t.db victim").contains("    DROP victim\n")
                .contains("CREATE z\\u009b2Kname ENCODING '\\u001b[1A\\u001b[2K\\u000dUTF8'")
                .contains("+ create t.db z\\u009b2Kname");
        assertThat(text.codePoints().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f).count()).isZero();
        // the JSON (what is hashed) keeps the value; JSON escapes C0 itself
        assertThat(p.toJson()).contains("\\u001B[1A").doesNotContain("\u001b");
    }
}
