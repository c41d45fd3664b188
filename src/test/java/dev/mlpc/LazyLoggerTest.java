package dev.mlpc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class LazyLoggerTest {
    @Test
    void theRealLoggerIsMadeOnFirstUseAndGetsTheRecords() {
        System.Logger lazy = LazyLogger.of(LazyLoggerTest.class);
        assertThat(((LazyLogger) lazy).created()).isFalse();
        assertThat(lazy.getName()).isEqualTo(LazyLoggerTest.class.getName());
        assertThat(((LazyLogger) lazy).created()).as("the name needs no logger").isFalse();

        List<LogRecord> seen = new ArrayList<>();
        Logger jul = Logger.getLogger(LazyLoggerTest.class.getName());
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { seen.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        try {
            lazy.log(System.Logger.Level.WARNING, "drift of {0} failed", "pg");
            lazy.log(System.Logger.Level.ERROR, "boom", new IllegalStateException("x"));
            assertThat(((LazyLogger) lazy).created()).isTrue();
            assertThat(lazy.isLoggable(System.Logger.Level.WARNING)).isTrue();
            assertThat(seen).extracting(LogRecord::getLevel).containsExactly(java.util.logging.Level.WARNING, java.util.logging.Level.SEVERE);
            assertThat(seen.get(0).getMessage()).isEqualTo("drift of {0} failed");
            assertThat(seen.get(0).getParameters()).containsExactly("pg");
            assertThat(seen.get(1).getThrown()).hasMessage("x");
        } finally {
            jul.removeHandler(h);
        }
    }
}
