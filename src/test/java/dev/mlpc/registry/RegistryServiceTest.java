package dev.mlpc.registry;

import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry service on the real PostgreSQL: aliases, stages, tags, lineage, metrics, events, bad input. */
class RegistryServiceTest {
    private RegistryFixture f;
    private ModelRegistry r;

    @BeforeEach
    void open() throws Exception {
        f = RegistryFixture.open();
        r = f.registry;
        r.register(Registration.of("churn", "s3://b/churn/1"));
        r.register(Registration.of("churn", "s3://b/churn/2"));
        r.register(Registration.of("fraud", "s3://b/fraud/1"));
        r.register(Registration.of("fraud", "s3://b/fraud/2"));
        r.register(Registration.of("fraud", "s3://b/fraud/3"));
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private int events() throws SQLException {
        return Integer.parseInt(f.column("SELECT count(*) FROM model_registry.registry_events").get(0));
    }

    @Test
    void anAliasPointsAtAVersionOfItsOwnModelAndMoves() throws Exception {
        assertThat(r.setAlias("churn", "champion", 1).aliases()).containsExactly("champion");
        assertThat(r.setAlias("churn", "champion", 2).aliases()).containsExactly("champion");
        assertThat(r.version("churn", 1).aliases()).isEmpty();
        assertThat(r.versionByAlias("churn", "champion").version()).isEqualTo(2);
        assertThat(r.model("churn").aliases()).containsExactly(Map.entry("champion", 2));

        List<RegistryEvent> ev = r.events("churn", 10, null).items();
        assertThat(ev.get(0).action()).isEqualTo("set_alias");
        assertThat(ev.get(0).before()).contains("\"version\": 1");
        assertThat(ev.get(0).after()).contains("\"version\": 2");
        assertThat(ev.get(0).actor()).isEqualTo("tester <tester@example.org>");
        assertThat(ev.get(0).dbUser()).isEqualTo(PgTestSupport.user());

        // setting it to where it is already records nothing
        int before = events();
        r.setAlias("churn", "champion", 2);
        assertThat(events()).isEqualTo(before);

        r.removeAlias("churn", "champion");
        assertThat(r.model("churn").aliases()).isEmpty();
        assertThat(r.events("churn", 1, null).items().get(0).action()).isEqualTo("remove_alias");
    }

    @Test
    void theAliasForeignKeyHoldsInTheServiceAndInTheDatabase() throws Exception {
        int before = events();
        // version 3 exists, but of another model
        assertThatThrownBy(() -> r.setAlias("churn", "champion", 3))
                .isInstanceOf(RegistryException.class).hasMessage("version: model 'churn' has no version 3");
        assertThat(events()).isEqualTo(before);
        // the database itself refuses an alias to a missing version, whoever writes it
        assertThatThrownBy(() -> PgTestSupport.execIn(f.database, "INSERT INTO model_registry.model_aliases"
                + " (model_id, model_key, alias, version) SELECT id, name_key, 'champion', 3 FROM model_registry.registered_models WHERE name = 'churn'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("model_aliases_version_fk");
        // and a version an alias points at cannot be deleted from under it
        r.setAlias("churn", "champion", 2);
        assertThatThrownBy(() -> r.deleteVersion("churn", 2))
                .hasMessage("version: version 2 of model 'churn' carries alias champion; move or remove the alias first");
        assertThatThrownBy(() -> PgTestSupport.execIn(f.database, "DELETE FROM model_registry.model_versions v USING"
                + " model_registry.registered_models m WHERE m.id = v.model_id AND m.name = 'churn' AND v.version = 2"))
                .isInstanceOf(SQLException.class).hasMessageContaining("model_aliases_version_fk");
        assertThat(r.version("churn", 2).aliases()).containsExactly("champion");
        // deleting the whole model takes its aliases along
        r.deleteModel("churn");
        assertThat(f.column("SELECT count(*) FROM model_registry.model_aliases")).containsExactly("0");
        assertThat(r.events("churn", 1, null).items().get(0).action()).isEqualTo("delete_model");
    }

    @Test
    void promotingCanArchiveTheOtherVersionsInTheStage() throws Exception {
        r.transition("fraud", 1, "Production", false);
        r.transition("fraud", 2, "production", false);
        List<ModelVersion> changed = r.transition("fraud", 3, "PRODUCTION", true);
        assertThat(changed).extracting(ModelVersion::version).containsExactly(3, 1, 2);
        assertThat(changed).extracting(ModelVersion::stage).containsExactly("Production", "Archived", "Archived");
        assertThat(r.search(new VersionQuery(null, null, Map.of(), null, "Archived", null, false, 10, null)).items())
                .extracting(ModelVersion::version).containsExactly(2, 1);
        assertThat(r.events("fraud", 3, null).items()).extracting(RegistryEvent::action)
                .containsOnly("transition_stage");
        assertThatThrownBy(() -> r.transition("fraud", 3, "Canary", false))
                .hasMessage("stage: 'Canary' is not a stage; one of None, Staging, Production, Archived");
    }

    @Test
    void tagsLineageAndMetricsAreKeptPerVersion() throws Exception {
        r.tagModel("churn", "team", "growth");
        r.tagVersion("churn", 2, "dataset", "2026-11");
        r.tagVersion("churn", 2, "dataset", "2026-12");
        assertThat(r.version("churn", 2).tags()).containsExactly(Map.entry("dataset", "2026-12"));
        r.tagVersion("churn", 2, "dataset", null);
        assertThat(r.version("churn", 2).tags()).isEmpty();
        int before = events();
        r.tagVersion("churn", 2, "dataset", null); // nothing to remove: no event
        r.tagModel("churn", "absent", null);
        assertThat(events()).isEqualTo(before);
        assertThatThrownBy(() -> r.tagVersion("churn", 2, Map.of("a", "1", "b c", "2"), List.of()))
                .hasMessageStartingWith("tag: 'b c' is not a tag key");
        assertThat(r.version("churn", 2).tags()).isEmpty();
        assertThat(events()).isEqualTo(before);
        assertThat(r.tagVersion("churn", 2, Map.of("a", "1", "b", "2"), List.of()).tags())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(r.tagVersion("churn", 2, Map.of("c", "3"), List.of("a")).tags())
                .containsExactly(Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(events()).isEqualTo(before + 4);
        r.tagVersion("churn", 2, Map.of(), List.of("b", "c"));
        assertThat(r.model("churn").tags()).containsExactly(Map.entry("team", "growth"));

        r.addLineage("churn", 2, new Lineage(Lineage.INPUT, "snowflake.table", "ML.PUBLIC.TRAIN"));
        r.addLineage("churn", 2, new Lineage(Lineage.INPUT, "s3", "s3://data/churn/2026-11/"));
        r.addLineage("churn", 2, new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod"));
        r.addLineage("churn", 2, new Lineage(Lineage.DEPLOYMENT, "sagemaker.endpoint", "churn-prod")); // no duplicate
        assertThat(r.lineage("churn", 2)).extracting(Lineage::uri)
                .containsExactly("s3://data/churn/2026-11/", "ML.PUBLIC.TRAIN", "churn-prod");

        r.logMetrics("churn", 1, List.of(new Metric("auc", 0.81, 0, null)));
        r.logMetrics("churn", 2, List.of(new Metric("loss", 0.9, 1, null), new Metric("loss", 0.4, 2, null),
                new Metric("auc", 0.84, 0, null), new Metric("auc", 0.88, 5, null)));
        assertThat(r.metrics("churn", 2)).extracting(Metric::key, Metric::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("auc", 0L), org.assertj.core.groups.Tuple.tuple("auc", 5L),
                        org.assertj.core.groups.Tuple.tuple("loss", 1L), org.assertj.core.groups.Tuple.tuple("loss", 2L));
        assertThat(r.metricAcrossVersions("churn", "auc")).containsExactly(Map.entry(1, 0.81), Map.entry(2, 0.88));
        assertThat(r.metricKeys("churn")).containsExactly("auc", "loss");
        assertThatThrownBy(() -> r.logMetrics("churn", 2, List.of(new Metric("auc", Double.NaN, 0, null))))
                .hasMessage("metric auc: value must be a finite number");
    }

    @Test
    void badInputGetsAMessageNamingTheFieldAndChangesNothing() throws Exception {
        int before = events();
        String counts = String.join(",", f.column("SELECT (SELECT count(*) FROM model_registry.model_versions) || '/'"
                + " || (SELECT count(*) FROM model_registry.model_aliases) || '/' || (SELECT count(*) FROM model_registry.model_versions WHERE tags <> '{}')"));
        assertThatThrownBy(() -> r.version("nope", 1)).hasMessage("model: 'nope' does not exist");
        assertThatThrownBy(() -> r.version("churn", 9)).hasMessage("version: model 'churn' has no version 9");
        assertThatThrownBy(() -> r.setAlias("nope", "champion", 1)).hasMessage("model: 'nope' does not exist");
        assertThatThrownBy(() -> r.setAlias("churn", "latest", 1)).hasMessageStartingWith("alias: 'latest' is reserved");
        assertThatThrownBy(() -> r.setAlias("churn", "V3", 1)).hasMessageStartingWith("alias: 'V3' is reserved");
        assertThatThrownBy(() -> r.setAlias("churn", "champ ion", 1)).hasMessageStartingWith("alias: 'champ ion' is not an alias");
        assertThatThrownBy(() -> r.setAlias("churn", "x".repeat(65), 1)).hasMessageContaining("is not an alias: 1 to 64 characters");
        assertThatThrownBy(() -> r.tagVersion("churn", 1, "bad key", "v")).hasMessageStartingWith("tag: 'bad key' is not a tag key");
        assertThatThrownBy(() -> r.tagVersion("churn", 1, "k", "a\0b")).hasMessage("tag k: the value contains a NUL character");
        assertThatThrownBy(() -> r.register(Registration.of("churn'; DROP TABLE x; --", "s3://b")))
                .hasMessageStartingWith("model: 'churn'; DROP TABLE x; --' is not a model name");
        assertThatThrownBy(() -> r.register(Registration.of("churn", ""))).hasMessage("source: required");
        assertThatThrownBy(() -> r.register(Registration.of("churn", "s3://b").withTags(Map.of("", "v"))))
                .hasMessage("tag: the tag key is empty");
        assertThatThrownBy(() -> r.addLineage("churn", 1, new Lineage("sideways", "s3", "s3://x")))
                .hasMessage("lineage: direction must be input or deployment");
        assertThatThrownBy(() -> r.addLineage("churn", 1, new Lineage("input", "ftp", "ftp://x")))
                .hasMessageStartingWith("lineage: kind 'ftp' is not one of");
        assertThatThrownBy(() -> r.createModel("CHURN", "", "", Map.of())).hasMessage("model: 'CHURN' exists already");
        assertThatThrownBy(() -> r.search(new VersionQuery(null, null, Map.of(), null, "Live", null, false, 10, null)))
                .hasMessageStartingWith("stage: 'Live' is not a stage");
        assertThatThrownBy(() -> r.search(VersionQuery.all(0))).hasMessage("limit: must be between 1 and 1000");
        assertThat(events()).isEqualTo(before);
        assertThat(String.join(",", f.column("SELECT (SELECT count(*) FROM model_registry.model_versions) || '/'"
                + " || (SELECT count(*) FROM model_registry.model_aliases) || '/' || (SELECT count(*) FROM model_registry.model_versions WHERE tags <> '{}')")))
                .isEqualTo(counts);
    }

    @Test
    void namesAreCaseInsensitiveForLookupButKeepTheirSpelling() throws Exception {
        r.createModel("Churn-EU", "European churn", "ml-team", Map.of("region", "eu"));
        assertThat(r.model("churn-eu").name()).isEqualTo("Churn-EU");
        assertThat(r.register(Registration.of("CHURN-eu", "s3://b/eu/1")).model()).isEqualTo("Churn-EU");
        RegisteredModel m = r.updateModel("churn-EU", "EU churn, weekly", null);
        assertThat(m.description()).isEqualTo("EU churn, weekly");
        assertThat(m.owner()).isEqualTo("ml-team");
        RegistryEvent e = r.events("churn-eu", 1, null).items().get(0);
        assertThat(e.action()).isEqualTo("update_model");
        assertThat(e.before()).contains("European churn");
        assertThat(e.after()).contains("EU churn, weekly");
    }

    @Test
    void theEventLogPagesNewestFirstAndOutlivesADeletedModel() throws Exception {
        for (int i = 0; i < 7; i++) r.tagModel("fraud", "k" + i, "v");
        r.deleteModel("fraud");
        List<String> actions = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<RegistryEvent> p = r.events("fraud", 3, cursor);
            p.items().forEach(e -> actions.add(e.action()));
            cursor = p.next();
        } while (cursor != null);
        assertThat(actions.get(0)).isEqualTo("delete_model");
        assertThat(actions).hasSize(1 + 7 + 3 + 1); // delete, 7 tags, 3 registrations, model creation
        assertThat(actions.get(actions.size() - 1)).isEqualTo("create_model");
    }
}
