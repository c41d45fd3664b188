package dev.mlpc.ui.stacks;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.iac.IacFormat;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Export as IaC…" without a window: the export runs through the executor and its results arrive on the UI thread; it writes the
 * files of the chosen format into the folder, and says what it wrote and what has no equivalent; an empty folder is
 * refused with a message naming the field.
 */
class IacExportModelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Path home;
    private Workbench wb;

    @BeforeEach
    void setUp() throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
    }

    @AfterEach
    void tearDown() {
        UiTestKit.deleteTree(home);
    }

    static Stack stack(Workbench wb, String provider) throws Exception {
        try (InputStream in = IacExportModelTest.class.getResourceAsStream("/iac/stacks/" + provider + ".yaml")) {
            return wb.parseStack(provider + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void exportsOnTheBackgroundAndReportsWhatHasNoEquivalent() throws Exception {
        try (UiTestKit.UiThread ui = new UiTestKit.UiThread(); UiExecutor executor = UiExecutor.withUiThread(ui.executor())) {
            IacExportModel m = new IacExportModel(stack(wb, "datashare"), executor);
            Path out = home.resolve("exported");
            Thread[] worker = new Thread[1];
            ui.call(() -> {
                m.formatProperty().set(IacFormat.TERRAFORM_JSON);
                m.directoryProperty().set(out.toString());
                m.runningProperty().addListener((o, a, b) -> worker[0] = Thread.currentThread());
                m.export();
                return null;
            });
            UiTestKit.waitFor("the export", WAIT, () -> ui.call(() -> m.outcomeProperty().get() != null && !m.runningProperty().get()));
            assertThat(worker[0].getName()).isEqualTo("test-ui");
            assertThat(Files.readString(out.resolve("main.tf.json"))).contains("azurerm_data_share");
            String message = ui.call(() -> m.messageProperty().get());
            assertThat(message).startsWith("Wrote 1 file to " + out + ": main.tf.json.")
                    .contains("datashare.invitation hospital-b: the whole resource");
            assertThat(ui.call(() -> m.errorProperty().get())).isEmpty();
        }
    }

    @Test
    void anEmptyFolderIsRefusedNamingTheField() throws Exception {
        try (UiTestKit.UiThread ui = new UiTestKit.UiThread(); UiExecutor executor = UiExecutor.withUiThread(ui.executor())) {
            IacExportModel m = new IacExportModel(stack(wb, "postgres"), executor);
            ui.call(() -> {
                m.directoryProperty().set("  ");
                m.export();
                return null;
            });
            assertThat(ui.call(() -> m.errorProperty().get())).isEqualTo("Folder: choose the folder to write the files into");
            assertThat(ui.call(() -> m.runningProperty().get())).isFalse();
            ui.call(() -> {
                m.suggestDirectory(home);
                return null;
            });
            assertThat(ui.call(() -> m.directoryProperty().get())).isEqualTo(home.resolve("iac-postgres-pulumi").toString());
        }
    }

    @Test
    void theSuggestedFolderFollowsTheFormatUntilTheUserTypesOne() throws Exception {
        try (UiTestKit.UiThread ui = new UiTestKit.UiThread(); UiExecutor executor = UiExecutor.withUiThread(ui.executor())) {
            IacExportModel m = new IacExportModel(stack(wb, "postgres"), executor);
            String dir = ui.call(() -> {
                m.suggestDirectory(home);
                m.formatProperty().set(dev.mlpc.iac.IacFormat.TERRAFORM_JSON);
                return m.directoryProperty().get();
            });
            assertThat(dir).isEqualTo(home.resolve("iac-postgres-terraform").toString());
            dir = ui.call(() -> {
                m.formatProperty().set(dev.mlpc.iac.IacFormat.PULUMI_PYTHON);
                return m.directoryProperty().get();
            });
            assertThat(dir).isEqualTo(home.resolve("iac-postgres-pulumi").toString());
            Path mine = home.resolve("my-own-folder");
            dir = ui.call(() -> {
                m.directoryProperty().set(mine.toString());
                m.formatProperty().set(dev.mlpc.iac.IacFormat.TERRAFORM_JSON);
                return m.directoryProperty().get();
            });
            assertThat(dir).isEqualTo(mine.toString());
        }
    }
}
