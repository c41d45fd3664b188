package dev.mlpc.ui.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metric charts' axes: zero when it is close, else the range with its start said; single points inside. */
class ChartRangesTest {
    @Test
    void valuesNearZeroStartTheAxisAtZero() {
        ChartRanges.Range r = ChartRanges.values(List.of(0.1, 0.5, 0.9));
        assertThat(r.fromZero()).isTrue();
        assertThat(r.lower()).isZero();
        assertThat(r.upper()).isGreaterThan(0.9);
        assertThat(r.note()).isEmpty();
    }

    @Test
    void valuesFarFromZeroShowTheirRangeAndSaySo() {
        ChartRanges.Range r = ChartRanges.values(List.of(0.91, 0.95));
        assertThat(r.fromZero()).isFalse();
        assertThat(r.tick()).isCloseTo(0.01, within(1e-12));
        assertThat(r.lower()).isEqualTo(0.9);
        assertThat(r.upper()).isEqualTo(0.96);
        assertThat(r.note()).isEqualTo("Value axis from 0.9 (not zero) to 0.96");
    }

    @Test
    void aSingleValueGetsABandAroundIt() {
        ChartRanges.Range r = ChartRanges.values(List.of(0.8));
        assertThat(r.lower()).isLessThan(0.8);
        assertThat(r.upper()).isGreaterThan(0.8);
        ChartRanges.Range zero = ChartRanges.values(List.of(0.0));
        assertThat(zero.lower()).isZero();
        assertThat(zero.upper()).isEqualTo(1.0);
        ChartRanges.Range negative = ChartRanges.values(List.of(-3.0));
        assertThat(negative.lower()).isLessThan(-3.0);
        assertThat(negative.upper()).isGreaterThan(-3.0);
        assertThat(ChartRanges.values(List.of())).isNull();
    }

    @Test
    void negativeValuesSpanTheirRange() {
        ChartRanges.Range r = ChartRanges.values(List.of(-2.0, 4.0));
        assertThat(r.lower()).isLessThan(-2.0);
        assertThat(r.upper()).isGreaterThan(4.0);
    }

    @Test
    void stepsHaveBoundsOnTicksWithMarginSoSinglePointsSitInside() {
        ChartRanges.Range one = ChartRanges.steps(List.of(3));
        assertThat(one.lower()).isEqualTo(2);
        assertThat(one.upper()).isEqualTo(4);
        assertThat(one.tick()).isEqualTo(1);
        ChartRanges.Range versions = ChartRanges.steps(List.of(1, 2, 3));
        assertThat(versions.lower()).isEqualTo(0);
        assertThat(versions.upper()).isEqualTo(4);
        assertThat(versions.tick()).isEqualTo(1);
        ChartRanges.Range many = ChartRanges.steps(List.of(1, 1000));
        assertThat(many.lower()).isLessThan(1);
        assertThat(many.upper()).isGreaterThan(1000);
        assertThat(many.tick()).isEqualTo(200);
        assertThat(many.lower() % many.tick()).as("the ticks, drawn from the lower bound, are whole steps").isZero();
    }
}
