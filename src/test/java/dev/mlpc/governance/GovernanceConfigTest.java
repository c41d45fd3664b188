package dev.mlpc.governance;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** governance.yaml: defaults, settings, every problem by file:line:col, and the audited commit in a real repository. */
class GovernanceConfigTest {
    private final Governance governance = Governance.standard();
    @TempDir Path tmp;

    @Test
    void absentOrEmptyMeansEveryRuleEnabledAsAWarningWithItsDefaults() throws Exception {
        for (GovernanceConfig c : List.of(governance.defaults(), governance.parse("governance.yaml", ""),
                governance.parse("governance.yaml", "rules:\n"))) {
            assertThat(c.rules().keySet()).containsExactly("notebook-sharing-without-kms", "public-internet-with-vpc",
                    "domain-without-cmk", "required-tags", "shared-execution-role", "s3-output-outside-allowed-buckets",
                    "datashare-outside-organisation", "production-lineage-governed", "domain-output-shared",
                    "external-function-prefixes", "restricted-outside-tenant");
            assertThat(c.rules().values()).allSatisfy(r -> {
                assertThat(r.enabled()).isTrue();
                assertThat(r.severity()).isEqualTo(Severity.WARNING);
            });
            assertThat(c.rule("required-tags").list("tags")).containsExactly("owner", "data-classification");
            assertThat(c.rule("s3-output-outside-allowed-buckets").list("allowed_buckets")).isEmpty();
        }
    }

    @Test
    void aFileSetsEnabledSeverityAndSettingsPerRule() throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml", """
                rules:
                  domain-without-cmk:
                    severity: error
                  public-internet-with-vpc:
                    enabled: false
                  required-tags:
                    tags: [owner, cost-center]
                """);
        assertThat(c.rule("domain-without-cmk").severity()).isEqualTo(Severity.ERROR);
        assertThat(c.rule("public-internet-with-vpc").enabled()).isFalse();
        assertThat(c.rule("required-tags").list("tags")).containsExactly("owner", "cost-center");
        assertThat(c.rule("required-tags").list("types")).as("an unset setting keeps its default")
                .containsExactly("sagemaker.domain", "sagemaker.user_profile");
        assertThat(c.rule("notebook-sharing-without-kms").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void everyProblemIsNamedByLineAndColumn() {
        String yaml = """
                rules:
                  domain-without-cmk:
                    severity: fatal
                    enabled: yes please
                  no-such-rule: {}
                  required-tags:
                    tag: [owner]
                    types: sagemaker.domain
                  s3-output-outside-allowed-buckets:
                    allowed_buckets: [ml-outputs, "Bad_Bucket", 3]
                extra: 1
                """;
        assertThatThrownBy(() -> governance.parse("governance.yaml", yaml)).isInstanceOfSatisfying(GovernanceException.class,
                e -> assertThat(e.problems()).extracting(p -> p.format()).containsExactly(
                        "governance.yaml:3:15: rules.domain-without-cmk.severity: must be warning or error",
                        "governance.yaml:4:14: rules.domain-without-cmk.enabled: must be true or false",
                        "governance.yaml:5:3: rules.no-such-rule: unknown rule (known: notebook-sharing-without-kms,"
                                + " public-internet-with-vpc, domain-without-cmk, required-tags, shared-execution-role,"
                                + " s3-output-outside-allowed-buckets, datashare-outside-organisation, production-lineage-governed,"
                                + " domain-output-shared, external-function-prefixes, restricted-outside-tenant)",
                        "governance.yaml:7:5: rules.required-tags.tag: unknown setting of rule required-tags (expected"
                                + " enabled, severity, tags, types)",
                        "governance.yaml:8:12: rules.required-tags.types: must be a list, e.g. [a, b] (the resource"
                                + " types whose tags are checked)",
                        "governance.yaml:10:35: rules.s3-output-outside-allowed-buckets.allowed_buckets[1]: 'Bad_Bucket'"
                                + " is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')",
                        "governance.yaml:10:49: rules.s3-output-outside-allowed-buckets.allowed_buckets[2]: must be"
                                + " non-empty text",
                        "governance.yaml:11:1: extra: unknown top-level field (expected organisation, rules)"));
    }

    @Test
    void brokenYamlIsAProblemNotAStackTrace() {
        assertThatThrownBy(() -> governance.parse("governance.yaml", "rules:\n  required-tags: [\n"))
                .isInstanceOf(GovernanceException.class).hasMessageStartingWith("governance.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void committingTheFileIsAnAuditedCommitAndTheRepositoryHeadIsWhatCounts() throws Exception {
        Author who = new Author("Ada", "ada@example.org");
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("config"))) {
            assertThat(governance.load(repo).rule("domain-without-cmk").severity()).isEqualTo(Severity.WARNING);
            String yaml = "rules:\n  domain-without-cmk:\n    severity: error\n";
            CommitInfo c = governance.commit(repo, yaml, "Domains need a customer KMS key", who);
            assertThat(c.trailer("Config")).isEqualTo("governance.yaml");
            assertThat(c.authorName()).isEqualTo("Ada");
            assertThat(repo.readFile("governance.yaml")).contains(yaml);
            assertThat(governance.load(repo).rule("domain-without-cmk").severity()).isEqualTo(Severity.ERROR);
            assertThat(repo.diff(c.id())).contains("+    severity: error");

            int before = repo.log(0).size();
            assertThatThrownBy(() -> governance.commit(repo, "rules:\n  domain-without-cmk:\n    severity: loud\n", "x", who))
                    .isInstanceOf(GovernanceException.class).hasMessageContaining("governance.yaml:3:15");
            assertThatThrownBy(() -> repo.commitFile("governance.yaml", "rules: {}\nnotes:\n  password: hunter2hunter2\n", "x", who))
                    .isInstanceOf(AuditException.class).hasMessageContaining("looks like a secret");
            assertThat(repo.log(0)).as("nothing was committed").hasSize(before);
            assertThat(repo.verify((stack, yamlText) -> java.util.Map.<String, String>of()).problems()).isEmpty();
        }
    }
}
