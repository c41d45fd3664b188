package dev.mlpc.providers.postgres;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.testing.PgTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared plumbing for the PostgreSQL provider tests: registry, stack parsing, plans against the live server. */
final class PgKit {
    static final PostgresProvider PROVIDER = new PostgresProvider();
    static final ProviderRegistry REGISTRY = new ProviderRegistry(List.of(PROVIDER));
    static final Differ DIFFER = new Differ(REGISTRY);

    private PgKit() { }

    static Stack parse(String yaml) throws StackException {
        return new StackReader(REGISTRY).parse("stack.yaml", yaml);
    }

    static Plan offlinePlan(Stack stack) {
        return DIFFER.diff(stack, null, Inventory.nothing(), PROVIDER.renderer());
    }

    static ProviderSession connect(Map<String, String> secrets) throws ProviderException {
        return PROVIDER.connect(PgTestSupport.profile("test"), PgTestSupport.secrets(secrets), Duration.ofSeconds(60));
    }

    /** Reads what both stacks manage and diffs the desired one against it. */
    static Plan plan(ProviderSession session, Stack desired, Stack previous) throws ProviderException {
        return DIFFER.diff(desired, previous, read(session, desired, previous), PROVIDER.renderer());
    }

    static Inventory read(ProviderSession session, Stack desired, Stack previous) throws ProviderException {
        // as the Planner does: the desired definitions, then what only the previous stack names
        List<Resource> managed = new ArrayList<>(desired.resources());
        if (previous != null) {
            previous.resources().stream().filter(r -> desired.find(r.key()).isEmpty()).forEach(managed::add);
        }
        return session.read(managed, Progress.NONE);
    }

    /** A YAML scalar in double quotes, for hostile names. */
    static String yq(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
