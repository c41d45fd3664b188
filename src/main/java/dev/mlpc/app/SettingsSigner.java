package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitSigner;
import dev.mlpc.core.audit.OpenPgpSigner;
import dev.mlpc.core.audit.SshCommitSigner;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.file.Path;

/**
 * The commit signer of {@code signing:} in settings.yaml. The key is found and unlocked on first use ({@link #ready} or
 * the first {@link #sign}), not when a repository is opened, so reading the history never needs the passphrase; any
 * failure names the setting and nothing is committed. The passphrase is resolved from its reference each time the key
 * is unlocked and kept nowhere else.
 */
final class SettingsSigner implements CommitSigner {
    private final Settings.Signing signing;
    private final SecretResolver secrets;
    private volatile CommitSigner delegate;

    SettingsSigner(Settings.Signing signing, SecretResolver secrets) {
        this.signing = signing;
        this.secrets = secrets;
    }

    @Override
    public String describe() {
        CommitSigner d = delegate;
        if (d != null) return d.describe();
        if (signing.ssh()) return "SSH key from " + signing.keyFile();
        return "OpenPGP key " + (signing.key() != null ? signing.key() : "") + (signing.keyFile() != null ? " from " + signing.keyFile() : "");
    }

    @Override
    public synchronized void ready() throws AuditException {
        if (delegate != null) return;
        char[] pass = null;
        if (signing.passphrase() != null) {
            SecretRef ref = SecretRef.parse(signing.passphrase()).orElseThrow(() -> new AuditException(
                    "cannot sign commits: " + Settings.Signing.where("passphrase") + " " + SecretRef.expectedForm()));
            try {
                pass = secrets.resolve(ref).toCharArray();
            } catch (SecretResolver.SecretUnavailableException e) {
                throw new AuditException("cannot sign commits: " + Settings.Signing.where("passphrase") + ": " + e.getMessage()
                        + "; nothing was committed");
            }
        }
        try {
            delegate = signing.ssh()
                    ? SshCommitSigner.fromKeyFile(Path.of(signing.keyFile()), pass, Settings.Signing.where("key_file"))
                    : signing.keyFile() != null
                    ? OpenPgpSigner.fromKeyFile(Path.of(signing.keyFile()), signing.key(), pass, Settings.Signing.where("key_file"))
                    : OpenPgpSigner.fromGnuPg(signing.key(), pass, Settings.Signing.where("key"));
        } finally {
            if (pass != null) java.util.Arrays.fill(pass, '\0');
        }
    }

    @Override
    public byte[] sign(byte[] payload, PersonIdent committer) throws AuditException {
        ready();
        return delegate.sign(payload, committer);
    }
}
