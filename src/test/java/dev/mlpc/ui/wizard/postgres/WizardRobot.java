package dev.mlpc.ui.wizard.postgres;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the wizard tests (PostgreSQL and Snowflake) do with the robot: look controls up by id, replace a field's text by typing, wait. */
public final class WizardRobot {
    private final FxRobot robot;

    public WizardRobot(FxRobot robot) {
        this.robot = robot;
    }

    public <T extends Node> T node(String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    public Button button(String id) {
        return robot.lookup(id).queryButton();
    }

    public String text(String id) {
        Node n = robot.lookup(id).query();
        if (n instanceof Label l) return l.getText();
        if (n instanceof TextInputControl t) return t.getText();
        throw new IllegalArgumentException(id + " is a " + n.getClass().getSimpleName());
    }

    public boolean visible(String id) {
        return robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    /** Selects the field's text and types the replacement (nothing typed for an empty replacement). */
    public void type(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        if (text.isEmpty()) {
            robot.push(KeyCode.BACK_SPACE);
        } else {
            robot.write(text);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(node(id, TextInputControl.class).getText()).as("text of %s after typing", id).isEqualTo(text);
    }

    public void click(String id) {
        assertThat(button(id).isDisabled()).as("%s is enabled", id).isFalse();
        robot.clickOn(id);
        WaitForAsyncUtils.waitForFxEvents();
    }

    public void clickBox(String id) {
        robot.clickOn(id);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits for a condition; on timeout fails with {@code what} (evaluated then, so it can show the state). */
    public void waitUntil(Supplier<String> what, long seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what.get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the review page's plan is computed (Finish enabled) and returns the plan text. */
    public String waitForPlan() {
        waitUntil(() -> "the plan (status: " + text("#planStatus") + ")", 30, () -> !button("#finish").isDisabled());
        return text("#planText");
    }

    public FxRobot robot() { return robot; }
}
