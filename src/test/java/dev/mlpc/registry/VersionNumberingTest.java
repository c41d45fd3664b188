package dev.mlpc.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Version numbers under concurrency and deletion, on the real PostgreSQL. */
class VersionNumberingTest {
    @Test
    void sixteenWritersTimesAHundredRegistrationsGiveExactlyOneToSixteenHundred() throws Exception {
        try (RegistryFixture f = RegistryFixture.open(RegistryRules.DEFAULT_SCHEMA, true, 16)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int writer = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        mine.add(f.registry.register(Registration.of("race", "s3://bucket/race/" + writer + "/" + i)).version());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> fu : futures) all.addAll(fu.get());
            pool.shutdown();

            Collections.sort(all);
            assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 1600).boxed().toList());
            // what the database holds agrees: 1600 distinct numbers 1..1600, the counter at 1600, one event each
            assertThat(f.column("SELECT count(DISTINCT version) || ',' || min(version) || ',' || max(version)"
                    + " FROM model_registry.model_versions")).containsExactly("1600,1,1600");
            assertThat(f.registry.model("race").lastVersion()).isEqualTo(1600);
            assertThat(f.column("SELECT count(*) FROM model_registry.registry_events WHERE action = 'register_version'"))
                    .containsExactly("1600");
            // each writer saw its own numbers increase
            for (Future<List<Integer>> fu : futures) {
                List<Integer> mine = fu.get();
                assertThat(mine).isSorted();
            }
        }
    }

    @Test
    void numbersOfDeletedVersionsAreNeverReused() throws Exception {
        try (RegistryFixture f = RegistryFixture.open()) {
            ModelRegistry r = f.registry;
            for (int i = 1; i <= 3; i++) assertThat(r.register(Registration.of("churn", "s3://b/" + i)).version()).isEqualTo(i);
            r.deleteVersion("churn", 3);
            assertThat(r.register(Registration.of("churn", "s3://b/4")).version()).isEqualTo(4);
            r.deleteVersion("churn", 2);
            r.deleteVersion("churn", 4);
            assertThat(r.register(Registration.of("churn", "s3://b/5")).version()).isEqualTo(5);
            assertThat(r.versions("churn", 50, null).items().stream().map(ModelVersion::version)
                    .collect(Collectors.toList())).containsExactly(5, 1);
            // a registration that fails gives its number back (no gap): an archived model refuses, nothing is taken
            r.archiveModel("churn", true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.register(Registration.of("churn", "s3://b/x")))
                    .hasMessageContaining("is archived");
            r.archiveModel("churn", false);
            assertThat(r.register(Registration.of("churn", "s3://b/6")).version()).isEqualTo(6);
            // deleting the model and registering the name again starts a new model
            r.deleteModel("churn");
            assertThat(r.register(Registration.of("churn", "s3://b/new")).version()).isEqualTo(1);
        }
    }
}
