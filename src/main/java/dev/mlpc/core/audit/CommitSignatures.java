package dev.mlpc.core.audit;

import org.bouncycastle.openpgp.PGPException;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks commit signatures ({@link ConfigRepository#signature}, {@link ConfigRepository#signatures}) against the
 * {@link TrustedKeys} at the branch head (OpenPGP here, SSH through {@link SshSignatures}). The signed payload is the commit object without its {@code gpgsig} header,
 * as git signs and checks it, so {@code git verify-commit} and this agree.
 */
final class CommitSignatures {
    private static final byte[] GPGSIG = "gpgsig".getBytes(StandardCharsets.US_ASCII);
    private static final String SSH_ARMOR = "-----BEGIN SSH SIGNATURE-----";
    private static final String X509_ARMOR = "-----BEGIN SIGNED MESSAGE-----";

    private final TrustedKeys trusted;

    CommitSignatures(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    /** A commit's raw object split into what was signed and the signature (null when it has none). */
    record Split(byte[] payload, byte[] signature) { }

    /**
     * Removes the {@code gpgsig} header (its continuation lines start with one space) from a raw commit object. Only the
     * header part (up to the first empty line) is searched; the message is kept byte for byte.
     */
    static Split split(byte[] raw) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
        ByteArrayOutputStream sig = null;
        int i = 0;
        boolean inSig = false;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') end++;
            int next = Math.min(end + 1, raw.length);
            if (end == i) { // the empty line: the message follows
                payload.write(raw, i, raw.length - i);
                break;
            }
            if (inSig && raw[i] == ' ') {
                sig.write(raw, i + 1, next - i - 1);
            } else if (sig == null && startsWithHeader(raw, i, GPGSIG)) {
                inSig = true;
                sig = new ByteArrayOutputStream();
                sig.write(raw, i + GPGSIG.length + 1, next - i - GPGSIG.length - 1);
            } else {
                inSig = false;
                payload.write(raw, i, next - i);
            }
            i = next;
        }
        return new Split(payload.toByteArray(), sig == null ? null : sig.toByteArray());
    }

    private static boolean startsWithHeader(byte[] raw, int at, byte[] name) {
        if (at + name.length >= raw.length || raw[at + name.length] != ' ') return false;
        for (int k = 0; k < name.length; k++) if (raw[at + k] != name[k]) return false;
        return true;
    }

    SignatureCheck check(RevCommit c) {
        String id = c.name();
        Split s = split(c.getRawBuffer());
        if (s.signature() == null) return new SignatureCheck(id, SignatureCheck.Status.UNSIGNED, null, null, "not signed");
        String text = new String(s.signature(), StandardCharsets.US_ASCII).strip();
        if (text.startsWith(SSH_ARMOR)) {
            return SshSignatures.check(id, c.getCommitterIdent().getEmailAddress(), s.payload(), s.signature(), trusted);
        }
        if (text.startsWith(X509_ARMOR)) {
            return new SignatureCheck(id, SignatureCheck.Status.UNKNOWN_KEY, null, null,
                    "X.509 signature: not checked (mlpc trusts OpenPGP keys in " + TrustedKeys.OPENPGP_DIR + "/ and SSH keys in " + TrustedKeys.ALLOWED_SIGNERS + " only)");
        }
        OpenPgp.Signature sig;
        try {
            sig = OpenPgp.readSignature(s.signature());
        } catch (IOException | RuntimeException e) {
            return new SignatureCheck(id, SignatureCheck.Status.BAD, null, null,
                    "the signature cannot be read: " + ConfigRepository.firstLine(e.getMessage()));
        }
        OpenPgp.Issuer issuer = sig.issuer();
        OpenPgp.PublicKey key = trusted.find(issuer);
        if (key == null) {
            return new SignatureCheck(id, SignatureCheck.Status.UNKNOWN_KEY, issuer.display(), null,
                    "signed by key " + issuer.display() + ", which is not among the trusted keys ("
                            + TrustedKeys.OPENPGP_DIR + "/*" + TrustedKeys.SUFFIX + " at head)");
        }
        boolean ok;
        try {
            ok = sig.verify(key.key(), s.payload());
        } catch (PGPException | RuntimeException e) {
            return new SignatureCheck(id, SignatureCheck.Status.BAD, key.fingerprint(), key.userId(),
                    "the signature cannot be checked: " + ConfigRepository.firstLine(e.getMessage()));
        }
        if (!ok) {
            return new SignatureCheck(id, SignatureCheck.Status.BAD, key.fingerprint(), key.userId(),
                    "BAD signature by " + key.userId() + ": the commit is not what was signed (changed after signing)");
        }
        return new SignatureCheck(id, SignatureCheck.Status.GOOD, key.fingerprint(), key.userId(),
                "good signature by " + key.userId());
    }

}
