package dev.mlpc.ui.wizard;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the refusal page lists as differing between the reviewed plan and the live plan. */
class WizardFrameDifferencesTest {
    private static Change change(Action a, String type, String name, Object... statements) {
        return new Change(a, new ResourceKey(type, name), Safety.SAFE,
                java.util.Arrays.stream(statements).map(Statement::of).toList(), Set.of(), "");
    }

    private static Plan plan(Change... changes) {
        return new Plan("s", "postgres", List.of(changes), List.of(), false);
    }

    @Test
    void listsOnlyTheResourcesWhoseChangesDifferWithBothSides() {
        Plan reviewed = plan(change(Action.CREATE, "postgres.database", "db", "CREATE DATABASE \"db\""),
                change(Action.CREATE, "postgres.role", "writer", "CREATE ROLE \"writer\" LOGIN"));
        Plan live = plan(change(Action.CREATE, "postgres.database", "db", "CREATE DATABASE \"db\""),
                change(Action.UPDATE, "postgres.role", "writer", "ALTER ROLE \"writer\" LOGIN"),
                change(Action.CREATE, "postgres.role", "reader", "CREATE ROLE \"reader\""));
        List<String> d = WizardFrame.differences(reviewed, live);
        String text = String.join("\n", d);
        assertThat(text).doesNotContain("CREATE DATABASE");
        assertThat(d.get(0)).isEqualTo("postgres.role writer");
        assertThat(d.get(1)).startsWith("  reviewed: + create").contains("CREATE ROLE \"writer\" LOGIN");
        assertThat(d.get(2)).startsWith("  live now: ~ update").contains("ALTER ROLE \"writer\" LOGIN");
        assertThat(d.get(3)).isEqualTo("postgres.role reader");
        assertThat(d.get(4)).isEqualTo("  reviewed: no change");
        assertThat(d.get(5)).startsWith("  live now: + create");
        assertThat(d).hasSize(6);
    }

    @Test
    void requestDocumentsAreComparedByTheirText() {
        Plan reviewed = plan(change(Action.CREATE, "fake.thing", "a", Map.of("Name", "a", "Size", 1)));
        Plan same = plan(change(Action.CREATE, "fake.thing", "a", Map.of("Name", "a", "Size", 1)));
        Plan noop = plan(change(Action.NOOP, "fake.thing", "a"));
        assertThat(WizardFrame.differences(reviewed, same)).isEmpty();
        assertThat(WizardFrame.differences(reviewed, noop)).containsExactly("fake.thing a",
                "  reviewed: + create\n            {\"Name\":\"a\",\"Size\":1}",
                "  live now: no change");
    }
}
