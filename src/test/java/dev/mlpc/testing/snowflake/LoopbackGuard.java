package dev.mlpc.testing.snowflake;

import java.security.Permission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every outgoing connection and host lookup the JVM makes while installed, so a test can assert that the
 * Snowflake driver reached nothing but the loopback simulator (no cloud-metadata probe, no telemetry host, no OCSP
 * responder). It permits everything; it only watches. Java 17 still lets a test install a security manager at run
 * time; it prints a deprecation warning when it does.
 */
@SuppressWarnings("removal")
public final class LoopbackGuard extends SecurityManager implements AutoCloseable {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "0:0:0:0:0:0:0:1", "[::1]");

    private final SecurityManager previous;
    private final List<String> elsewhere = new CopyOnWriteArrayList<>();
    private final List<String> loopback = new CopyOnWriteArrayList<>();

    private LoopbackGuard(SecurityManager previous) {
        this.previous = previous;
    }

    public static LoopbackGuard install() {
        LoopbackGuard guard = new LoopbackGuard(System.getSecurityManager());
        System.setSecurityManager(guard);
        return guard;
    }

    /** host:port of every connection or lookup that was not loopback (port -1 for a name lookup). */
    public List<String> elsewhere() {
        return List.copyOf(elsewhere);
    }

    /** host:port of the loopback connections seen: proof the guard was watching. */
    public List<String> loopback() {
        return List.copyOf(loopback);
    }

    @Override
    public void checkConnect(String host, int port) {
        String target = host + ":" + port;
        if (LOOPBACK.contains(host) || host.startsWith("127.")) {
            loopback.add(target);
        } else {
            elsewhere.add(target);
        }
    }

    @Override
    public void checkConnect(String host, int port, Object context) {
        checkConnect(host, port);
    }

    @Override
    public void checkPermission(Permission perm) {
        // watch only
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // watch only
    }

    @Override
    public void close() {
        System.setSecurityManager(previous);
    }
}
