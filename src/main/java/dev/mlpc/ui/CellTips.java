package dev.mlpc.ui;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import javafx.util.Callback;

/**
 * Table cells that show their whole text as a tooltip when the column is too narrow for it (issue 14, part 8: every
 * table's columns size to their content or have tooltips). {@link #install(TableView)} wraps the cell factory of each
 * column, present and added later; a wrapped cell looks at what its skin displays after each layout and, when that is
 * cut to the ellipsis, sets a tooltip with the full text (and takes it away when the text fits again). A tooltip the
 * cell's own factory set is left alone. A column whose header title is cut gets the minimum width that holds it.
 */
public final class CellTips {
    private static final String WRAPPED = CellTips.class.getName() + ".wrapped";
    private static final String OWN = CellTips.class.getName() + ".tooltip";

    private CellTips() { }

    /** Wraps every column's cell factory of {@code table}, including columns added later and nested columns. */
    public static <S> TableView<S> install(TableView<S> table) {
        table.getColumns().forEach(CellTips::wrap);
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) c -> {
            while (c.next()) c.getAddedSubList().forEach(CellTips::wrap);
        });
        table.needsLayoutProperty().addListener((o, was, now) -> {
            if (!now) widenCutHeaders(table);
        });
        return table;
    }

    /**
     * A column whose header shows its title cut gets a minimum width that holds the title (headers have no tooltip):
     * the title's width in the header's font plus the header's insets, as laid out.
     */
    private static void widenCutHeaders(TableView<?> table) {
        Node headerRow = table.lookup(".column-header-background"); // the skin's header row: not the rows' cells
        if (headerRow == null) return;
        for (Node n : headerRow.lookupAll(".column-header")) {
            if (!(n instanceof javafx.scene.control.skin.TableColumnHeader h) || h.getTableColumn() == null) continue;
            Node label = h.lookup(".label");
            if (!(label instanceof Labeled l) || l.getText() == null || !isCut(l, l.getText())) continue;
            double need = Math.ceil(l.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset() + 2);
            if (h.getTableColumn().getMinWidth() < need) h.getTableColumn().setMinWidth(need);
        }
    }

    private static <S, T> void wrap(TableColumn<S, T> column) {
        column.getColumns().forEach(CellTips::wrap);
        if (column.getProperties().containsKey(WRAPPED)) return;
        column.getProperties().put(WRAPPED, Boolean.TRUE);
        wrapFactory(column, column.getCellFactory());
        column.cellFactoryProperty().addListener((o, was, now) -> {
            if (now != null && !(now instanceof Wrapped)) wrapFactory(column, now);
        });
    }

    private static <S, T> void wrapFactory(TableColumn<S, T> column, Callback<TableColumn<S, T>, TableCell<S, T>> f) {
        if (f == null || f instanceof Wrapped) return;
        column.setCellFactory(new WrappedFactory<>(f));
    }

    private interface Wrapped { }

    private record WrappedFactory<S, T>(Callback<TableColumn<S, T>, TableCell<S, T>> inner)
            implements Callback<TableColumn<S, T>, TableCell<S, T>>, Wrapped {
        @Override
        public TableCell<S, T> call(TableColumn<S, T> column) {
            return track(inner.call(column));
        }
    }

    /** Makes {@code cell} show its full text as a tooltip whenever its skin cuts it; returns the cell. */
    public static <C extends Labeled> C track(C cell) {
        cell.needsLayoutProperty().addListener((o, was, now) -> {
            if (!now) update(cell);
        });
        cell.textProperty().addListener((o, was, now) -> update(cell));
        return cell;
    }

    private static void update(Labeled cell) {
        String text = cell.getText();
        Tooltip own = (Tooltip) cell.getProperties().get(OWN);
        boolean cut = text != null && !text.isEmpty() && isCut(cell, text);
        if (cut) {
            if (cell.getTooltip() != null && cell.getTooltip() != own) return; // the factory's own tooltip
            if (own == null) {
                own = new Tooltip();
                own.setWrapText(true);
                own.setMaxWidth(640);
                cell.getProperties().put(OWN, own);
            }
            own.setText(text);
            if (cell.getTooltip() != own) cell.setTooltip(own);
        } else if (own != null && cell.getTooltip() == own) {
            cell.setTooltip(null);
        }
    }

    private static boolean isCut(Labeled cell, String text) {
        String ellipsis = cell.getEllipsisString();
        if (ellipsis == null || ellipsis.isEmpty() || text.endsWith(ellipsis)) return false;
        for (Node c : cell.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getStyleClass().contains("text")) {
                return t.getText() != null && t.getText().endsWith(ellipsis);
            }
        }
        return false;
    }
}
