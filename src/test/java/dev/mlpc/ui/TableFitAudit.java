package dev.mlpc.ui;

import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a table with data shows every cell whole (review 3: a column cut while another had room) and leaves no
 * empty filler column beside the last one. Runs on the FX thread, over the table as last laid out by the pulse.
 */
public final class TableFitAudit {
    private TableFitAudit() { }

    /** "column: 'text' shown as 'shown'" for each visible cell of {@code table} cut to an ellipsis (tooltip or not). */
    public static List<String> cutCells(TableView<?> table) {
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".table-cell")) {
            if (!(n instanceof TableCell<?, ?> c) || !c.isVisible() || c.getText() == null || c.getText().isEmpty()) continue;
            String shown = LayoutAudit.shownText(c);
            if (shown != null && !shown.equals(c.getText())) {
                out.add((c.getTableColumn() == null ? "?" : c.getTableColumn().getText()) + ": '" + c.getText()
                        + "' shown as '" + shown + "'");
            }
        }
        return out;
    }

    /** The width of the header's filler: the empty column right of the last one (0 when the columns fill the table). */
    public static double filler(TableView<?> table) {
        Node f = table.lookup(".column-header-background .filler");
        return f == null || !f.isVisible() ? 0 : f.getLayoutBounds().getWidth();
    }
}
