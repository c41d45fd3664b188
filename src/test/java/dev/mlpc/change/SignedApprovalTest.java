package dev.mlpc.change;

import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.OpenPgpSigner;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.testing.PgpTestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where policy.yaml says {@code signatures: required}, approvers are told apart by their signing key too: an approval
 * signed with the proposal's key is refused (and, made around mlpc, not counted by the apply gate). Real Git, real
 * OpenPGP signatures.
 */
class SignedApprovalTest {
    @TempDir Path tmp;

    OpenPgpSigner signer(PgpTestKeys k) throws Exception {
        Path f = tmp.resolve(k.fingerprint() + ".sec.asc");
        Files.writeString(f, k.armoredSecret());
        return OpenPgpSigner.fromKeyFile(f, null, null, "signing.key_file in settings.yaml");
    }

    @Test
    void anApprovalSignedWithTheProposalsKeyIsRefusedAndNotCounted() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", "");
        PgpTestKeys bob = PgpTestKeys.generate("Bob <bob@example.org>", "");
        Author adaAuthor = new Author("Ada Admin", "ada@example.org");
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada", adaAuthor);
            repo.commitKey("bob", bob.armoredPublic(), "Trust Bob", adaAuthor);
            repo.commitFile("policy.yaml", "approvals:\n  - approvers: 1\nsignatures: required\n", "Signed four eyes", adaAuthor);

            Plan plan = PolicyTest.plan("signed", Safety.SAFE);
            Map<String, String> generated = new LinkedHashMap<>();
            generated.put("generated/postgres/signed.plan.json", plan.toJson());
            repo.signingWith(signer(ada));
            CommitInfo proposal = repo.commit(new StackCommit("signed", "postgres",
                    "stack: signed\nresources:\n  - {type: postgres.role, name: r0}\n", generated, null, null, "no",
                    "Propose signed", adaAuthor, null, null).withTrailers(Map.of("Approval", "required (1)", "Target-Connection", "local", "Target", "postgres db")));

            // another e-mail, but Ada's key: refused
            assertThatThrownBy(() -> ChangeControl.approve(repo, proposal.id(), null, new Author("Eve", "eve@example.org")))
                    .hasMessageContaining("which signed proposal").hasMessageContaining(ada.fingerprint());
            // unsigned: refused
            repo.signingWith(null);
            assertThatThrownBy(() -> ChangeControl.approve(repo, proposal.id(), null, new Author("Bob", "bob@example.org")))
                    .hasMessageContaining("set up signing");

            // made around mlpc with Ada's key under another e-mail: the gate does not count it
            repo.signingWith(signer(ada));
            repo.commitChangeRecord("approval", "approvals/signed/x/1-approve.json", "{}\n", "Sneaky approval",
                    Map.of("Proposal", proposal.id(), "Proposal-Stack", "signed", "Approved-Plan-Sha256", plan.sha256()),
                    new Author("Eve", "eve@example.org"));
            ChangeControl.Gate sneaky = ChangeControl.gate(repo, "signed", "postgres", plan, null, "local", "postgres db");
            assertThat(sneaky.allowed()).isFalse();
            assertThat(sneaky.refusal()).contains("0 of 1 approval(s) signed by a trusted key other than the proposal's");

            repo.signingWith(signer(bob));
            ChangeControl.approve(repo, proposal.id(), null, new Author("Bob", "bob@example.org"));
            ChangeControl.Gate ok = ChangeControl.gate(repo, "signed", "postgres", plan, null, "local", "postgres db");
            assertThat(ok.refusal()).isNull();
            assertThat(ok.proposal().commitId()).isEqualTo(proposal.id());
        }
    }
}
