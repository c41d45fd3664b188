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

import java.util.List;

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

    private static final String FIT = CellTips.class.getName() + ".fit";
    private static final String FIT_CELLS = CellTips.class.getName() + ".fitCells";
    private static final String FIT_FONT = CellTips.class.getName() + ".fitFont";
    /** Rows measured by {@link #fitColumns}: enough for a page, never the whole of a long list. */
    static final int FIT_ROWS = 500;

    /**
     * Sizes the columns of a constrained table to their content whenever its items or width change (review 2: a
     * column is never cut while another has room to spare). Each column needs its widest text (header and the first
     * {@link #FIT_ROWS} rows, as its cell value factory gives them) plus the cell padding; when the table holds every
     * need, each column gets it (the last one takes what is left); when not, the narrow ones get theirs and the rest
     * share the remaining width equally (cut text keeps its tooltip). Widths are set as minimum and preferred width, so
     * the table's constrained resize policy keeps them. Returns the table.
     */
    public static <S> TableView<S> fitColumns(TableView<S> table) {
        if (table.getProperties().containsKey(FIT)) return table;
        Runnable schedule = () -> {
            if (table.getProperties().put(FIT, Boolean.TRUE) != Boolean.TRUE) {
                javafx.application.Platform.runLater(() -> {
                    table.getProperties().put(FIT, Boolean.FALSE);
                    fitNow(table);
                });
            }
        };
        table.getProperties().put(FIT, Boolean.FALSE);
        table.itemsProperty().addListener((o, a, b) -> schedule.run());
        javafx.beans.value.ChangeListener<Object> any = (o, a, b) -> schedule.run();
        table.widthProperty().addListener(any);
        table.getItems().addListener((ListChangeListener<S>) c -> schedule.run());
        table.itemsProperty().addListener((o, a, b) -> {
            if (b != null) b.addListener((ListChangeListener<S>) c -> schedule.run());
        });
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) c -> schedule.run());
        // until the rows' cells exist, widths are measured in the default font: measure again with the cells' own
        // and again when the cells' font changes (a cell looked up before its style sheet applied has the default one)
        table.needsLayoutProperty().addListener((o, was, now) -> {
            if (now) return;
            if (!Boolean.TRUE.equals(table.getProperties().get(FIT_CELLS))) {
                schedule.run();
            } else if (table.lookup(".table-row-cell .table-cell") instanceof Labeled l && l.getFont() != null
                    && !l.getFont().equals(table.getProperties().get(FIT_FONT))) {
                schedule.run();
            }
        });
        schedule.run();
        return table;
    }

    /** One pass of {@link #fitColumns}: the widths for the table's current items and width. */
    static <S> void fitNow(TableView<S> table) {
        List<TableColumn<S, ?>> cols = table.getVisibleLeafColumns();
        if (cols.isEmpty() || table.getWidth() <= 0) return;
        javafx.scene.text.Font font = javafx.scene.text.Font.getDefault();
        double pad = 18;
        Node cell = table.lookup(".table-row-cell .table-cell");
        if (cell instanceof Labeled l && l.getFont() != null) {
            font = l.getFont();
            pad = Math.max(pad, l.snappedLeftInset() + l.snappedRightInset() + 8);
            table.getProperties().put(FIT_CELLS, Boolean.TRUE);
            table.getProperties().put(FIT_FONT, l.getFont());
        }
        Text probe = new Text();
        probe.setFont(font);
        // measured as the cells draw their text: the smoothing type changes glyph advances (LCD vs grey)
        if (cell instanceof Labeled l) {
            for (Node c : l.getChildrenUnmodifiable()) {
                if (c instanceof Text t) {
                    probe.setFontSmoothingType(t.getFontSmoothingType());
                    break;
                }
            }
        }
        double[] need = new double[cols.size()];
        List<S> items = table.getItems() == null ? List.of() : table.getItems();
        int rows = Math.min(items.size(), FIT_ROWS);
        for (int i = 0; i < cols.size(); i++) {
            TableColumn<S, ?> col = cols.get(i);
            double w = textWidth(probe, col.getText()) + pad + 12; // the header: its title and sort arrow
            for (int r = 0; r < rows; r++) {
                Object v = col.getCellData(items.get(r));
                if (v != null) w = Math.max(w, textWidth(probe, String.valueOf(v)) + pad);
            }
            need[i] = Math.ceil(w);
        }
        double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - scrollBar(table) - 1;
        double[] give = share(need, room);
        // every need fits: the last column takes what is left, so no empty filler column shows beside it (review 3)
        double total = 0;
        for (double g : give) total += g;
        if (total < room) give[give.length - 1] += Math.floor(room - total);
        for (int i = 0; i < cols.size(); i++) {
            TableColumn<S, ?> col = cols.get(i);
            col.setMinWidth(Math.min(give[i], need[i]));
            col.setPrefWidth(give[i]);
        }
    }

    /** The width the table's vertical scroll bar takes: 0 while it is hidden (no empty filler where none shows). */
    private static double scrollBar(TableView<?> table) {
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (n instanceof javafx.scene.control.ScrollBar b && b.getOrientation() == javafx.geometry.Orientation.VERTICAL
                    && b.getParent() != null && b.getParent().getStyleClass().contains("virtual-flow")) {
                return b.isVisible() ? Math.max(b.getWidth(), b.prefWidth(-1)) : 0;
            }
        }
        return 16; // not laid out yet: leave room for one
    }

    /**
     * Widths for columns that need {@code need} in {@code room}: every need when they all fit; otherwise the
     * smallest needs first: a short one (at most {@link #SHORT}) gets its need while each column after it keeps
     * {@link #LONG_MIN}, any other at most an equal share of what is left.
     */
    static double[] share(double[] need, double room) {
        double[] give = need.clone();
        double total = 0;
        for (double n : need) total += n;
        if (total <= room) return give;
        Integer[] order = new Integer[need.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> need[i]));
        double left = Math.max(0, room);
        int count = need.length;
        for (int i : order) {
            double fair = Math.floor(left / count);
            // a short text (a date, a user, a state) is never cut while the longer columns keep a useful width
            double keep = (count - 1) * LONG_MIN;
            double give0 = need[i] <= SHORT && need[i] <= left - keep ? need[i] : Math.min(need[i], fair);
            give[i] = Math.max(24, give0);
            left -= give[i];
            count--;
        }
        return give;
    }

    /** A column needing at most this is "short": {@link #share} gives it its need first. */
    static final double SHORT = 240;
    /** What {@link #share} keeps for each longer column while it gives the short ones their need. */
    static final double LONG_MIN = 90;

    private static double textWidth(Text probe, String text) {
        if (text == null || text.isEmpty()) return 0;
        probe.setText(text);
        return probe.getLayoutBounds().getWidth();
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
