package dev.mlpc.app;

import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.TargetLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, item 4, for targets without a server-side lock (Snowflake, the clouds): the lock file in the config
 * repository's {@code .git/mlpc/locks}.
 */
class TargetLockFileTest {
    @TempDir Path tmp;

    static TargetLock.Request request(String stack, String run, long waitSeconds) {
        return new TargetLock.Request(TargetLockFile.Owner.current(), stack, run, Duration.ofSeconds(waitSeconds));
    }

    @Test
    void aSecondApplyRefusesNamingTheHolderAndItsAgeAndGetsTheLockOnceReleased() throws Exception {
        Path dir = tmp.resolve("locks");
        try (TargetLockFile first = TargetLockFile.acquire(dir, "snowflake:acme-xy12345", request("ml", "run-1", 0))) {
            Path file = dir.resolve(TargetLockFile.fileName("snowflake:acme-xy12345"));
            assertThat(Files.readString(file)).contains("\"owner\"").contains("\"run\" : \"run-1\"").contains("\"started\"");
            assertThatThrownBy(() -> TargetLockFile.acquire(dir, "snowflake:acme-xy12345", request("other", "run-2", 0)))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("another apply holds the apply lock of snowflake:acme-xy12345")
                    .hasMessageContaining(TargetLockFile.Owner.current() + ", stack ml, run run-1, held for ")
                    .hasMessageContaining("Nothing was run");
            // another target is another lock
            TargetLockFile.acquire(dir, "snowflake:other-account", request("x", "run-3", 0)).close();
        }
        TargetLockFile.acquire(dir, "snowflake:acme-xy12345", request("other", "run-2", 0)).close();
    }

    @Test
    void aWaitingApplyGetsTheLockWhenTheHolderFinishes() throws Exception {
        Path dir = tmp.resolve("locks");
        TargetLockFile first = TargetLockFile.acquire(dir, "sagemaker:eu-west-1", request("ml", "run-1", 0));
        java.util.List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.mlpc.core.provider.Progress seen = new dev.mlpc.core.provider.Progress() {
            @Override public void status(String message) { statuses.add(message); }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return false; }
        };
        CompletableFuture<TargetLockFile> second = CompletableFuture.supplyAsync(() -> {
            try {
                return TargetLockFile.acquire(dir, "sagemaker:eu-west-1", new TargetLock.Request(
                        TargetLockFile.Owner.current(), "ml", "run-2", Duration.ofSeconds(120), seen));
            } catch (ProviderException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(second).isNotDone();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (statuses.isEmpty() && System.nanoTime() < until) Thread.sleep(50);
        assertThat(statuses).singleElement().satisfies(m -> assertThat(m)
                .startsWith("waiting for the apply lock of sagemaker:eu-west-1 (")
                .contains(" held by " + TargetLockFile.Owner.current() + ", stack ml, run run-1, held for ")
                .endsWith(", up to 120 s"));
        first.close();
        try (TargetLockFile got = second.get(60, TimeUnit.SECONDS)) {
            assertThat(Files.readString(dir.resolve(TargetLockFile.fileName("sagemaker:eu-west-1")))).contains("run-2");
        }
        assertThat(dir.resolve(TargetLockFile.fileName("sagemaker:eu-west-1"))).doesNotExist();
    }

    @Test
    void aLockOfADeadProcessOrAnOldOneIsStaleAndTakenOver() throws Exception {
        Path dir = tmp.resolve("locks");
        Files.createDirectories(dir);
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path file = dir.resolve(TargetLockFile.fileName("snowflake:acme"));
        Files.writeString(file, "{\"target\":\"snowflake:acme\",\"owner\":\"x@" + TargetLockFile.Owner.host() + " pid "
                + gone.pid() + "\",\"host\":\"" + TargetLockFile.Owner.host() + "\",\"pid\":" + gone.pid()
                + ",\"stack\":\"ml\",\"run\":\"dead\",\"started\":\"" + Instant.now() + "\"}\n");
        try (TargetLockFile l = TargetLockFile.acquire(dir, "snowflake:acme", request("ml", "alive", 0))) {
            assertThat(Files.readString(file)).contains("alive");
        }
        // a lock of a process on another host cannot be checked by pid: it is stale only by its age
        Files.writeString(file, "{\"owner\":\"y@elsewhere pid 1\",\"host\":\"elsewhere\",\"pid\":1,\"stack\":\"ml\","
                + "\"run\":\"remote\",\"started\":\"" + Instant.now().minus(Duration.ofHours(13)) + "\"}\n");
        TargetLockFile.acquire(dir, "snowflake:acme", request("ml", "late", 0)).close();
        Files.writeString(file, "{\"owner\":\"y@elsewhere pid 1\",\"host\":\"elsewhere\",\"pid\":1,\"stack\":\"ml\","
                + "\"run\":\"remote\",\"started\":\"" + Instant.now().minus(Duration.ofMinutes(5)) + "\"}\n");
        assertThatThrownBy(() -> TargetLockFile.acquire(dir, "snowflake:acme", request("ml", "late", 0)))
                .hasMessageContaining("y@elsewhere pid 1, stack ml, run remote, held for 5 min");
    }
}
