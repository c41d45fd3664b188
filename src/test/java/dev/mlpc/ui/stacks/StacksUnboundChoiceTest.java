package dev.mlpc.ui.stacks;

import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.app.Workbench;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Unbound stacks against": the list offers "none: not checked" and the connections; the choice is kept by the view
 * model and survives the refreshes that Plan, Apply and Export cause (the box never goes blank, the drift of the
 * unbound stack never falls back to "not checked").
 */
@ExtendWith(ApplicationExtension.class)
class StacksUnboundChoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final PgTestSupport pg = new PgTestSupport();
    private Stage own;
    private StacksView view;
    private StacksViewModel model;
    private UiExecutor executor;
    private Path home;

    @Start
    void start(Stage primary) throws Exception {
        String db = pg.database("mlpc_unbound");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        home = UiTestKit.tempHome();
        Workbench wb = UiTestKit.workbench(home);
        wb.connections().save(List.of(PgTestSupport.profile("local-pg"), PgTestSupport.profile("other-pg")));
        DriftPostgresFixture.commit(wb, """
                stack: loose
                resources:
                  - type: postgres.schema
                    name: fresh
                    database: %s
                """.formatted(db));
        executor = UiExecutor.create();
        StackCatalog catalog = new StackCatalog(wb);
        model = new StacksViewModel(() -> catalog, executor);
        view = new StacksView(model, executor.background(), null, null);
        own = new Stage();
        own.setScene(new Scene(view, 1000, 500));
        own.show();
    }

    @AfterEach
    void close() throws Exception {
        org.testfx.api.FxToolkit.setupFixture(() -> own.close());
        executor.close();
        UiTestKit.deleteTree(home);
        pg.close();
    }

    private StackDrift.Kind drift() {
        StackRow r = model.row("loose");
        return r == null ? null : r.drift().kind();
    }

    private boolean idle() {
        return !model.loadingProperty().get() && !model.checkingProperty().get();
    }

    @Test
    void theChoiceSurvivesRefreshesAndNoneIsOffered(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ComboBox<String> box = fx(() -> (ComboBox<String>) robot.lookup("#stacks-unbound").query());
        robot.interact(() -> model.refresh(true));
        waitForFx("the stacks and the connections", WAIT, () -> idle() && model.row("loose") != null
                && model.connectionNames().size() == 2);
        assertThat(fx(() -> List.copyOf(box.getItems()))).containsExactly(StacksView.NONE, "local-pg", "other-pg");
        assertThat(fx(box::getValue)).isEqualTo(StacksView.NONE);
        assertThat(fx(this::drift)).isEqualTo(StackDrift.Kind.NOT_CHECKED);

        // chosen in the box: the model keeps it and the unbound stack is checked against it
        robot.interact(() -> box.setValue("local-pg"));
        assertThat(fx(() -> model.unboundConnectionProperty().get())).isEqualTo("local-pg");
        waitForFx("the drift against local-pg", WAIT, () -> idle() && drift() == StackDrift.Kind.CHANGES);

        // what Plan, Apply and Export do afterwards: read the stacks and the connections again, then the drift
        for (int i = 0; i < 2; i++) {
            robot.interact(() -> model.refresh(true));
            waitForFx("the refresh", WAIT, () -> idle() && drift() != StackDrift.Kind.CHECKING);
            assertThat(fx(box::getValue)).isEqualTo("local-pg");
            assertThat(fx(() -> model.unboundConnectionProperty().get())).isEqualTo("local-pg");
            assertThat(fx(this::drift)).isEqualTo(StackDrift.Kind.CHANGES);
            assertThat(fx(() -> List.copyOf(box.getItems()))).containsExactly(StacksView.NONE, "local-pg", "other-pg");
        }

        // "none: not checked" is a choice like the others
        robot.interact(() -> box.setValue(StacksView.NONE));
        assertThat(fx(() -> model.unboundConnectionProperty().get())).isNull();
        waitForFx("not checked again", WAIT, () -> idle() && drift() == StackDrift.Kind.NOT_CHECKED);
        robot.interact(() -> model.refresh(true));
        waitForFx("the refresh", WAIT, this::idle);
        assertThat(fx(box::getValue)).isEqualTo(StacksView.NONE);
    }
}
