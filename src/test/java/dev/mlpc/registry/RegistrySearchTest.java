package dev.mlpc.registry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search and listings against a brute-force filter over random data kept in memory while it was written: every
 * filter combination, every page size, all pages collected through the cursors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrySearchTest {
    private static final String[] STEMS = {"churn", "Churn-EU", "churn_us", "fraud", "Fraud.v2", "forecast", "rank",
            "ranker", "RANKING", "embed", "x", "x1", "xgb-baseline"};
    private static final String[] TEAMS = {"alpha", "beta", "gamma"};
    private static final String[] ENVS = {"dev", "prod"};

    /** What was written: one row per live version. */
    record Truth(String model, boolean archived, int version, Map<String, String> tags, String stage, String status,
                 List<String> aliases) {
        String key() { return model + "#" + version; }
    }

    private RegistryFixture f;
    private final List<Truth> truth = new ArrayList<>();
    private final Map<String, Map<String, String>> modelTags = new TreeMap<>();
    private final Map<String, Boolean> archived = new HashMap<>();
    private final Random random = new Random(20261123L);

    @BeforeAll
    void seed() throws Exception {
        f = RegistryFixture.open();
        ModelRegistry r = f.registry;
        for (String stem : STEMS) {
            Map<String, String> mt = new LinkedHashMap<>();
            if (random.nextBoolean()) mt.put("team", TEAMS[random.nextInt(TEAMS.length)]);
            if (random.nextInt(3) == 0) mt.put("domain", random.nextBoolean() ? "risk" : "growth");
            r.createModel(stem, "model " + stem, "owner-" + random.nextInt(3), mt);
            modelTags.put(stem, mt);
            int n = random.nextInt(14);
            Map<Integer, Truth> versions = new TreeMap<>();
            for (int i = 1; i <= n; i++) {
                Map<String, String> tags = new LinkedHashMap<>();
                if (random.nextInt(4) > 0) tags.put("team", TEAMS[random.nextInt(TEAMS.length)]);
                if (random.nextBoolean()) tags.put("env", ENVS[random.nextInt(ENVS.length)]);
                if (random.nextInt(3) == 0) tags.put("ds", "d" + random.nextInt(4));
                String status = RegistryRules.STATUSES.get(random.nextInt(3));
                ModelVersion v = r.register(new Registration(stem, "s3://b/" + stem + "/" + i, null, null, null, null,
                        status, null, tags, List.of()));
                assertThat(v.version()).isEqualTo(i);
                String stage = RegistryRules.STAGES.get(random.nextInt(4));
                if (!stage.equals("None")) r.transition(stem, i, stage, false);
                versions.put(i, new Truth(stem, false, i, tags, stage, status, new ArrayList<>()));
            }
            // delete some versions, then alias some of the rest
            for (int i = 1; i <= n; i++) {
                if (random.nextInt(6) == 0) {
                    r.deleteVersion(stem, i);
                    versions.remove(i);
                }
            }
            List<Integer> left = new ArrayList<>(versions.keySet());
            for (String alias : List.of("champion", "challenger")) {
                if (!left.isEmpty() && random.nextBoolean()) {
                    int v = left.get(random.nextInt(left.size()));
                    r.setAlias(stem, alias, v);
                    versions.get(v).aliases().add(alias);
                }
            }
            boolean arch = random.nextInt(5) == 0;
            if (arch) r.archiveModel(stem, true);
            archived.put(stem, arch);
            for (Truth t : versions.values()) {
                truth.add(new Truth(t.model(), arch, t.version(), t.tags(), t.stage(), t.status(), t.aliases()));
            }
        }
        assertThat(truth).hasSizeGreaterThan(40);
    }

    @AfterAll
    void drop() throws Exception {
        f.close();
    }

    @Test
    void searchMatchesABruteForceFilterForRandomQueries() throws Exception {
        for (int round = 0; round < 300; round++) {
            String prefix = random.nextInt(3) == 0 ? null : randomPrefix();
            String like = random.nextInt(6) == 0 ? (random.nextBoolean() ? "%RAN%" : "_r%") : null;
            Map<String, String> tags = new LinkedHashMap<>();
            if (random.nextBoolean()) tags.put("team", TEAMS[random.nextInt(TEAMS.length)]);
            if (random.nextInt(3) == 0) tags.put("env", ENVS[random.nextInt(ENVS.length)]);
            if (random.nextInt(6) == 0) tags.put("ds", "d" + random.nextInt(4));
            String alias = random.nextInt(5) == 0 ? (random.nextBoolean() ? "champion" : "challenger") : null;
            String stage = random.nextInt(4) == 0 ? RegistryRules.STAGES.get(random.nextInt(4)) : null;
            String status = random.nextInt(5) == 0 ? RegistryRules.STATUSES.get(random.nextInt(3)) : null;
            boolean includeArchived = random.nextBoolean();
            int limit = 1 + random.nextInt(9);

            List<String> expected = truth.stream()
                    .filter(t -> prefix == null || t.model().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
                    .filter(t -> like == null || ilike(t.model(), like))
                    .filter(t -> tags.entrySet().stream().allMatch(e -> e.getValue().equals(t.tags().get(e.getKey()))))
                    .filter(t -> alias == null || t.aliases().contains(alias))
                    .filter(t -> stage == null || t.stage().equals(stage))
                    .filter(t -> status == null || t.status().equals(status))
                    .filter(t -> includeArchived || !t.archived())
                    .sorted(Comparator.comparing((Truth t) -> t.model().toLowerCase(Locale.ROOT))
                            .thenComparing(Truth::version, Comparator.reverseOrder()))
                    .map(Truth::key).toList();

            VersionQuery q = new VersionQuery(prefix, like, tags,
                    alias, stage == null ? null : (random.nextBoolean() ? stage.toUpperCase(Locale.ROOT) : stage),
                    status, includeArchived, limit, null);
            List<String> actual = new ArrayList<>();
            int pages = 0;
            while (true) {
                Page<ModelVersion> page = f.registry.search(q);
                pages++;
                assertThat(page.items().size()).isLessThanOrEqualTo(limit);
                for (ModelVersion v : page.items()) {
                    actual.add(v.model() + "#" + v.version());
                    Truth t = truth.stream().filter(x -> x.key().equals(v.model() + "#" + v.version())).findFirst().orElseThrow();
                    assertThat(v.tags()).isEqualTo(t.tags());
                    assertThat(Set.copyOf(v.aliases())).isEqualTo(Set.copyOf(t.aliases()));
                    assertThat(v.stage()).isEqualTo(t.stage());
                }
                if (page.next() == null) break;
                q = q.after(page.next());
                assertThat(pages).isLessThan(200);
            }
            assertThat(actual).as("query prefix=%s like=%s tags=%s alias=%s stage=%s status=%s archived=%s limit=%d",
                    prefix, like, tags, alias, stage, status, includeArchived, limit).isEqualTo(expected);
        }
    }

    @Test
    void modelListingMatchesABruteForceFilter() throws Exception {
        for (int round = 0; round < 100; round++) {
            String prefix = random.nextInt(3) == 0 ? null : randomPrefix();
            Map<String, String> tags = new LinkedHashMap<>();
            if (random.nextBoolean()) tags.put("team", TEAMS[random.nextInt(TEAMS.length)]);
            if (random.nextInt(4) == 0) tags.put("domain", random.nextBoolean() ? "risk" : "growth");
            boolean includeArchived = random.nextBoolean();
            int limit = 1 + random.nextInt(5);
            List<String> expected = modelTags.keySet().stream()
                    .filter(m -> prefix == null || m.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
                    .filter(m -> tags.entrySet().stream().allMatch(e -> e.getValue().equals(modelTags.get(m).get(e.getKey()))))
                    .filter(m -> includeArchived || !archived.get(m))
                    .sorted(Comparator.comparing(m -> m.toLowerCase(Locale.ROOT))).toList();
            ModelQuery q = new ModelQuery(prefix, null, tags, includeArchived, limit, null);
            List<String> actual = new ArrayList<>();
            while (true) {
                Page<RegisteredModel> page = f.registry.models(q);
                for (RegisteredModel m : page.items()) {
                    actual.add(m.name());
                    assertThat(m.tags()).isEqualTo(modelTags.get(m.name()));
                    long live = truth.stream().filter(t -> t.model().equals(m.name())).count();
                    assertThat(m.versionCount()).isEqualTo((int) live);
                }
                if (page.next() == null) break;
                q = q.after(page.next());
            }
            assertThat(actual).as("prefix=%s tags=%s archived=%s", prefix, tags, includeArchived).isEqualTo(expected);
        }
    }

    @Test
    void aPageLoadsTagsAndAliasesInBoundedQueriesWhateverItsSize() throws Exception {
        CountingDataSource counting = new CountingDataSource(f.pool);
        ModelRegistry r = new ModelRegistry(counting, RegistryRules.DEFAULT_SCHEMA, "counter", null);
        Page<ModelVersion> small = r.search(new VersionQuery(null, null, Map.of(), null, null, null, true, 2, null));
        int forSmall = counting.statements.getAndSet(0);
        Page<ModelVersion> big = r.search(new VersionQuery(null, null, Map.of(), null, null, null, true, 1000, null));
        int forBig = counting.statements.getAndSet(0);
        assertThat(small.items()).hasSize(2);
        assertThat(big.items()).hasSize(truth.size());
        assertThat(forSmall).isEqualTo(2); // the page (tags come with its rows), its aliases
        assertThat(forBig).isEqualTo(2);
        r.models(new ModelQuery(null, null, Map.of(), true, 1000, null));
        assertThat(counting.statements.get()).isEqualTo(4); // models, version counts, tags, aliases
    }

    @Test
    void aCursorFromAnotherListingOrDamagedIsRefused() throws Exception {
        Page<RegisteredModel> models = f.registry.models(ModelQuery.all(1));
        assertThat(models.next()).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.registry.search(VersionQuery.all(5).after(models.next())))
                .isInstanceOf(RegistryException.class).hasMessageContaining("cursor: ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.registry.search(VersionQuery.all(5).after("%%%")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("is not a cursor of this listing");
    }

    private String randomPrefix() {
        String m = STEMS[random.nextInt(STEMS.length)];
        String p = m.substring(0, 1 + random.nextInt(Math.min(4, m.length())));
        return random.nextBoolean() ? p.toUpperCase(Locale.ROOT) : p;
    }

    /** ILIKE in Java: % any run, _ one character, case-insensitive. */
    private static boolean ilike(String text, String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') re.append(".*");
            else if (c == '_') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(text).matches();
    }
}
