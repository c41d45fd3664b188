package dev.mlpc.ui.tree;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's live tree on a SageMaker connection (the simulator, through the real AWS SDK): the domains with their
 * status, and "Open in browser" on a domain sending its Studio URL to the desktop's browser.
 */
@ExtendWith(OnlyLoopback.class)
class LiveTreeSageMakerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SageMakerSimulator sim;
    private Path home;
    private ConsoleApp app;

    private Workbench workbench() {
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        env.put("SM_KEY_ID", "AKIDEXAMPLETREE");
        env.put("SM_SECRET", "tree-test-secret-key");
        return new Workbench(new AppHome(home), Workbench.standardProviders(), env, Duration.ofSeconds(20));
    }

    @BeforeEach
    void setUp() throws Exception {
        sim = SageMakerSimulator.start();
        home = UiTestKit.tempHome();
        workbench().connections().save(List.of(new ConnectionProfile("ml-aws", "sagemaker", Map.of(
                "region", sim.region(), "credentials", "static", "access_key_id", "${env:SM_KEY_ID}",
                "secret_access_key", "${env:SM_SECRET}", "endpoint_url", sim.endpoint().toString()))));
        app = UiTestKit.openConsole(this::workbench);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        if (sim != null) sim.close();
    }

    @Test
    void aDomainOpensItsStudioUrlInTheBrowser() {
        String id = sim.seedDomain("ml-governance");
        String url = sim.domain(id).get("Url").asText();
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        List<String> opened = new CopyOnWriteArrayList<>();
        fxRun(() -> w.treeActions().setBrowser(opened::add));
        LiveTreeModel model = w.treePane().model();
        waitForFx("the connection row", WAIT, () -> UiTestKit.child(model.root(), "ml-aws") != null);
        LiveTreeItem conn = (LiveTreeItem) fx(() -> UiTestKit.child(model.root(), "ml-aws"));
        fxRun(() -> conn.setExpanded(true));
        waitForFx("the domains", WAIT, () -> conn.state() == LiveTreeItem.State.LOADED && !conn.getChildren().isEmpty());
        TreeItem<TreeEntry> domain = fx(() -> conn.getChildren().stream()
                .filter(c -> c.getValue().label().startsWith("ml-governance")).findFirst().orElseThrow());
        assertThat(fx(() -> domain.getValue().node().details().get("status"))).isEqualTo("InService");

        List<MenuItem> items = fx(() -> w.treeActions().items(domain));
        MenuItem open = items.stream().filter(i -> "menu-open-browser".equals(i.getId())).findFirst().orElseThrow();
        assertThat(open.isDisable()).isFalse();
        fxRun(open::fire);
        assertThat(opened).containsExactly(url);

        // a connection row names no web address: no such item
        assertThat(fx(() -> w.treeActions().items(conn)).stream().map(MenuItem::getId)).doesNotContain("menu-open-browser");
    }
}
