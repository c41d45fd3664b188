package dev.mlpc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.HistoryAnchor;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.testing.fakeui.FakeUiProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 review, item 3: every live node action run (here the fake provider's widget actions, the stand-in for Data
 * Share's Synchronize now / Cancel synchronization) leaves an audit record — a commit {@code Record: node-action} with
 * its journal below {@code journal/_actions/} — that {@code verify} accepts; a request refused before anything ran
 * leaves none.
 */
class NodeActionRecordTest {
    @TempDir Path home;

    private final FakeUiProvider fake = new FakeUiProvider();
    private final ConnectionProfile live = new ConnectionProfile("fake-live", FakeUiProvider.ID,
            Map.of("endpoint", FakeUiProvider.LIVE_ENDPOINT));

    private Workbench wb() {
        List<ProviderModule> modules = new ArrayList<>(Modules.standard());
        modules.add(FakeUiProvider.module(fake));
        return new Workbench(new AppHome(home), Modules.registry(modules), Map.of(), Workbench.DEFAULT_TIMEOUT);
    }

    private LiveNode widget(Workbench wb) throws ProviderException {
        try (ProviderSession s = wb.openSession(live)) {
            return s.children(null, Progress.NONE).get(0);
        }
    }

    private static JsonNode journal(ConfigRepository repo, CommitInfo c) throws Exception {
        String path = c.files().stream().filter(f -> f.startsWith("journal/_actions/")).findFirst().orElseThrow();
        try (Git git = Git.open(repo.directory().toFile()); RevWalk rw = new RevWalk(git.getRepository())) {
            var tree = rw.parseCommit(ObjectId.fromString(c.id())).getTree();
            try (TreeWalk tw = TreeWalk.forPath(git.getRepository(), path, tree)) {
                return new ObjectMapper().readTree(new String(git.getRepository().open(tw.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void eachRunIsCommittedWithItsJournalAndVerifies() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        assertThat(wb.runNodeAction(live, w1, "restart", "Hard", false, Progress.NONE).succeeded()).isTrue();
        assertThat(wb.runNodeAction(live, w1, "wipe", null, true, Progress.NONE).succeeded()).isFalse();
        try (ConfigRepository repo = wb.repository()) {
            List<CommitInfo> log = repo.log(2);
            CommitInfo wipe = log.get(0), restart = log.get(1);
            assertThat(restart.trailer("Record")).isEqualTo("node-action");
            assertThat(restart.trailer("Applied")).isEqualTo("yes");
            assertThat(restart.trailer("Run")).isNotBlank();
            assertThat(restart.trailer("Journal-Sha256")).hasSize(64);
            assertThat(restart.trailer("Record-Sha256")).hasSize(64);
            assertThat(restart.subject()).isEqualTo("Run Restart widget on widget w1 in fake-live (Hard): succeeded");
            JsonNode j = journal(repo, restart);
            assertThat(j.path("record").asText()).isEqualTo("node-action");
            assertThat(j.path("who").asText()).isEqualTo(TargetLockFile.Owner.current());
            assertThat(j.path("connection").asText()).isEqualTo("fake-live");
            assertThat(j.path("node").path("path").asText()).isEqualTo(w1.path());
            assertThat(j.path("action").asText()).isEqualTo("restart");
            assertThat(j.path("choice").asText()).isEqualTo("Hard");
            assertThat(j.path("outcome").asText()).isEqualTo("succeeded");
            assertThat(j.path("run").asText()).isEqualTo(restart.trailer("Run"));
            assertThat(j.path("started").asText()).isNotBlank();
            assertThat(j.path("details").path("mode").asText()).isEqualTo("Hard");

            assertThat(wipe.trailer("Applied")).isEqualTo("failed");
            JsonNode w = journal(repo, wipe);
            assertThat(w.path("outcome").asText()).isEqualTo("failed");
            assertThat(w.path("details").path("error").asText()).isEqualTo("WidgetBusy: try again later");
            assertThat(w.path("choice").isNull()).isTrue();

            assertThat(repo.verify(wb::regenerate, HistoryAnchor.NONE).problems()).isEmpty();
        }
    }

    @Test
    void aRefusedRequestRunsNothingAndRecordsNothing() throws Exception {
        Workbench wb = wb();
        LiveNode w1 = widget(wb);
        assertThatThrownBy(() -> wb.runNodeAction(live, w1, "wipe", null, false, Progress.NONE))
                .isInstanceOf(ProviderException.class);
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.log(10)).noneMatch(c -> c.trailer("Record") != null);
        }
    }

    @Test
    void verifyNamesARecordWhoseAppliedIsNotItsJournalsOutcome() throws Exception {
        Workbench wb = wb();
        try (ConfigRepository repo = wb.repository()) {
            repo.commitRecord("node-action", "journal/_actions/x.json",
                    "{\"record\":\"node-action\",\"run\":\"r1\",\"outcome\":\"failed\"}\n", "yes", "r1", "Run x", wb.author());
            assertThat(repo.verify(wb::regenerate, HistoryAnchor.NONE).problems())
                    .anySatisfy(p -> assertThat(p).contains("Applied: yes but journal journal/_actions/x.json records outcome failed"));
            assertThatThrownBy(() -> repo.commitRecord("node-action", "journal/ml/x.json", "{}", "yes", "r2", "Run x", wb.author()))
                    .hasMessageContaining("must be journal/_<kind>/<name>.json");
        }
    }
}
