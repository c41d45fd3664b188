package dev.mlpc.core.audit;

import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Checks SSH commit signatures with JGit's SSH verifier against the allowed-signers text at the branch head
 * ({@link TrustedKeys#ALLOWED_SIGNERS}, git's {@code gpg.ssh.allowedSignersFile} format), limited to the entries whose
 * principals match the committer's e-mail: that text is written to a private temporary file for the check (JGit's verifier reads a file) and deleted after it.
 */
final class SshSignatures {
    private static final String MAGIC = "SSHSIG";

    private SshSignatures() {
    }

    /** The public key an armored SSH signature names. */
    static PublicKey publicKey(byte[] armored) throws IOException {
        String text = new String(armored, StandardCharsets.US_ASCII);
        String b64 = text.replace("-----BEGIN SSH SIGNATURE-----", "").replace("-----END SSH SIGNATURE-----", "")
                .replaceAll("\\s", "");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IOException("not base64: " + e.getMessage());
        }
        if (raw.length < 10 || !new String(raw, 0, 6, StandardCharsets.US_ASCII).equals(MAGIC)) {
            throw new IOException("not an SSH signature (no SSHSIG magic)");
        }
        try {
            ByteArrayBuffer b = new ByteArrayBuffer(raw, 6, raw.length - 6);
            b.getUInt(); // version
            return b.getPublicKey();
        } catch (RuntimeException e) {
            throw new IOException("the key in the SSH signature cannot be read: " + e.getMessage());
        }
    }

    static SignatureCheck check(String commitId, String committerEmail, byte[] payload, byte[] signature, TrustedKeys trusted) {
        String fingerprint = SshCommitSigner.fingerprintOf(signature);
        Path tmp = null;
        SignatureVerifier.SignatureVerification v;
        try {
            tmp = Files.createTempFile("mlpc-allowed-signers", "");
            Files.writeString(tmp, trusted.allowedSignersFor(committerEmail), StandardCharsets.UTF_8);
            Config c = new Config();
            c.setString("gpg", null, "format", "ssh");
            c.setString("gpg", "ssh", "allowedSignersFile", tmp.toAbsolutePath().toString());
            SignatureVerifier verifier = new SshSignatureVerifierFactory().create();
            v = verifier.verify(null, new GpgConfig(c), payload, signature);
            verifier.clear();
        } catch (IOException | RuntimeException e) {
            return new SignatureCheck(commitId, SignatureCheck.Status.BAD, fingerprint, null,
                    "the SSH signature cannot be checked: " + ConfigRepository.firstLine(String.valueOf(e.getMessage())));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file holding public keys only
                }
            }
        }
        String fpr = v.keyFingerprint() != null ? v.keyFingerprint() : fingerprint;
        if (v.verified()) {
            return new SignatureCheck(commitId, SignatureCheck.Status.GOOD, fpr, committerEmail,
                    "good SSH signature by " + committerEmail + " (" + fpr + ")");
        }
        if (v.trustLevel() == SignatureVerifier.TrustLevel.UNKNOWN) {
            // the signature itself verified; the key is not allowed for this committer
            return new SignatureCheck(commitId, SignatureCheck.Status.UNKNOWN_KEY, fpr, null,
                    "signed by SSH key " + fpr + ", which is not in " + TrustedKeys.ALLOWED_SIGNERS
                            + " at head for the committer's e-mail");
        }
        return new SignatureCheck(commitId, SignatureCheck.Status.BAD, fpr, null,
                "BAD SSH signature" + (fpr == null ? "" : " by key " + fpr) + ": "
                        + (v.message() == null ? "the commit is not what was signed (changed after signing)" : v.message()));
    }
}
