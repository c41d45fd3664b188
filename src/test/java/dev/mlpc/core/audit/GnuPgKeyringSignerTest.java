package dev.mlpc.core.audit;

import dev.mlpc.testing.PgpTestKeys;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing with a key of a GnuPG keyring (pubring.gpg + secring.gpg, written here with BouncyCastle) through JGit's
 * BouncyCastle signer; JGit finds the keyring through the system property {@code jgit.gpg.home}, read once per JVM, so
 * this class points it at one folder per test JVM.
 */
class GnuPgKeyringSignerTest {
    private static final Path GNUPG = gnupgHome();

    private static Path gnupgHome() {
        try {
            Path d = Files.createTempDirectory("mlpc-test-gnupg");
            System.setProperty("jgit.gpg.home", d.toString());
            return d;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKeyOfTheKeyringSignsAndAWrongPassphraseOrUnknownKeyIsRefused() throws Exception {
        PgpTestKeys ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", "ring pass");
        try (OutputStream o = Files.newOutputStream(GNUPG.resolve("pubring.gpg"))) {
            ada.pub().encode(o);
        }
        try (OutputStream o = Files.newOutputStream(GNUPG.resolve("secring.gpg"))) {
            ada.secret().encode(o);
        }
        assertThatThrownBy(() -> OpenPgpSigner.fromGnuPg("0x0123456789ABCDEF", "ring pass".toCharArray(), "signing.key in settings.yaml"))
                .hasMessageContaining("signing.key in settings.yaml");
        assertThatThrownBy(() -> OpenPgpSigner.fromGnuPg(ada.fingerprint(), "wrong".toCharArray(), "signing.key in settings.yaml"))
                .hasMessageContaining("signing.key in settings.yaml");
        OpenPgpSigner s = OpenPgpSigner.fromGnuPg(ada.fingerprint(), "ring pass".toCharArray(), "signing.key in settings.yaml");
        Path dir = Files.createTempDirectory("mlpc-ring-repo");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commitKey("ada", ada.armoredPublic(), "Trust Ada", ADA);
            repo.signingWith(s);
            CommitInfo c = repo.commit(commit("a", 1, "signed from the keyring"));
            SignatureCheck check = repo.signature(c.id());
            assertThat(check.status()).isEqualTo(SignatureCheck.Status.GOOD);
            assertThat(check.signer()).isEqualTo("Ada Admin <ada@example.org>");
        } finally {
            org.eclipse.jgit.util.FileUtils.delete(dir.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
        }
    }
}
