package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 6: a secret in a commit message (the CLI's {@code -m}, the console's message) or in a comment of a
 * committed file is refused, and nothing is written.
 */
class SecretInMessageTest {
    @TempDir Path dir;

    @Test
    void aPasswordInTheMessageRefusesTheCommit() throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            for (String message : new String[] {"Fix login\n\nPGPASSWORD=hunter2 was wrong", "Rotate (db password: hunter2)",
                    "Add s with password=hunter2"}) {
                assertThatThrownBy(() -> repo.commit(commit("s", yaml("s", 10), message, "no")))
                        .isInstanceOf(AuditException.class).hasMessageContaining("commit message:")
                        .hasMessageContaining("[secret-value]").hasMessageNotContaining("hunter2");
            }
            assertThat(repo.log(10)).hasSize(1); // the repository's first commit only
            // the word alone, and references, are fine
            repo.commit(commit("s", yaml("s", 10), "Rotate the password; PGPASSWORD=${env:PG_PW} in CI", "no"));
            assertThat(repo.log(10)).hasSize(2);
        }
    }

    @Test
    void aPasswordInAYamlCommentOfTheStackOrOfGovernanceIsRefused() throws Exception {
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            String stack = yaml("s", 10).replace("    login: true\n", "    login: true   # old password: hunter2\n");
            assertThatThrownBy(() -> repo.commit(commit("s", stack, "Add s", "no")))
                    .isInstanceOf(AuditException.class).hasMessageContaining("stacks/s.yaml:6:")
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> repo.commitFile("governance.yaml", "# PGPASSWORD=hunter2\nrules: {}\n", "Rules", ADA))
                    .isInstanceOf(AuditException.class).hasMessageContaining("governance.yaml:1:");
            assertThatThrownBy(() -> repo.commitFile("governance.yaml", "rules: {}\n", "Rules, password=hunter2", ADA))
                    .isInstanceOf(AuditException.class).hasMessageContaining("commit message:1:");
            assertThat(repo.log(10)).hasSize(1);
        }
    }
}
