package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.gitResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12 part 4, SSH signing: commits signed with an OpenSSH key (made here with ssh-keygen) through JGit's SSH
 * signer verify GOOD against {@code keys/allowed_signers} for the committer's e-mail, BAD when changed after signing,
 * UNKNOWN_KEY when the key is not allowed for that e-mail; a wrong passphrase refuses before anything is written; and
 * the real {@code git verify-commit} accepts the signatures.
 */
class SshSignatureTest {
    static final String PASS = "correct horse battery staple";

    @TempDir
    Path tmp;

    /** A new key pair made by ssh-keygen: the private key file (the public key is beside it, with .pub). */
    private Path keygen(String name, String type, String pass, String comment) throws Exception {
        Path f = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", pass, "-C", comment, "-f", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return f;
    }

    private static String pub(Path key) throws Exception {
        return Files.readString(Path.of(key + ".pub")).strip();
    }

    /** The SHA256 fingerprint as ssh-keygen -l prints it. */
    private static String sshKeygenFingerprint(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.split("\\s+")[1];
    }

    @Test
    void sshSignedCommitsAreGoodBadOrUnknownKey() throws Exception {
        Path ada = keygen("ada_ed25519", "ed25519", PASS, "ada@example.org");
        Path adaRsa = keygen("ada_rsa", "rsa", "", "ada@example.org");
        Path mallory = keygen("mallory", "ed25519", "", "mallory@example.org");
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            CommitInfo key = repo.commitAllowedSigner("ada@example.org", pub(ada), "Trust Ada's SSH key", ADA);
            assertThat(key.files()).containsExactly("keys/allowed_signers");
            assertThat(key.trailers()).containsEntry("Config", "keys/allowed_signers");
            repo.commitAllowedSigner("ada@example.org", pub(adaRsa), "Trust Ada's RSA key", ADA);
            // Mallory's key is allowed, but for Mallory's e-mail only
            repo.commitAllowedSigner("mallory@example.org", pub(mallory), "Trust Mallory's key", ADA);
            assertThat(repo.trustedKeys().allowedSignerLines()).hasSize(3);
            assertThatThrownBy(() -> repo.commitAllowedSigner("ada@example.org", pub(ada), "again", ADA))
                    .hasMessageContaining("already in keys/allowed_signers");

            SshCommitSigner signer = SshCommitSigner.fromKeyFile(ada, PASS.toCharArray(), "signing.key_file in settings.yaml");
            assertThat(signer.fingerprint()).isEqualTo(sshKeygenFingerprint(ada));
            repo.signingWith(signer);
            CommitInfo signed = repo.commit(commit("a", 1, "a signed by Ada over SSH"));
            repo.signingWith(SshCommitSigner.fromKeyFile(adaRsa, null, "signing.key_file"));
            CommitInfo rsaSigned = repo.commit(commit("a", 2, "a signed by Ada's RSA key"));
            repo.signingWith(SshCommitSigner.fromKeyFile(mallory, null, "signing.key_file"));
            CommitInfo byMallory = repo.commit(commit("b", 1, "b signed by Mallory, committed as Ada"));

            String raw = git(dir, "cat-file", "commit", signed.id());
            assertThat(raw).contains("gpgsig -----BEGIN SSH SIGNATURE-----");

            SignatureCheck good = repo.signature(signed.id());
            assertThat(good.status()).as(good.detail()).isEqualTo(SignatureCheck.Status.GOOD);
            assertThat(good.keyId()).isEqualTo(sshKeygenFingerprint(ada));
            assertThat(good.signer()).isEqualTo("ada@example.org");
            SignatureCheck rsa = repo.signature(rsaSigned.id());
            assertThat(rsa.status()).as(rsa.detail()).isEqualTo(SignatureCheck.Status.GOOD);
            assertThat(rsa.keyId()).isEqualTo(sshKeygenFingerprint(adaRsa));

            SignatureCheck unknown = repo.signature(byMallory.id());
            assertThat(unknown.status()).as(unknown.detail()).isEqualTo(SignatureCheck.Status.UNKNOWN_KEY);
            assertThat(unknown.keyId()).isEqualTo(sshKeygenFingerprint(mallory));
            assertThat(unknown.detail()).contains("keys/allowed_signers");

            // tampered: the content changed after signing, the gpgsig header kept
            String forged = raw.replace("a signed by Ada over SSH", "a signed by Ada, and then changed");
            SignatureCheck bad = repo.signature(SignatureTest.hashObject(dir, forged));
            assertThat(bad.status()).as(bad.detail()).isEqualTo(SignatureCheck.Status.BAD);
            assertThat(bad.keyId()).isEqualTo(sshKeygenFingerprint(ada));

            // a key never added at all
            Path eve = keygen("eve", "ed25519", "", "ada@example.org");
            repo.signingWith(SshCommitSigner.fromKeyFile(eve, null, "signing.key_file"));
            CommitInfo byEve = repo.commit(commit("c", 1, "c signed by an unknown key"));
            repo.signingWith(null);
            assertThat(repo.signature(byEve.id()).status()).isEqualTo(SignatureCheck.Status.UNKNOWN_KEY);
            assertThat(repo.signature(byEve.id()).keyId()).isEqualTo(sshKeygenFingerprint(eve));
            assertThat(git(dir, "status", "--porcelain")).isEmpty();

            // the real git agrees, with the repository's allowed_signers as gpg.ssh.allowedSignersFile
            Path allowed = tmp.resolve("allowed_signers");
            Files.writeString(allowed, git(dir, "show", "HEAD:keys/allowed_signers"));
            List<String> cfg = List.of("-c", "gpg.ssh.allowedSignersFile=" + allowed);
            AuditFixtures.Result ok = gitResult(dir, concat(cfg, "verify-commit", signed.id()));
            assertThat(ok.exit()).as(ok.out()).isZero();
            assertThat(ok.out()).contains("Good \"git\" signature for ada@example.org");
            AuditFixtures.Result okRsa = gitResult(dir, concat(cfg, "verify-commit", rsaSigned.id()));
            assertThat(okRsa.exit()).as(okRsa.out()).isZero();
            AuditFixtures.Result gitBad = gitResult(dir, concat(cfg, "verify-commit", SignatureTest.hashObject(dir, forged)));
            assertThat(gitBad.exit()).as(gitBad.out()).isNotZero();
        }
    }

    private static String[] concat(List<String> a, String... b) {
        String[] r = new String[a.size() + b.length];
        for (int i = 0; i < a.size(); i++) r[i] = a.get(i);
        System.arraycopy(b, 0, r, a.size(), b.length);
        return r;
    }

    @Test
    void aWrongPassphraseOrANonKeyRefusesWithNothingWritten() throws Exception {
        Path ada = keygen("ada", "ed25519", PASS, "ada@example.org");
        assertThatThrownBy(() -> SshCommitSigner.fromKeyFile(ada, "wrong".toCharArray(), "signing.key_file in settings.yaml"))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("signing.key_file in settings.yaml")
                .hasMessageContaining("cannot sign");
        assertThatThrownBy(() -> SshCommitSigner.fromKeyFile(ada, null, "signing.key_file"))
                .hasMessageContaining("passphrase");
        assertThatThrownBy(() -> SshCommitSigner.fromKeyFile(Path.of(ada + ".pub"), null, "signing.key_file"))
                .hasMessageContaining("not an OpenSSH private key file");
        assertThatThrownBy(() -> SshCommitSigner.fromKeyFile(tmp.resolve("missing"), null, "signing.key_file"))
                .hasMessageContaining("missing").hasMessageContaining("not a readable file");
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            String head = repo.headCommit();
            assertThatThrownBy(() -> repo.commitAllowedSigner("ada@example.org", "ssh-ed25519 notbase64!", "oops", ADA))
                    .hasMessageContaining("key: not an OpenSSH public key");
            assertThatThrownBy(() -> repo.commitAllowedSigner("ada example", pub(ada), "oops", ADA))
                    .hasMessageContaining("is not a principal");
            assertThat(repo.headCommit()).isEqualTo(head);
        }
    }
}
