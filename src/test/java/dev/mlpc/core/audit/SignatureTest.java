package dev.mlpc.core.audit;

import dev.mlpc.testing.PgpTestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static dev.mlpc.core.audit.AuditFixtures.git;
import static dev.mlpc.core.audit.AuditFixtures.gitResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12, item 4: commits signed with OpenPGP (keys made here with BouncyCastle) verify GOOD against the trusted keys
 * in {@code keys/openpgp/}; unsigned commits are UNSIGNED; a signed commit whose content was changed after signing is
 * BAD; a key not trusted is UNKNOWN_KEY; and the real git + gpg agree.
 */
class SignatureTest {
    static final String PASS = "correct horse battery staple";

    @TempDir
    Path tmp;

    private OpenPgpSigner signer(PgpTestKeys k, String pass) throws Exception {
        Path f = tmp.resolve(k.keyId() + ".sec.asc");
        Files.writeString(f, k.armoredSecret());
        return OpenPgpSigner.fromKeyFile(f, null, pass == null ? null : pass.toCharArray(), "signing.key_file in settings.yaml");
    }

    @Test
    void signedUnsignedTamperedAndUnknownKeyCommitsAreTold() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        PgpTestKeys mallory = PgpTestKeys.generate("Mallory <mallory@example.org>", "");
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            CommitInfo unsigned = repo.commit(commit("a", 1, "a unsigned"));
            CommitInfo key = repo.commitKey("ada", ada.armoredPublic(), "Trust Ada's key", ADA);
            assertThat(key.files()).containsExactly("keys/openpgp/ada.asc");
            assertThat(key.trailers()).containsEntry("Config", "keys/openpgp/ada.asc");

            repo.signingWith(signer(ada, PASS));
            CommitInfo signed = repo.commit(commit("a", 2, "a signed by Ada"));
            CommitInfo record = repo.commitFile("governance.yaml", "rules: {}\n", "Governance, signed", ADA);
            repo.signingWith(signer(mallory, null));
            CommitInfo byMallory = repo.commit(commit("b", 1, "b signed by an untrusted key"));

            SignatureCheck good = repo.signature(signed.id());
            assertThat(good.status()).isEqualTo(SignatureCheck.Status.GOOD);
            assertThat(good.keyId()).isEqualTo(ada.fingerprint());
            assertThat(good.signer()).isEqualTo("Ada Admin <ada@example.org>");
            assertThat(repo.signature(record.id()).status()).isEqualTo(SignatureCheck.Status.GOOD);

            SignatureCheck none = repo.signature(unsigned.id());
            assertThat(none.status()).isEqualTo(SignatureCheck.Status.UNSIGNED);
            assertThat(none.keyId()).isNull();

            SignatureCheck unknown = repo.signature(byMallory.id());
            assertThat(unknown.status()).isEqualTo(SignatureCheck.Status.UNKNOWN_KEY);
            assertThat(unknown.keyId()).isEqualTo(mallory.fingerprint());
            assertThat(unknown.detail()).contains(mallory.fingerprint()).contains("keys/openpgp/");

            // newest first, like log(max); the first commit (README) and the key commit are unsigned
            List<SignatureCheck> all = repo.signatures(0);
            assertThat(all).extracting(SignatureCheck::commitId).containsExactly(byMallory.id(), record.id(), signed.id(),
                    key.id(), unsigned.id(), repo.log(0).get(5).id());
            assertThat(all).extracting(SignatureCheck::status).containsExactly(SignatureCheck.Status.UNKNOWN_KEY,
                    SignatureCheck.Status.GOOD, SignatureCheck.Status.GOOD, SignatureCheck.Status.UNSIGNED,
                    SignatureCheck.Status.UNSIGNED, SignatureCheck.Status.UNSIGNED);
            assertThat(repo.signatures(2)).hasSize(2);

            // trusting Mallory later (an audited commit) turns the same commit GOOD: trust is read at head
            repo.signingWith(null);
            repo.commitKey("mallory", mallory.armoredPublic(), "Trust Mallory's key", ADA);
            assertThat(repo.signature(byMallory.id()).status()).isEqualTo(SignatureCheck.Status.GOOD);

            // tampered: the signed commit's content rewritten with git plumbing, keeping its gpgsig header
            String raw = git(dir, "cat-file", "commit", signed.id());
            assertThat(raw).contains("gpgsig -----BEGIN PGP SIGNATURE-----");
            String forged = raw.replace("a signed by Ada", "a signed by Ada, and then changed");
            assertThat(forged).isNotEqualTo(raw);
            String forgedId = hashObject(dir, forged);
            SignatureCheck bad = repo.signature(forgedId);
            assertThat(bad.status()).isEqualTo(SignatureCheck.Status.BAD);
            assertThat(bad.keyId()).isEqualTo(ada.fingerprint());
            assertThat(bad.detail()).contains("changed after signing");
            // the tree swapped for another one is caught the same way
            String otherTree = git(dir, "rev-parse", unsigned.id() + "^{tree}").trim();
            String treeSwapped = raw.replaceFirst("tree [0-9a-f]{40}", "tree " + otherTree);
            assertThat(repo.signature(hashObject(dir, treeSwapped)).status()).isEqualTo(SignatureCheck.Status.BAD);
            // a signature that is not OpenPGP at all is BAD (unreadable), not GOOD
            String garbled = raw.replaceFirst("(?m)^ (\\S{20})", " AAAAAAAAAAAAAAAAAAAA");
            assertThat(repo.signature(hashObject(dir, garbled)).status()).isNotEqualTo(SignatureCheck.Status.GOOD);
        }
    }

    @Test
    void aWrongPassphraseOrMissingKeyRefusesBeforeAnythingIsWritten() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        assertThatThrownBy(() -> signer(ada, "wrong"))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("signing.key_file in settings.yaml")
                .hasMessageContaining("passphrase does not unlock key " + ada.fingerprint());
        Path f = tmp.resolve("ada.sec.asc");
        Files.writeString(f, ada.armoredSecret());
        assertThatThrownBy(() -> OpenPgpSigner.fromKeyFile(f, "0xDEADBEEFDEADBEEF", PASS.toCharArray(), "signing.key_id"))
                .hasMessageContaining("signing.key_id").hasMessageContaining("no secret key that can sign with id 0xDEADBEEFDEADBEEF");
        assertThatThrownBy(() -> OpenPgpSigner.fromKeyFile(tmp.resolve("missing.asc"), null, null, "signing.key_file"))
                .hasMessageContaining("signing.key_file").hasMessageContaining("missing.asc");
        Files.writeString(tmp.resolve("pub.asc"), ada.armoredPublic());
        assertThatThrownBy(() -> OpenPgpSigner.fromKeyFile(tmp.resolve("pub.asc"), null, null, "signing.key_file"))
                .hasMessageContaining("signing.key_file");

        // a signer that fails at commit time leaves the branch where it was
        Path dir = tmp.resolve("repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            String head = repo.headCommit();
            repo.signingWith(new CommitSigner() {
                @Override public String describe() { return "a key on a removed token"; }
                @Override public byte[] sign(byte[] payload, org.eclipse.jgit.lib.PersonIdent c) throws AuditException {
                    throw new AuditException("cannot sign the commit with a key on a removed token (signing in settings.yaml)");
                }
            });
            assertThatThrownBy(() -> repo.commit(commit("a", 1, "never")))
                    .hasMessageContaining("signing in settings.yaml");
            assertThat(repo.headCommit()).isEqualTo(head);
            assertThat(git(dir, "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void keysAddRefusesSecretKeysAndNonKeys() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        try (ConfigRepository repo = ConfigRepository.init(tmp.resolve("repo"))) {
            String head = repo.headCommit();
            assertThatThrownBy(() -> repo.commitKey("ada", ada.armoredSecret(), "oops", ADA))
                    .hasMessageContaining("SECRET key");
            assertThatThrownBy(() -> repo.commitKey("ada", "hello\n", "oops", ADA))
                    .hasMessageContaining("key: not an OpenPGP public key");
            assertThatThrownBy(() -> repo.commitKey("../x", ada.armoredPublic(), "oops", ADA))
                    .hasMessageContaining("name: '../x' is not a key name");
            assertThat(repo.headCommit()).isEqualTo(head);
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada", ADA);
            TrustedKeys keys = repo.trustedKeys();
            assertThat(keys.files()).hasSize(1);
            assertThat(keys.files().get(0).rings().get(0).fingerprint()).isEqualTo(ada.fingerprint());
        }
    }

    /** The real git and gpg check mlpc's signatures: good on the signed commit, bad on the forged one. */
    @Test
    void gitVerifyCommitAgrees() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        Path dir = tmp.resolve("repo");
        String signedId;
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada", ADA);
            repo.signingWith(signer(ada, PASS));
            signedId = repo.commit(commit("a", 1, "signed")).id();
        }
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tmp.resolve("ada.pub.asc"), ada.armoredPublic());
        assertThat(run(dir, gnupg, "gpg", "--batch", "--import", tmp.resolve("ada.pub.asc").toString()).exit()).isZero();
        AuditFixtures.Result ok = run(dir, gnupg, "git", "verify-commit", "--raw", signedId);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("GOODSIG").contains(ada.keyId());
        String forged = git(dir, "cat-file", "commit", signedId).replace("signed", "signed and changed");
        AuditFixtures.Result bad = run(dir, gnupg, "git", "verify-commit", "--raw", hashObject(dir, forged));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out()).contains("BADSIG");
        run(dir, gnupg, "gpgconf", "--kill", "all");
    }

    static String hashObject(Path dir, String commitText) throws Exception {
        Process p = new ProcessBuilder("git", "hash-object", "-w", "-t", "commit", "--stdin").directory(dir.toFile())
                .redirectErrorStream(true).start();
        try (OutputStream o = p.getOutputStream()) {
            o.write(commitText.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static AuditFixtures.Result run(Path dir, Path gnupg, String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GNUPGHOME", gnupg.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new AuditFixtures.Result(p.exitValue(), out);
    }
}
