package dev.mlpc.ui.history;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.proposals.PolicyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollback dialog's decisions without a window ({@link RollbackGate} over {@link VersionService#of}), on a real
 * config repository and the local PostgreSQL: without a policy a rollback is applied ("Roll back", destruction must be
 * allowed); under a policy that requires one approval it is proposed ("Propose rollback", no allow-destroy asked), the
 * proposal commit carries {@code Reverts:} and {@code Approval: required (1)}, and nothing runs live.
 */
class RollbackGateTest {
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private String db;
    private String owner;

    @BeforeEach
    void setUp() throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        wb.connections().save(List.of(PgTestSupport.profile("local-pg")));
        db = pg.database("mlpc_gate_rb");
        owner = pg.role("mlpc_gate_rbo");
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.deleteTree(home);
        pg.close();
    }

    private String yaml(int version) {
        return "stack: gate\ntarget: local-pg\nresources:\n"
                + "  - {type: postgres.role, name: " + owner + ", login: false}\n"
                + "  - {type: postgres.database, name: " + db + ", owner: " + owner + "}\n"
                + (version == 2 ? "  - {type: postgres.schema, name: extra, database: " + db + ", owner: " + owner + "}\n" : "");
    }

    private CommitInfo apply(int version) throws Exception {
        try (ConfigRepository repo = wb.repository()) {
            String y = yaml(version);
            Workbench.ApplyOutcome o = wb.apply(wb.parseStack("gate.yaml", y), y, wb.connections().require("local-pg"),
                    repo, false, "version " + version, Progress.NONE);
            assertThat(o.result().succeeded()).as(String.valueOf(o.result().failure())).isTrue();
            return o.commit();
        }
    }

    @Test
    void appliedWithoutAPolicyProposedUnderOne() throws Exception {
        CommitInfo v1 = apply(1);
        apply(2);
        VersionService versions = VersionService.of(() -> wb);
        ConnectionProfile local = wb.connections().require("local-pg");

        RollbackGate.Planned free = RollbackGate.plan(versions, "gate", v1.id(), local, Progress.NONE);
        assertThat(free.approvals()).isZero();
        assertThat(free.proposes()).isFalse();
        assertThat(free.actionText()).isEqualTo("_Roll back");
        assertThat(free.asksDestroy()).as("drops the schema").isTrue();
        assertThat(free.canAct(false)).isFalse();
        assertThat(free.canAct(true)).isTrue();
        assertThat(RollbackGate.notice(free)).isEmpty();

        PolicyFixture.requireOneApproval(wb, "gate");
        RollbackGate.Planned gated = RollbackGate.plan(versions, "gate", v1.id(), local, Progress.NONE);
        assertThat(gated.approvals()).isEqualTo(1);
        assertThat(gated.proposes()).isTrue();
        assertThat(gated.actionText()).isEqualTo("_Propose rollback");
        assertThat(gated.asksDestroy()).as("proposing runs nothing").isFalse();
        assertThat(gated.canAct(false)).isTrue();
        assertThat(RollbackGate.notice(gated)).isEqualTo("This rollback needs 1 approval under policy.yaml: it will be"
                + " proposed, not applied. Proposing runs nothing on local-pg; its destructive changes are allowed when"
                + " the approved proposal is applied (Proposals tab).");

        Workbench.Proposed out = versions.proposeRollback(gated.plan(), "", Progress.NONE);
        assertThat(out.required()).isEqualTo(1);
        try (ConfigRepository repo = wb.repository()) {
            CommitInfo head = repo.log(1).get(0);
            assertThat(head.id()).isEqualTo(out.commit().id());
            assertThat(head.trailer("Reverts")).isEqualTo(v1.id());
            assertThat(head.trailer("Approval")).isEqualTo("required (1)");
            assertThat(head.trailer("Applied")).isEqualTo("no");
            assertThat(head.subject()).isEqualTo(gated.plan().defaultMessage().lines().findFirst().orElseThrow());
            assertThat(repo.readStack("gate").orElseThrow()).isEqualTo(yaml(1));
        }
        assertThat(RollbackGate.proposed(out, gated.plan()))
                .isEqualTo("Proposed " + out.commit().shortId() + " (Reverts: " + v1.shortId() + ", Approval: required (1)):"
                        + " nothing was applied to local-pg. Another identity approves it in the Proposals tab"
                        + " (View → Proposals, Ctrl+Shift+P), then Apply it there with Allow destructive changes ticked;"
                        + " or: mlpc approve " + out.commit().shortId() + ", then mlpc apply --proposal "
                        + out.commit().shortId() + " --allow-destroy.");
        assertThat(PgTestSupport.column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'extra'"))
                .as("nothing applied live").containsExactly("extra");
    }
}
