package dev.mlpc.core.audit;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * SSH commit signing (git's {@code gpg.format=ssh}) through JGit's SSH signer ({@code org.eclipse.jgit.ssh.apache},
 * found with {@link Signers#get}): the {@code gpgsig} header holds an {@code SSH SIGNATURE} armour over the commit,
 * namespace {@code git}, as {@code git commit -S} with an SSH key writes it. The key is an OpenSSH private key file
 * (ed25519, ECDSA or RSA; DSA is refused by JGit); it is loaded and a probe is signed when the signer is created, so a
 * missing key or a wrong passphrase refuses before any commit is written.
 */
public final class SshCommitSigner implements CommitSigner {
    private final Signer signer;
    private final GpgConfig config;
    private final String keyPath;
    private final char[] passphrase;
    private final String setting;
    private final String fingerprint;

    private SshCommitSigner(Signer signer, GpgConfig config, String keyPath, char[] passphrase, String setting, String fingerprint) {
        this.signer = signer;
        this.config = config;
        this.keyPath = keyPath;
        this.passphrase = passphrase;
        this.setting = setting;
        this.fingerprint = fingerprint;
    }

    /**
     * A signer with an OpenSSH private key file.
     *
     * @param privateKey the private key file (e.g. ~/.ssh/id_ed25519)
     * @param passphrase null or empty for an unprotected key; copied
     * @param setting    the setting to name in messages, e.g. "signing.key_file in settings.yaml"
     */
    public static SshCommitSigner fromKeyFile(Path privateKey, char[] passphrase, String setting) throws AuditException {
        if (privateKey == null) throw new AuditException("cannot sign commits: " + setting + ": no key file given");
        if (!Files.isRegularFile(privateKey)) {
            throw new AuditException("cannot sign commits: " + setting + ": " + privateKey + " is not a readable file");
        }
        String head;
        try {
            byte[] start = Files.readAllBytes(privateKey);
            head = new String(start, 0, Math.min(start.length, 200), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AuditException("cannot sign commits: " + setting + ": cannot read " + privateKey + " (" + ConfigRepository.firstLine(e.getMessage()) + ")");
        }
        if (!head.contains("PRIVATE KEY-----")) {
            throw new AuditException("cannot sign commits: " + setting + ": " + privateKey
                    + " is not an OpenSSH private key file (give the private key, e.g. ~/.ssh/id_ed25519, not the .pub)");
        }
        Signer signer = Signers.get(GpgConfig.GpgFormat.SSH);
        if (signer == null) {
            throw new AuditException("cannot sign commits: " + setting + ": JGit's SSH signer (org.eclipse.jgit.ssh.apache) is not on the class path");
        }
        Config c = new Config();
        c.setString("gpg", null, "format", "ssh");
        GpgConfig config = new GpgConfig(c);
        String key = privateKey.toAbsolutePath().toString();
        char[] pass = passphrase == null || passphrase.length == 0 ? null : passphrase.clone();
        SshCommitSigner s = new SshCommitSigner(signer, config, key, pass, setting, null);
        byte[] probe;
        try {
            probe = s.rawSign("mlpc signing check\n".getBytes(StandardCharsets.UTF_8), new PersonIdent("mlpc", "mlpc@localhost"));
        } catch (Exception e) {
            throw new AuditException("cannot sign commits: " + setting + ": the SSH key " + privateKey + " cannot sign ("
                    + describe(e) + (pass == null ? "; is it protected by a passphrase?" : "; is the passphrase right?") + ")");
        }
        String fpr = fingerprintOf(probe);
        return new SshCommitSigner(signer, config, key, pass, setting, fpr);
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = t.getCause()) {
            if (t.getMessage() == null) continue;
            if (!b.isEmpty()) b.append(": ");
            b.append(ConfigRepository.firstLine(t.getMessage()));
        }
        return b.isEmpty() ? e.getClass().getSimpleName() : b.toString();
    }

    /** The signing key's SHA256 fingerprint ("SHA256:…", as {@code ssh-keygen -l} prints it). */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String describe() {
        return "SSH key " + (fingerprint == null ? "" : fingerprint + " ") + "from " + keyPath;
    }

    @Override
    public byte[] sign(byte[] payload, PersonIdent committer) throws AuditException {
        try {
            return rawSign(payload, committer);
        } catch (Exception e) {
            throw new AuditException("cannot sign the commit with " + describe() + " (" + setting + "): "
                    + describe(e) + "; nothing was committed", e);
        }
    }

    private byte[] rawSign(byte[] payload, PersonIdent committer)
            throws CanceledException, IOException, UnsupportedSigningFormatException {
        GpgSignature s = signer.sign(null, config, payload, committer, keyPath, credentials(passphrase));
        return s.toExternalString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The SHA256 fingerprint of the key in an armored SSH signature, or null when it cannot be read. */
    static String fingerprintOf(byte[] armored) {
        try {
            return KeyUtils.getFingerPrint(SshSignatures.publicKey(armored));
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /** The SHA256 fingerprint of an OpenSSH public key line ({@code ssh-ed25519 AAAA… comment}). */
    public static String fingerprintOfPublicKey(String line) throws IOException {
        try {
            return KeyUtils.getFingerPrint(PublicKeyEntry.parsePublicKeyEntry(line.strip())
                    .resolvePublicKey(null, java.util.Map.of(), org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new IOException("not an OpenSSH public key (" + ConfigRepository.firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    /** Answers the key's passphrase prompt with the configured passphrase; refuses anything else. */
    private static CredentialsProvider credentials(char[] passphrase) {
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                for (CredentialItem i : items) {
                    if (!(i instanceof CredentialItem.CharArrayType || i instanceof CredentialItem.InformationalMessage
                            || i instanceof CredentialItem.YesNoType)) return false;
                }
                return true;
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
                for (CredentialItem i : items) {
                    if (i instanceof CredentialItem.CharArrayType p) {
                        if (passphrase == null) return false;
                        p.setValueNoCopy(Arrays.copyOf(passphrase, passphrase.length));
                    } else if (i instanceof CredentialItem.YesNoType yn) {
                        yn.setValue(false); // never "try again"
                    } else if (!(i instanceof CredentialItem.InformationalMessage)) {
                        throw new UnsupportedCredentialItem(uri, i.getPromptText());
                    }
                }
                return true;
            }
        };
    }
}
