package dev.mlpc.core.audit;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * OpenPGP commit signing, two ways:
 * <ul>
 *   <li>{@link #fromKeyFile}: an armored (or binary) secret-key file, read and unlocked with BouncyCastle here;</li>
 *   <li>{@link #fromGnuPg}: a key id or fingerprint in the user's GnuPG keyring ({@code GNUPGHOME} or
 *       {@code ~/.gnupg}; the system property {@code jgit.gpg.home} overrides both), through JGit's BouncyCastle
 *       signer ({@code org.eclipse.jgit.gpg.bc}, found with {@link Signers#get}); no gpg agent is involved.</li>
 * </ul>
 * Both find and unlock the key when created, so a missing key or a wrong passphrase refuses before any commit is
 * written. Messages name {@code setting}, the place the user configured signing.
 */
public final class OpenPgpSigner implements CommitSigner {
    private interface SignFn {
        byte[] sign(byte[] payload, PersonIdent committer) throws Exception;
    }

    private final String description;
    private final String setting;
    private final SignFn fn;
    private final String fingerprint;

    private OpenPgpSigner(String description, String setting, String fingerprint, SignFn fn) {
        this.description = description;
        this.setting = setting;
        this.fingerprint = fingerprint;
        this.fn = fn;
    }

    @Override
    public String describe() {
        return description;
    }

    /** The signing key's fingerprint (upper-case hex), when known. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public byte[] sign(byte[] payload, PersonIdent committer) throws AuditException {
        try {
            return fn.sign(payload, committer);
        } catch (AuditException e) {
            throw e;
        } catch (Exception e) {
            throw new AuditException("cannot sign the commit with " + description + " (" + setting + "): "
                    + ConfigRepository.firstLine(e.getMessage()) + "; nothing was committed", e);
        }
    }

    /**
     * A signer with a secret key from a file.
     *
     * @param file       armored or binary secret key(s), e.g. from {@code gpg --armor --export-secret-keys KEYID}
     * @param keyId      which key (fingerprint or key id, any case, optional {@code 0x}); null = the first key of the
     *                   file that can sign
     * @param passphrase null or empty for an unprotected key
     * @param setting    the setting to name in messages, e.g. "signing.key_file in settings.yaml"
     */
    public static OpenPgpSigner fromKeyFile(Path file, String keyId, char[] passphrase, String setting) throws AuditException {
        PGPSecretKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new AuditException("cannot sign commits: " + setting + ": " + file + " is not a readable OpenPGP secret-key file ("
                    + ConfigRepository.firstLine(e.getMessage()) + ")");
        }
        String want = normalise(keyId);
        List<PGPSecretKey> candidates = new ArrayList<>();
        for (PGPSecretKeyRing ring : rings) {
            for (PGPSecretKey k : ring) {
                if (!OpenPgp.canSign(k)) continue;
                String fpr = OpenPgp.fingerprint(k.getPublicKey());
                if (want == null || fpr.endsWith(want)) candidates.add(k);
            }
        }
        if (candidates.isEmpty()) {
            throw new AuditException("cannot sign commits: " + setting + ": " + file + " holds no secret key that can sign"
                    + (want == null ? "" : " with id " + keyId));
        }
        // prefer a signing subkey over the primary key, as gpg does
        PGPSecretKey k = candidates.stream().filter(c -> !c.isMasterKey()).findFirst().orElse(candidates.get(0));
        PGPPrivateKey pk;
        try {
            pk = OpenPgp.unlock(k, passphrase);
        } catch (PGPException | RuntimeException e) {
            throw new AuditException("cannot sign commits: " + setting + ": the passphrase does not unlock key "
                    + OpenPgp.fingerprint(k.getPublicKey()) + " in " + file + " (" + ConfigRepository.firstLine(e.getMessage()) + ")");
        }
        String fpr = OpenPgp.fingerprint(k.getPublicKey());
        return new OpenPgpSigner("OpenPGP key " + fpr + " from " + file, setting, fpr,
                (payload, committer) -> OpenPgp.sign(k, pk, payload, committer));
    }

    /**
     * A signer with a key of the user's GnuPG keyring, through JGit's BouncyCastle signer.
     *
     * @param keyId      fingerprint, key id or user id (e-mail) as gpg accepts it
     * @param passphrase null for an unprotected key
     */
    public static OpenPgpSigner fromGnuPg(String keyId, char[] passphrase, String setting) throws AuditException {
        if (keyId == null || keyId.isBlank()) {
            throw new AuditException("cannot sign commits: " + setting + ": no key id given");
        }
        Signer signer = Signers.get(GpgConfig.GpgFormat.OPENPGP);
        if (signer == null) {
            throw new AuditException("cannot sign commits: " + setting + ": JGit's OpenPGP signer (org.eclipse.jgit.gpg.bc) is not on the class path");
        }
        Config c = new Config();
        c.setString("gpg", null, "format", "openpgp");
        c.setString("user", null, "signingkey", keyId.trim());
        GpgConfig config = new GpgConfig(c);
        String key = keyId.trim();
        char[] pass = passphrase == null ? null : passphrase.clone();
        PersonIdent probe = new PersonIdent("mlpc", "mlpc@localhost");
        try {
            if (!signer.canLocateSigningKey(null, config, probe, key, credentials(pass))) {
                throw new AuditException("cannot sign commits: " + setting + ": key " + key
                        + " is not in the GnuPG keyring (" + gnupgHome() + ")");
            }
            // unlock once now, so a wrong passphrase is reported before anything is written
            signer.sign(null, config, "mlpc signing check\n".getBytes(StandardCharsets.UTF_8), probe, key, credentials(pass));
        } catch (CanceledException | IOException | UnsupportedSigningFormatException | RuntimeException e) {
            throw new AuditException("cannot sign commits: " + setting + ": key " + key + " in the GnuPG keyring cannot sign ("
                    + ConfigRepository.firstLine(e.getMessage()) + "; is the passphrase right?)");
        }
        return new OpenPgpSigner("OpenPGP key " + key + " from the GnuPG keyring", setting, null, (payload, committer) -> {
            GpgSignature s = signer.sign(null, config, payload, committer, key, credentials(pass));
            return s.toExternalString().getBytes(StandardCharsets.US_ASCII);
        });
    }

    /** Where JGit's signer looks for the GnuPG keyring (for messages). */
    static String gnupgHome() {
        String p = System.getProperty("jgit.gpg.home");
        if (p != null) return p;
        String env = System.getenv("GNUPGHOME");
        return env != null ? env : "~/.gnupg";
    }

    private static String normalise(String keyId) {
        if (keyId == null || keyId.isBlank()) return null;
        String k = keyId.trim().replace(" ", "").toUpperCase(Locale.ROOT);
        return k.startsWith("0X") ? k.substring(2) : k;
    }

    /** Answers JGit's passphrase prompt with the configured passphrase; refuses anything else. */
    private static CredentialsProvider credentials(char[] passphrase) {
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                for (CredentialItem i : items) {
                    if (!(i instanceof CredentialItem.CharArrayType || i instanceof CredentialItem.InformationalMessage)) return false;
                }
                return true;
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
                for (CredentialItem i : items) {
                    if (i instanceof CredentialItem.CharArrayType p) {
                        if (passphrase == null) return false;
                        p.setValueNoCopy(Arrays.copyOf(passphrase, passphrase.length));
                    } else if (!(i instanceof CredentialItem.InformationalMessage)) {
                        throw new UnsupportedCredentialItem(uri, i.getPromptText());
                    }
                }
                return true;
            }
        };
    }
}
