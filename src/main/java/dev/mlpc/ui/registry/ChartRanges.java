package dev.mlpc.ui.registry;

import java.util.Collection;

/**
 * The axis bounds of the registry browser's metric charts, computed instead of JavaFX's auto-ranging (which, for one
 * point or equal values, puts the point on the plot's edge where its symbol is cut, and whose value axis neither starts
 * at zero nor says where it starts). No JavaFX here: tested without a window.
 *
 * <ul>
 *   <li><b>Values:</b> the axis starts at zero when every value is at least zero and the smallest is no more than a
 *       quarter of the largest (zero is close: the bars of the story are their heights); otherwise it spans the values
 *       with 10 % of their spread on each side, rounded out to ticks, and {@link Range#fromZero()} is false: the chart's caption says where
 *       it starts ({@link Range#note()}). Equal values get a band of 5 % of their size (1 for zero) on each side.</li>
 *   <li><b>Steps and versions:</b> whole ticks, bounds on ticks at least half a unit beyond the first and last
 *       points, so they (and a single one) sit inside the plot with their symbols whole.</li>
 * </ul>
 */
public final class ChartRanges {
    private ChartRanges() { }

    /** Axis bounds, the distance between ticks, and whether the axis starts at zero. */
    public record Range(double lower, double upper, double tick, boolean fromZero) {
        /** What the chart's caption says of a value axis that does not start at zero; empty when it does. */
        public String note() {
            return fromZero ? "" : "Value axis from " + RegistryBrowserModel.number(lower) + " (not zero) to "
                    + RegistryBrowserModel.number(upper);
        }
    }

    /** The value axis for these values; null when there are none. */
    public static Range values(Collection<? extends Number> values) {
        if (values == null || values.isEmpty()) return null;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Number n : values) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) continue;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        if (min > max) return null;
        if (min >= 0 && max > 0 && min <= max / 4) {
            double upper = max + (max - 0) * 0.05;
            double tick = tick(upper);
            return new Range(0, Math.ceil(upper / tick) * tick, tick, true);
        }
        double pad = max > min ? (max - min) * 0.10 : (min == 0 ? 1 : Math.abs(min) * 0.05);
        double lower = min - pad;
        double upper = max + pad;
        if (min >= 0 && lower < 0) lower = 0; // never below zero for values that cannot be
        double tick = tick(upper - lower);
        // bounds on ticks: JavaFX draws the ticks from the lower bound, so they read 0.82, 0.84 … not 0.829, 0.849 …
        lower = round(Math.floor(lower / tick) * tick, tick);
        upper = round(Math.ceil(upper / tick) * tick, tick);
        if (min >= 0 && lower < 0) lower = 0;
        return new Range(lower, upper, tick, lower == 0);
    }

    /**
     * The step (or version) axis for these x values: whole ticks, the bounds on ticks (JavaFX draws ticks from the
     * lower bound, so bounds between ticks would put the labels on fractions), widened by at least half a unit so the
     * first and last points are inside the plot: a single point at x gets x-1 .. x+1.
     */
    public static Range steps(Collection<? extends Number> xs) {
        if (xs == null || xs.isEmpty()) return null;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Number n : xs) {
            min = Math.min(min, n.doubleValue());
            max = Math.max(max, n.doubleValue());
        }
        double span = max - min;
        double margin = Math.max(0.5, span * 0.02);
        double tick = Math.max(1, Math.ceil(tick(span == 0 ? 1 : span)));
        double lower = Math.floor((min - margin) / tick) * tick;
        double upper = Math.ceil((max + margin) / tick) * tick;
        return new Range(lower, upper, tick, false);
    }

    /** {@code v} without the binary noise of a multiple of {@code tick} (0.8200000000000001 → 0.82). */
    private static double round(double v, double tick) {
        int digits = Math.max(0, (int) -Math.floor(Math.log10(tick)) + 1);
        return new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** A tick distance of 1, 2 or 5 times a power of ten that gives about five to ten ticks over {@code span}. */
    static double tick(double span) {
        if (!(span > 0)) return 1;
        double raw = span / 6;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
        return nice * p;
    }
}
