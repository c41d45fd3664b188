package dev.mlpc.providers.snowflake;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the live Snowflake tests that plan and apply stacks through the workbench: a fresh {@link LiveKit}
 * (simulator, catalog, home) and config repository per test, only loopback traffic, and no unexpected simulator
 * failures at the end.
 */
@ExtendWith(OnlyLoopback.class)
abstract class LiveRepoTest {
    protected LiveKit kit;
    protected ConfigRepository repo;

    @BeforeEach
    void startKit() throws Exception {
        kit = new LiveKit();
        repo = ConfigRepository.init(kit.home.resolve("repo"));
    }

    @AfterEach
    void stopKit() throws Exception {
        assertThat(kit.sim.failures()).as("simulator failures").isEmpty();
        repo.close();
        kit.close();
    }

    protected Workbench.ApplyOutcome apply(String yaml, boolean allowDestroy) throws Exception {
        return kit.workbench.apply(kit.parse(yaml), yaml, kit.profile(), repo, allowDestroy, null, Progress.NONE);
    }

    protected Plan plan(String yaml) throws Exception {
        return kit.workbench.plan(kit.parse(yaml), kit.profile(), repo, Progress.NONE);
    }

    /** The plan's actionable changes as {@code ACTION type name}. */
    protected static List<String> summary(Plan p) {
        return p.actionable().stream().map(c -> c.action() + " " + c.type() + " " + c.name()).toList();
    }
}
