package dev.mlpc.ui.lineage;

import dev.mlpc.lineage.LineageEdge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keyboard navigation over a laid-out map, without JavaFX: Right follows an edge downstream, Left an edge upstream
 * (the neighbour nearest the current node's height first), Up and Down move to the nearest node above or below in the
 * same column (the layer).
 */
public final class LineageNavigation {
    public enum Move { DOWNSTREAM, UPSTREAM, UP, DOWN }

    private LineageNavigation() { }

    /** The node the focus moves to from {@code from}, or {@code from} itself when there is none that way. */
    public static String move(LineageLayout.Result layout, String from, Move move) {
        LineageLayout.Box cur = layout.box(from);
        if (cur == null) return layout.root();
        List<LineageLayout.Box> candidates = new ArrayList<>();
        switch (move) {
            case DOWNSTREAM, UPSTREAM -> {
                for (LineageLayout.Route r : layout.routes()) {
                    LineageEdge e = r.edge();
                    String other = move == Move.DOWNSTREAM ? (e.from().equals(from) ? e.to() : null)
                            : (e.to().equals(from) ? e.from() : null);
                    if (other != null && !other.equals(from)) candidates.add(layout.box(other));
                }
                return candidates.stream()
                        .min(Comparator.comparingDouble((LineageLayout.Box b) -> Math.abs(b.centerY() - cur.centerY()))
                                .thenComparingDouble(b -> Math.abs(b.centerX() - cur.centerX())))
                        .map(LineageLayout.Box::id).orElse(from);
            }
            default -> {
                boolean up = move == Move.UP;
                for (LineageLayout.Box b : layout.boxes()) {
                    if (b == cur) continue;
                    boolean sameColumn = b.x() < cur.x() + cur.width() && cur.x() < b.x() + b.width();
                    if (!sameColumn) continue;
                    if (up ? b.centerY() < cur.centerY() : b.centerY() > cur.centerY()) candidates.add(b);
                }
                return candidates.stream().min(Comparator.comparingDouble(b -> Math.abs(b.centerY() - cur.centerY())))
                        .map(LineageLayout.Box::id).orElse(from);
            }
        }
    }
}
