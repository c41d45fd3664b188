package dev.mlpc.testing.snowflake;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JUnit extension for a test class that drives the real snowflake-jdbc driver: quiets the driver's INFO logging and
 * installs a {@link LoopbackGuard} for the class; afterwards the guard must have seen the driver's loopback
 * connections and nothing else (no metadata probe, no DNS lookup of a cloud host). Use with
 * {@code @ExtendWith(OnlyLoopback.class)}.
 */
public final class OnlyLoopback implements BeforeAllCallback, AfterAllCallback {
    /** Held so that the level sticks (loggers are weakly referenced). */
    private static final Logger DRIVER_LOG = Logger.getLogger("net.snowflake");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OnlyLoopback.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        DRIVER_LOG.setLevel(Level.WARNING);
        context.getStore(NS).put("guard", LoopbackGuard.install());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LoopbackGuard guard = context.getStore(NS).remove("guard", LoopbackGuard.class);
        guard.close();
        assertThat(guard.loopback()).as("the guard saw the driver's connections").isNotEmpty();
        assertThat(guard.elsewhere()).as("connections or lookups other than loopback").isEmpty();
    }
}
