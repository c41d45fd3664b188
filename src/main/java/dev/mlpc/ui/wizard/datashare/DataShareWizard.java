package dev.mlpc.ui.wizard.datashare;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.wizard.ConnectionPicker;
import dev.mlpc.ui.wizard.Forms;
import dev.mlpc.ui.wizard.snowflake.SfWizard;
import dev.mlpc.ui.wizard.snowflake.SfWizardModel;
import javafx.scene.Node;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import static dev.mlpc.ui.wizard.datashare.DataSharePages.tooltip;

/**
 * What both Data Share wizards share on top of {@link SfWizard}: the {@code datashare} connection type, how a profile is
 * described (its subscription), the generated tab ("Requests") and the connection page (connection, stack name,
 * description and a line on what is committed).
 */
abstract class DataShareWizard<M extends SfWizardModel> extends SfWizard<M> {

    protected DataShareWizard(Workbench wb, ExecutorService executor, M model, String title, String rootId) {
        super(wb, executor, model, title, rootId);
    }

    @Override protected String connectionType() { return DataShareModel.CONNECTION_TYPE; }

    @Override
    protected Function<ConnectionProfile, String> connectionDetail() {
        return p -> p.setting("subscription_id") == null ? null : "subscription " + p.setting("subscription_id");
    }

    @Override protected String systemName() { return "Azure Data Share"; }
    @Override protected String generatedTabTitle() { return "Requests"; }
    @Override protected String appliedUnit() { return "request"; }

    /** The connection page: {@code heading}, the connection hint, the three fields and {@code committed} as a hint. */
    protected Node connectionPage(String heading, String committed) {
        VBox v = page(heading, connectionHint());
        GridPane g = Forms.grid();
        ConnectionPicker picker = frame().connectionPicker();
        g.add(Forms.label("C_onnection", picker.box()), 0, 0);
        g.add(picker.field(), 1, 0);
        text(g, 1, "_Stack name", "stackName", model.stackName(), model.stackName().initial())
                .setTooltip(tooltip("The stack's name: the file stacks/<name>.yaml in the config repository."));
        text(g, 2, "_Description", "description", model.description(), "what this stack is for")
                .setTooltip(tooltip("What this stack is for (one line)."));
        v.getChildren().addAll(g,
                Forms.hint("The stack is committed as stacks/<stack name>.yaml, its request documents under"
                        + " generated/datashare/. " + committed),
                Forms.messageList("connectionProblems", model.stackProblems(0)));
        return v;
    }
}
