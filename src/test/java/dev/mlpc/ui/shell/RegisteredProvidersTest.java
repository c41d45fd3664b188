package dev.mlpc.ui.shell;

import dev.mlpc.Modules;
import dev.mlpc.ProviderModule;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.testing.fakeui.FakeUiProvider;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that lives only in the tests ({@link FakeUiProvider}) is passed to the console with its wizard, and the
 * console offers it everywhere without a change under {@code dev.mlpc.ui}: File → New lists it after the standard
 * wizards with its accelerator and opens its window; Settings → Add offers its type, and its form shows the described
 * fields with their captions and mnemonics, checks them, and refuses a typed secret.
 */
class RegisteredProvidersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FxRobot robot = new FxRobot();
    private Path home;
    private ConsoleApp app;
    private Workbench wb;

    @BeforeEach
    void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        home = UiTestKit.tempHome();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        fxRun(() -> Theme.apply("light"));
        UiTestKit.deleteTree(home);
    }

    private MainWindow start() throws Exception {
        List<ProviderModule> modules = new ArrayList<>(Modules.standard());
        modules.add(FakeUiProvider.module());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLPC_HOME", home.toString());
        wb = new Workbench(new AppHome(home), Modules.registry(modules), env, Duration.ofSeconds(10));
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(() -> wb, modules));
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing());
        MainWindow w = app.mainWindow();
        waitForFx("the workbench", WAIT, () -> w.model().workbenchProperty().get() != null);
        return w;
    }

    private static Stage showing(String title) {
        return Window.getWindows().stream().filter(win -> win instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                .map(win -> (Stage) win).findFirst().orElse(null);
    }

    private static List<MenuItem> newMenu(MainWindow w) {
        MenuBar bar = (MenuBar) w.stage().getScene().lookup("#menu-bar");
        Menu file = bar.getMenus().get(0);
        return file.getItems().stream().filter(i -> "menu-new".equals(i.getId())).map(i -> ((Menu) i).getItems())
                .findFirst().orElseThrow();
    }

    @Test
    void theNewMenuListsEveryRegisteredWizardWithItsAcceleratorAndOpensTheFakeOne() throws Exception {
        MainWindow w = start();
        List<String> rows = fx(() -> newMenu(w).stream()
                .map(i -> i.getId() + " | " + i.getText() + " | " + (i.getAccelerator() == null ? "-" : i.getAccelerator().getName())
                        + " | " + i.isDisable())
                .toList());
        assertThat(rows).containsExactly(
                "menu-new-postgres-backend | _PostgreSQL model-management backend… | Shortcut+N | false",
                "menu-new-snowflake-federated-ml | _Snowflake federated-ML environment… | Shift+Shortcut+S | false",
                "menu-new-snowflake-mlflow | _MLflow on Snowflake… | Shift+Shortcut+M | false",
                "menu-new-sagemaker-governance-domain | SageMaker _governance domain… | Shift+Shortcut+G | false",
                "menu-new-fake-thing | _Fake API thing… | Shift+Shortcut+F | false");
        assertThat(fx(w::wizardIds)).containsExactly("postgres-backend", "snowflake-federated-ml", "snowflake-mlflow",
                "sagemaker-governance-domain", "fake-thing");

        // the fake wizard's accelerator opens the window its registration makes
        robot.clickOn("#live-tree");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F).release(KeyCode.F, KeyCode.SHIFT, KeyCode.CONTROL);
        waitForFx("the fake wizard from Ctrl+Shift+F", WAIT, () -> showing(FakeUiProvider.WIZARD_TITLE) != null);
        Stage first = fx(() -> showing(FakeUiProvider.WIZARD_TITLE));
        assertThat(fx(() -> first.getOwner())).isSameAs(w.stage());
        // one window per wizard while it is open
        fxRun(() -> newMenu(w).get(3).fire());
        assertThat(fx(() -> Window.getWindows().stream()
                .filter(win -> win instanceof Stage s && FakeUiProvider.WIZARD_TITLE.equals(s.getTitle())).count())).isEqualTo(1L);
        fxRun(first::close);
    }

    @Test
    void aRegistrationMustMatchItsDescription() {
        FakeUiProvider fake = new FakeUiProvider();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProviderModule(fake, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wizard fake-thing has no launcher");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProviderModule(fake, Map.of("fake-thing", (w, e) -> null,
                        "other", (w, e) -> null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("launcher other names no described wizard");
        List<ProviderModule> twice = List.of(FakeUiProvider.module(), FakeUiProvider.module());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Modules.registry(twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provider fakeapi is registered twice");
    }

    @SuppressWarnings("unchecked")
    @Test
    void settingsAddOffersTheFakeTypeAndItsFormIsBuiltFromItsDescription() throws Exception {
        MainWindow w = start();
        fxRun(w::openSettings);
        waitForFx("the settings dialog", WAIT, () -> showing("Settings") != null);
        Stage settings = fx(() -> showing("Settings"));
        waitForFx("connections loaded", WAIT, () -> !robot.lookup("#connection-add").queryButton().isDisabled());
        robot.clickOn("#connection-add");
        ComboBox<?> type = robot.lookup("#conn-type").queryComboBox();
        assertThat(fx(() -> type.getItems().stream().map(String::valueOf).toList())).containsExactly("postgres", "snowflake", "sagemaker", "datashare", FakeUiProvider.ID);
        robot.clickOn("#conn-type");
        robot.clickOn("Fake API");
        waitForFx("the fake form", WAIT, () -> robot.lookup("#conn-endpoint").tryQuery().isPresent());

        // the described fields, with their captions (mnemonics) and nothing of another provider
        assertThat(fx(() -> captionOf(settings, "conn-endpoint"))).isEqualTo("_Endpoint");
        assertThat(fx(() -> captionOf(settings, "conn-region"))).isEqualTo("Re_gion");
        assertThat(fx(() -> captionOf(settings, "conn-api-key"))).isEqualTo("API _key");
        assertThat(robot.lookup("#conn-url").tryQuery()).isEmpty();
        assertThat(robot.lookup("#conn-user").tryQuery()).isEmpty();
        assertThat(fx(() -> robot.lookup("#conn-region").queryComboBox().getValue())).as("the described default").isEqualTo("eu-west");
        assertThat(fx(() -> ((ComboBox<String>) (ComboBox<?>) robot.lookup("#conn-region").queryComboBox()).getConverter()
                .toString("us-east"))).isEqualTo("us-east (America)");
        assertThat(fx(() -> robot.lookup("#conn-endpoint").queryAs(TextField.class).getPromptText())).isEqualTo("https://api.example.test");
        assertThat(label("#endpoint-error")).isEqualTo("required: the API's base URL");

        // keyboard: Alt+G (Re_gion) moves the focus to the region choice
        robot.clickOn("#conn-name");
        robot.press(KeyCode.ALT, KeyCode.G).release(KeyCode.G, KeyCode.ALT);
        waitForFx("focus on the region", WAIT, () -> robot.lookup("#conn-region").query().isFocused());

        // the provider's own check, placed on its field
        replaceText("#conn-name", "fake-one");
        replaceText("#conn-endpoint", "http://api.example.test");
        waitForFx("the provider's message", WAIT, () -> label("#endpoint-error").equals("must start with https://"));
        replaceText("#conn-endpoint", "https://api.example.test");
        waitForFx("endpoint ok", WAIT, () -> label("#endpoint-error").isEmpty());

        // the secret refuses a plain value: flagged inline, offered to the keychain, never saved as typed
        robot.clickOn("#conn-api-key").write("plain-api-key-42");
        waitForFx("the raw key flagged", WAIT, () -> label("#api-key-error").startsWith("a key is never saved as typed"));
        assertThat(fx(() -> robot.lookup("#conn-store-keychain").query().isVisible())).isTrue();
        robot.clickOn("#settings-save");
        waitForFx("the keychain question", WAIT, () -> robot.lookup("#store-password-dialog").tryQuery().isPresent());
        DialogPane ask = robot.lookup("#store-password-dialog").queryAs(DialogPane.class);
        assertThat(fx(ask::getContentText)).contains("${keychain:mlpc/fake-one}");
        robot.clickOn((Node) fx(() -> ask.lookupButton(ask.getButtonTypes().stream()
                .filter(b -> b.getText().equals("Store in keychain")).findFirst().orElseThrow())));
        waitForFx("saved and closed", WAIT, () -> !settings.isShowing());
        String file = Files.readString(home.resolve("connections.yaml"));
        assertThat(file).contains("type: " + FakeUiProvider.ID).doesNotContain("plain-api-key-42");
        assertThat(wb.connections().load()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(FakeUiProvider.ID);
            assertThat(p.settings()).containsEntry("endpoint", "https://api.example.test").containsEntry("region", "eu-west")
                    .containsEntry("api_key", "${keychain:mlpc/fake-one}");
        });
        assertThat(wb.secrets().resolve(SecretRef.parse("${keychain:mlpc/fake-one}").orElseThrow())).isEqualTo("plain-api-key-42");
    }

    private String label(String query) {
        return fx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private void replaceText(String query, String text) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(f);
        fxRun(() -> f.setText(text));
    }

    /** The text of the caption label whose mnemonic target is the node with this id. */
    private static String captionOf(Stage stage, String id) {
        Node target = stage.getScene().lookup("#" + id);
        return labels(stage.getScene().getRoot()).stream().filter(l -> l.getLabelFor() == target).map(Label::getText)
                .findFirst().orElse(null);
    }

    private static List<Label> labels(Parent p) {
        List<Label> out = new ArrayList<>();
        for (Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof Label l) out.add(l);
            if (n instanceof Parent q) out.addAll(labels(q));
        }
        return out;
    }
}
