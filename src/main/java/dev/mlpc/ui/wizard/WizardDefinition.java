package dev.mlpc.ui.wizard;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Stack;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.scene.Node;

import java.util.List;
import java.util.function.Function;

/**
 * What one wizard supplies to the {@link WizardFrame}: its title, its steps (the connection step first, the review
 * step last) with their pages and validity, the stack and its YAML, the connection choice, the review options beyond
 * the frame's own ones, and an optional action after a successful apply. Everything else (navigation, the review
 * planned off the FX thread, commit then apply of exactly the reviewed plan, progress and cancel, the finish page, the
 * refusal with both plans) is the frame's. All methods are called on the FX thread; {@link AfterApply#run()} is the
 * only one called on the background executor.
 */
public interface WizardDefinition {

    /**
     * Work the wizard does after a successful apply (the PostgreSQL wizard installs the model registry). The frame
     * asks for it when Finish is pressed, so it captures the answers of that moment.
     */
    interface AfterApply {
        /** What the status line says while it runs, e.g. "Installing the model registry in db.schema…". */
        String running();

        /** Does the work (background executor) and returns the line that reports it. */
        String run() throws Exception;

        /** The line that reports a failure of {@link #run()} (no stack trace). */
        String failed(Throwable e);

        /** The line that says it did not run because the apply did not succeed. */
        String skipped();
    }

    /** The window title and the heading. */
    String title();

    /** The id of the scene's root node. */
    String rootId();

    /** The scene's initial width. */
    default double width() { return 900; }

    /** The scene's initial height. */
    default double height() { return 740; }

    /** The titles of the steps in order: the connection step first, the review step last (the frame adds "Finish"). */
    List<String> stepTitles();

    /** The id of a step's label in the step indicator; {@code step} may be the finish page's index. */
    default String stepId(int step) { return "step-" + step; }

    /**
     * Builds the page of a step before the review (index 0 is the connection page: put
     * {@link WizardFrame#connectionPicker()} on it). Called once per step when the window is first shown.
     */
    Node buildPage(int step);

    /** The id of the control that gets the focus when the step (not the connection, review or finish) is shown. */
    String firstField(int step);

    /** Whether a step's answers are valid: Next is enabled only then. The review step's is {@link #allValid()}. */
    ObservableBooleanValue valid(int step);

    /** Whether all answers, the commit message included, are valid: Finish needs it. */
    ObservableBooleanValue allValid();

    /** True when the answers that make the stack are acceptable, so a plan can be computed. */
    boolean stackReady();

    /** The stack the answers describe. */
    Stack stack();

    /** That stack as YAML (what is committed). */
    String yaml();

    /** True once an answer was changed (closing then asks before discarding). */
    ObservableBooleanValue dirty();

    /** The connection chosen, or null for offline. */
    ObjectProperty<ConnectionProfile> connection();

    /** The connection type the wizard's stacks are for (only those profiles are offered). */
    String connectionType();

    /** What follows a profile's name in the connection list, or null. */
    Function<ConnectionProfile, String> connectionDetail();

    /** Select the first profile when the profiles arrive and the user has not chosen yet. */
    default boolean preferFirstConnection() { return false; }

    /** The profiles were read (for the model's own list). */
    default void connectionsLoaded(List<ConnectionProfile> profiles) { }

    /** The provider's name for messages ("PostgreSQL", "Snowflake"). */
    String systemName();

    /** The commit message. */
    ValidatedText commitMessage();

    /** The review step's messages (the commit message's own problem is shown at its field, not here). */
    ObservableList<String> reviewMessages();

    /** "Apply after commit". */
    BooleanProperty applyAfterCommit();

    /** "Allow destructive changes". */
    BooleanProperty allowDestroy();

    /**
     * When the live plan cannot be computed: true shows why and falls back to the offline plan (apply then stays
     * disabled), false shows the failure and no plan.
     */
    default boolean offlineWhenLiveFails() { return false; }

    /** The end of the status line when the plan has no changes. */
    default String noChanges() { return "no changes."; }

    /** The title of the review tab with the generated document (SQL, or the request documents). */
    default String generatedTabTitle() { return "Generated SQL"; }

    /** Options of the review page shown between "apply after commit" and "allow destructive changes". */
    default List<Node> reviewOptions() { return List.of(); }

    /** Called when a new plan starts (e.g. to reset answers that depend on the plan). */
    default void planStarting() { }

    /** The action after a successful apply to {@code connection}, or null for none (asked when Finish is pressed). */
    default AfterApply afterApply(ConnectionProfile connection) { return null; }

    /** The status line after a successful apply that ran {@code ran} statements. */
    default String appliedStatus(long ran) {
        return "Applied: " + ran + " statement" + (ran == 1 ? "" : "s") + " ran.";
    }
}
