package dev.mlpc.ui.shell;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.ui.LayoutAudit;
import dev.mlpc.ui.Theme;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import atlantafx.base.theme.Styles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's review of the console: menu texts that name objects keep their underscores; tool-bar and flat icon
 * buttons show their focus in both themes; a refused drop plan is recognised.
 */
class ConsoleReviewFixesTest {
    private Stage stage;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stage != null) fxRun(stage::close);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
    }

    @Test
    void aDisabledItemNamingAnObjectShowsItsUnderscores() {
        MenuItem ddl = fx(() -> TreeActions.item("_Show definition", "menu-show-ddl", Feather.CODE,
                "rv_train is a table, not a resource a stack manages", () -> { }));
        assertThat(ddl.isMnemonicParsing()).isFalse();
        assertThat(ddl.getText()).isEqualTo("Show definition (rv_train is a table, not a resource a stack manages)");
        MenuItem fixed = fx(() -> TreeActions.item("_Show definition", "menu-show-ddl", Feather.CODE, null, () -> { }));
        assertThat(fixed.isMnemonicParsing()).as("a fixed label keeps its mnemonic").isTrue();
        assertThat(TreeActions.withoutMnemonic("Plan a __drop _now")).isEqualTo("Plan a _drop now");

        // as shown: the menu's label renders the text with the underscore
        Button anchor = fx(() -> new Button("anchor"));
        stage = fx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new VBox(anchor), 400, 300));
            Theme.style(s.getScene());
            s.show();
            return s;
        });
        ContextMenu menu = fx(() -> {
            ContextMenu m = new ContextMenu(ddl);
            m.show(anchor, javafx.geometry.Side.BOTTOM, 0, 0);
            return m;
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = fx(() -> {
            List<String> out = new ArrayList<>();
            for (Node n : menu.getScene().getRoot().lookupAll(".label")) {
                if (n instanceof Label l) out.add(LayoutAudit.shownText(l));
            }
            menu.hide();
            return out;
        });
        assertThat(shown).contains("Show definition (rv_train is a table, not a resource a stack manages)");
    }

    @Test
    void toolBarAndFlatIconButtonsShowTheirFocusInBothThemes() {
        for (String theme : List.of("light", "dark")) {
            fxRun(() -> Theme.apply(theme));
            ObservableList<UiMessage> messages = FXCollections.observableArrayList(
                    UiMessage.of("m", UiMessage.Severity.ERROR, "Something failed", "details"));
            List<Button> buttons = new ArrayList<>();
            Stage s = fx(() -> {
                Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
                Button toggle = new Button(null, new FontIcon(Feather.MOON));
                toggle.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
                ToolBar bar = new ToolBar(refresh, toggle);
                MessageBar messageBar = new MessageBar(messages);
                Stage st = new Stage();
                st.setScene(new Scene(new VBox(bar, messageBar), 600, 300));
                Theme.style(st.getScene());
                st.show();
                buttons.add(refresh);
                buttons.add(toggle);
                buttons.add((Button) messageBar.lookup(".message-close"));
                return st;
            });
            try {
                for (Button b : buttons) {
                    int changed = fx(() -> {
                        s.getScene().getRoot().requestFocus();
                        s.getScene().getRoot().applyCss();
                        WritableImage plain = LayoutAudit.snapshot(b);
                        b.requestFocus();
                        s.getScene().getRoot().applyCss();
                        s.getScene().getRoot().layout();
                        WritableImage focused = LayoutAudit.snapshot(b);
                        return visiblyChanged(plain, focused);
                    });
                    assertThat(changed).as(theme + ": pixels visibly changed by the focus of " + LayoutAudit.describe(b)
                            + " (a ring needs dozens)").isGreaterThan(40);
                }
            } finally {
                fxRun(s::close);
            }
        }
    }

    /** Pixels whose colour differs by at least 48 in a channel (a ring, not an anti-aliasing shade). */
    private static int visiblyChanged(WritableImage a, WritableImage b) {
        int w = (int) Math.min(a.getWidth(), b.getWidth());
        int h = (int) Math.min(a.getHeight(), b.getHeight());
        int[] pa = new int[w * h];
        int[] pb = new int[w * h];
        a.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pa, 0, w);
        b.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pb, 0, w);
        int n = 0;
        for (int i = 0; i < pa.length; i++) {
            int d = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                d = Math.max(d, Math.abs(((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff)));
            }
            if (d >= 48) n++;
        }
        return n;
    }

    @Test
    void aDropPlanWithAnErrorFindingIsRefused() {
        Plan ok = new Plan("s", "postgres", List.of(), List.of(new PlanWarning("postgres.database", "mlreg", "impact", "affects", "warning")), false);
        assertThat(TreeActions.refusal(ok)).isNull();
        Plan refused = new Plan("s", "postgres", List.of(), List.of(new PlanWarning("postgres.database", "mlreg", "registry",
                "it holds the model registry", "error")), false);
        assertThat(TreeActions.refusal(refused)).contains("it holds the model registry").contains("[registry]");
    }
}
