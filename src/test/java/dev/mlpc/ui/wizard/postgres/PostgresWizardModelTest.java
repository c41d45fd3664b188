package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.wizard.ValidatedText;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.GrantKind;
import dev.mlpc.ui.wizard.postgres.PostgresWizardModel.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard's view model without a window: defaults, the stack it builds, and every validation rule. */
class PostgresWizardModelTest {
    @TempDir
    Path home;

    private Workbench wb;
    private PostgresWizardModel m;

    @BeforeEach
    void setUp() {
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), Map.of(), Duration.ofSeconds(10));
        m = new PostgresWizardModel(wb.registry());
    }

    private void assertStepValid(Step step) {
        assertThat(m.valid(step).get()).as("step %s valid; messages %s", step, m.messages(step)).isTrue();
        assertThat(m.messages(step)).isEmpty();
    }

    private void assertInvalid(Step step, ValidatedText field, String... reasonParts) {
        assertThat(m.valid(step).get()).as("step %s valid", step).isFalse();
        assertThat(m.valid(Step.REVIEW).get()).isFalse();
        assertThat(field.error().get()).as("error of %s", field.label()).contains(reasonParts);
        assertThat(m.messages(step)).anySatisfy(msg -> assertThat(msg).startsWith(field.label() + ": ").contains(reasonParts));
    }

    @Test
    void defaultsAreValidAndFollowTheAgreedShape() {
        for (Step s : Step.values()) assertStepValid(s);
        assertThat(m.dirty().get()).isFalse();
        assertThat(m.offline()).isTrue();

        Stack stack = m.stack();
        assertThat(stack.name()).isEqualTo("mlreg");
        assertThat(stack.description()).isEqualTo("ML model registry backend");
        assertThat(stack.resources()).extracting(Resource::type, Resource::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("postgres.role", "mlreg_owner"),
                org.assertj.core.groups.Tuple.tuple("postgres.role", "mlreg_writer"),
                org.assertj.core.groups.Tuple.tuple("postgres.role", "mlreg_reader"),
                org.assertj.core.groups.Tuple.tuple("postgres.database", "ml_models"),
                org.assertj.core.groups.Tuple.tuple("postgres.schema", "ml_model_schema"),
                org.assertj.core.groups.Tuple.tuple("postgres.extension", "pgcrypto"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "writer_connect"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "writer_usage"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "writer_tables"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "writer_future"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "reader_connect"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "reader_usage"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "reader_tables"),
                org.assertj.core.groups.Tuple.tuple("postgres.grant", "reader_future"));

        Resource owner = stack.find(new ResourceKey("postgres.role", "mlreg_owner")).orElseThrow();
        assertThat(owner.properties()).containsEntry("login", false);
        Resource db = stack.find(new ResourceKey("postgres.database", "ml_models")).orElseThrow();
        assertThat(db.properties()).containsEntry("owner", "mlreg_owner").containsEntry("encoding", "UTF8")
                .containsEntry("lc_collate", "C").containsEntry("lc_ctype", "C").containsEntry("template", "template0")
                .containsEntry("connection_limit", 10L);
        Resource future = stack.find(new ResourceKey("postgres.grant", "writer_future")).orElseThrow();
        assertThat(future.properties()).containsEntry("role", "mlreg_writer").containsEntry("on", "default_privileges")
                .containsEntry("database", "ml_models").containsEntry("schema", "ml_model_schema")
                .containsEntry("for_role", "mlreg_owner").containsEntry("object_type", "tables")
                .containsEntry("privileges", List.of("SELECT", "INSERT", "UPDATE", "DELETE"));
        Resource readerTables = stack.find(new ResourceKey("postgres.grant", "reader_tables")).orElseThrow();
        assertThat(readerTables.properties()).containsEntry("on", "all_tables").containsEntry("privileges", List.of("SELECT"));
        assertThat(m.validateStack()).isEmpty();
        assertThat(m.commitMessage().get()).isEqualTo("Set up model registry backend mlreg");
    }

    @Test
    void offlinePlanOfTheDefaultsCreatesEveryResourceInDependencyOrder() throws Exception {
        Stack stack = m.stack();
        Plan plan = wb.offlinePlan(stack);
        assertThat(plan.offline()).isTrue();
        assertThat(plan.summary().create()).isEqualTo(stack.resources().size());
        assertThat(plan.summary().trailer()).isEqualTo("+" + stack.resources().size() + " ~0 -0");
        assertThat(plan.actionable()).allMatch(c -> c.action() == Action.CREATE && !c.statements().isEmpty());
        Set<ResourceKey> planned = plan.actionable().stream().map(Change::key).collect(Collectors.toSet());
        assertThat(planned).isEqualTo(stack.resources().stream().map(Resource::key).collect(Collectors.toSet()));
        List<String> order = plan.actionable().stream().map(c -> c.type() + " " + c.name()).toList();
        assertThat(order.indexOf("postgres.role mlreg_owner")).isLessThan(order.indexOf("postgres.database ml_models"));
        assertThat(order.indexOf("postgres.database ml_models")).isLessThan(order.indexOf("postgres.schema ml_model_schema"));
        assertThat(order.indexOf("postgres.schema ml_model_schema")).isLessThan(order.indexOf("postgres.extension pgcrypto"));
        assertThat(order.indexOf("postgres.schema ml_model_schema")).isLessThan(order.indexOf("postgres.grant writer_usage"));
    }

    @Test
    void yamlParsesBackToTheSameStack() throws Exception {
        m.databaseName().set("bad\"name;");
        m.extension("citext").selected().set(true);
        m.writerPassword().set("${env:MLREG_WRITER_PW}");
        Stack parsed = wb.parseStack("stacks/mlreg.yaml", m.yaml());
        assertThat(parsed.name()).isEqualTo("mlreg");
        assertThat(parsed.resources()).isEqualTo(m.stack().resources());
        assertThat(m.yaml()).contains("stack: mlreg").contains("type: postgres.database").contains("${env:MLREG_WRITER_PW}");
    }

    @Test
    void quotedHostileNameIsAccepted() {
        m.databaseName().set("bad\"name;");
        assertStepValid(Step.DATABASE);
        m.databaseName().set("modèles_ü");
        assertStepValid(Step.DATABASE);
        assertThat(m.validateStack()).isEmpty();
    }

    @Test
    void identifierRules() {
        m.databaseName().set("x".repeat(70));
        assertInvalid(Step.DATABASE, m.databaseName(), "70 bytes", "63");
        m.databaseName().set("é".repeat(32));
        assertInvalid(Step.DATABASE, m.databaseName(), "64 bytes");
        m.databaseName().set("select");
        assertInvalid(Step.DATABASE, m.databaseName(), "reserved");
        m.databaseName().set("");
        assertInvalid(Step.DATABASE, m.databaseName(), "required");
        m.databaseName().set(" padded");
        assertInvalid(Step.DATABASE, m.databaseName(), "white space");
        m.databaseName().set("template1");
        assertInvalid(Step.DATABASE, m.databaseName(), "template");
        m.databaseName().set("ml_models");
        assertStepValid(Step.DATABASE);

        m.ownerRole().set("pg_owner");
        assertInvalid(Step.DATABASE, m.ownerRole(), "pg_");
        m.ownerRole().set("public");
        assertInvalid(Step.DATABASE, m.ownerRole(), "PUBLIC");
        m.ownerRole().set("mlreg_owner");

        m.schemaName().set("pg_models");
        assertInvalid(Step.ROLES, m.schemaName(), "pg_");
        m.schemaName().set("ml_model_schema");
        m.writerRole().set("table");
        assertInvalid(Step.ROLES, m.writerRole(), "reserved");
        m.writerRole().set("mlreg_writer");
        for (Step s : Step.values()) assertStepValid(s);
    }

    @Test
    void duplicateRoleNames() {
        m.readerRole().set("mlreg_writer");
        assertInvalid(Step.ROLES, m.readerRole(), "duplicate", "writer role");
        m.readerRole().set("mlreg_reader");
        assertStepValid(Step.ROLES);

        m.writerRole().set("mlreg_owner");
        assertInvalid(Step.ROLES, m.writerRole(), "duplicate", "owner role");
        m.writerRole().set("mlreg_writer");
        // changing the owner on the database step makes the writer on the next step a duplicate
        m.ownerRole().set("mlreg_writer");
        assertStepValid(Step.DATABASE);
        assertInvalid(Step.ROLES, m.writerRole(), "duplicate");
    }

    @Test
    void stackNameRule() {
        m.stackName().set("my stack");
        assertInvalid(Step.CONNECTION, m.stackName(), "not a valid stack name");
        m.stackName().set("-lead");
        assertInvalid(Step.CONNECTION, m.stackName(), "not a valid stack name");
        m.stackName().set("x".repeat(101));
        assertInvalid(Step.CONNECTION, m.stackName(), "at most 100");
        m.stackName().set("mlreg.v2");
        assertInvalid(Step.CONNECTION, m.stackName(), "not a valid stack name");
        m.stackName().set("mlreg-prod_v2");
        assertStepValid(Step.CONNECTION);
    }

    @Test
    void connectionLimitRule() {
        m.connectionLimit().set("ten");
        assertInvalid(Step.DATABASE, m.connectionLimit(), "not a whole number");
        m.connectionLimit().set("-2");
        assertInvalid(Step.DATABASE, m.connectionLimit(), "-1");
        m.connectionLimit().set("");
        assertInvalid(Step.DATABASE, m.connectionLimit(), "required");
        m.connectionLimit().set("99999999999");
        assertInvalid(Step.DATABASE, m.connectionLimit(), "at most");
        m.connectionLimit().set("-1");
        assertStepValid(Step.DATABASE);
        assertThat(m.stack().find(new ResourceKey("postgres.database", "ml_models")).orElseThrow().get("connection_limit"))
                .isEqualTo(-1L);
        m.connectionLimit().set(" 25 ");
        assertStepValid(Step.DATABASE);
        assertThat(m.stack().find(new ResourceKey("postgres.database", "ml_models")).orElseThrow().get("connection_limit"))
                .isEqualTo(25L);
    }

    @Test
    void passwordMustBeAReference() {
        m.writerPassword().set("hunter2");
        assertInvalid(Step.ROLES, m.writerPassword(), "secret reference");
        m.writerPassword().set("${env:MLREG_WRITER_PW}");
        m.readerPassword().set("${env:not a var}");
        assertInvalid(Step.ROLES, m.readerPassword(), "secret reference");
        m.readerPassword().set("${keychain:mlpc/mlreg_reader}");
        assertStepValid(Step.ROLES);
        Resource writer = m.stack().find(new ResourceKey("postgres.role", "mlreg_writer")).orElseThrow();
        assertThat(writer.get("password")).isEqualTo("${env:MLREG_WRITER_PW}");
        m.readerPassword().set("");
        assertStepValid(Step.ROLES);
        assertThat(m.stack().find(new ResourceKey("postgres.role", "mlreg_reader")).orElseThrow().has("password")).isFalse();
    }

    @Test
    void localeAndEncodingRules() {
        m.lcCollate().set("en US");
        assertInvalid(Step.DATABASE, m.lcCollate(), "not a locale name");
        m.lcCollate().set("en_US.UTF-8");
        m.lcCtype().set("");
        assertInvalid(Step.DATABASE, m.lcCtype(), "required");
        m.lcCtype().set("C.UTF-8");
        m.encoding().set("UTF 8");
        assertInvalid(Step.DATABASE, m.encoding(), "not an encoding");
        m.encoding().set("LATIN1");
        // PostgreSQL refuses a UTF-8 locale with LATIN1 (issue 13): the stack's own check says so on this step
        assertThat(m.valid(Step.DATABASE).get()).isFalse();
        assertThat(m.messages(Step.DATABASE)).anySatisfy(msg -> assertThat(msg)
                .contains("lc_ctype", "locale 'C.UTF-8' requires encoding UTF8; PostgreSQL refuses it with encoding LATIN1"));
        m.lcCollate().set("C");
        m.lcCtype().set("POSIX");
        assertStepValid(Step.DATABASE);
    }

    @Test
    void extensionsAreOptionalAndFollowTheSchema() {
        for (var e : m.extensions()) e.selected().set(false);
        assertStepValid(Step.EXTENSIONS);
        assertThat(m.stack().resources()).noneMatch(r -> r.type().equals("postgres.extension"));

        m.extension("pg_trgm").selected().set(true);
        m.schemaName().set("registry");
        assertThat(m.extension("pg_trgm").schema().get()).isEqualTo("registry");
        assertThat(m.stack().find(new ResourceKey("postgres.extension", "pg_trgm")).orElseThrow().get("schema"))
                .isEqualTo("registry");
        m.extension("pg_trgm").schema().set("public");
        m.schemaName().set("registry2");
        assertThat(m.extension("pg_trgm").schema().get()).as("an edited schema stays").isEqualTo("public");

        m.extension("pg_trgm").schema().set("select");
        assertInvalid(Step.EXTENSIONS, m.extension("pg_trgm").schema(), "reserved");
        m.extension("pg_trgm").selected().set(false);
        assertStepValid(Step.EXTENSIONS);
    }

    @Test
    void grantsFollowTheCheckBoxes() {
        m.writerGrant(GrantKind.FUTURE).selected().set(false);
        m.readerGrant(GrantKind.CONNECT).selected().set(false);
        List<String> grants = m.stack().resources().stream().filter(r -> r.type().equals("postgres.grant"))
                .map(Resource::name).toList();
        assertThat(grants).containsExactly("writer_connect", "writer_usage", "writer_tables",
                "reader_usage", "reader_tables", "reader_future");
        assertThat(m.validateStack()).isEmpty();
    }

    @Test
    void commitMessageFollowsTheStackNameUntilEdited() {
        m.stackName().set("registry");
        assertThat(m.commitMessage().get()).isEqualTo("Set up model registry backend registry");
        m.commitMessage().set("Registry for team A");
        m.stackName().set("registry2");
        assertThat(m.commitMessage().get()).isEqualTo("Registry for team A");
        m.commitMessage().set("  ");
        assertInvalid(Step.REVIEW, m.commitMessage(), "required");
    }

    @Test
    void dirtyWhenAnAnswerDiffersFromItsDefault() {
        m.databaseName().set("other");
        assertThat(m.dirty().get()).isTrue();
        m.databaseName().set("ml_models");
        assertThat(m.dirty().get()).isFalse();
        m.readerLogin().set(false);
        assertThat(m.dirty().get()).isTrue();
    }

    @Test
    void goingOfflineClearsApplyAfterCommit() {
        ConnectionProfile p = new ConnectionProfile("local", "postgres",
                Map.of("url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "postgres"));
        m.connections().setAll(p);
        m.connection().set(p);
        m.applyAfterCommit().set(true);
        assertThat(m.connectionName()).isEqualTo("local");
        m.connection().set(null);
        assertThat(m.applyAfterCommit().get()).isFalse();
        assertThat(m.offline()).isTrue();
    }

    @Test
    void reviewCollectsEveryStepsMessages() {
        m.stackName().set("bad name");
        m.databaseName().set("select");
        assertThat(m.messages(Step.REVIEW)).hasSize(2);
        assertThat(m.allValid().get()).isFalse();
        m.stackName().set("ok");
        m.databaseName().set("ok_db");
        assertThat(m.messages(Step.REVIEW)).isEmpty();
        assertThat(m.allValid().get()).isTrue();
    }
}
