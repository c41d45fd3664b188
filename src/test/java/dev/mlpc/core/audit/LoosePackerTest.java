package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

class LoosePackerTest {
    @TempDir
    Path tmp;

    private static long looseObjects(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve(".git/objects"))) {
            return s.filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count();
        }
    }

    @Test
    void looseObjectsArePackedAndTheHistoryStaysIntact() throws Exception {
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            for (int i = 0; i < 30; i++) repo.commit(commit("s" + (i % 3), i, "commit " + i));
        }
        String before = git(dir, "rev-list", "HEAD");
        long loose = looseObjects(dir);
        assertThat(loose).isGreaterThan(100);
        try (Repository r = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build()) {
            assertThat(LoosePacker.pack(r)).isEqualTo((int) loose);
        }
        assertThat(looseObjects(dir)).isZero();
        assertThat(git(dir, "count-objects", "-v")).contains("in-pack: " + loose);
        assertThat(git(dir, "fsck", "--strict", "--no-dangling")).doesNotContain("error").doesNotContain("missing");
        assertThat(git(dir, "rev-list", "HEAD")).isEqualTo(before);
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            assertThat(repo.verify(AuditFixtures.REGEN).ok()).isTrue();
            repo.commit(commit("s0", 99, "after packing"));
            assertThat(repo.log(0)).hasSize(32);
        }
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
    }

    @Test
    void packingIsDueAboveGcAutoEstimatedFromOneFanOutDirectory() throws Exception {
        Path dir = tmp.resolve("repo");
        ConfigRepository.init(dir).close();
        Path fanOut = Files.createDirectories(dir.resolve(".git/objects/17"));
        for (int i = 0; i < 5; i++) Files.writeString(fanOut.resolve(String.format("%038x", i)), "x");
        long n;
        try (Stream<Path> s = Files.list(fanOut)) {
            n = s.count();
        }
        try (Repository r = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build()) {
            assertThat(LoosePacker.due(r)).isFalse(); // default gc.auto 6700: 27 per fan-out directory
            r.getConfig().setInt("gc", null, "auto", (int) (256 * n - 255)); // threshold n: not above it
            assertThat(LoosePacker.due(r)).isFalse();
            r.getConfig().setInt("gc", null, "auto", (int) (256 * (n - 1) - 255)); // threshold n - 1
            assertThat(LoosePacker.due(r)).isTrue();
            r.getConfig().setInt("gc", null, "auto", 0);
            assertThat(LoosePacker.due(r)).isFalse();
        }
    }
}
