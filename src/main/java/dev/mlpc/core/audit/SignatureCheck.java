package dev.mlpc.core.audit;

/**
 * The signature of one commit as {@link ConfigRepository#signature} found it, against the trusted keys in the
 * repository at its head ({@code keys/openpgp/*.asc} for OpenPGP, {@code keys/allowed_signers} for SSH).
 *
 * @param commitId the full commit id
 * @param status   {@link Status#GOOD}: signed by a trusted key and the commit is what was signed; {@link Status#BAD}: the
 *                 signature does not match the commit (content changed after signing) or cannot be read;
 *                 {@link Status#UNKNOWN_KEY}: signed by a key that is not among the trusted keys (or in a format this
 *                 version cannot check); {@link Status#UNSIGNED}: no signature
 * @param keyId    OpenPGP: the signing key's fingerprint (upper-case hex) when the key is trusted, else the key id the
 *                 signature names (16 hex digits); SSH: the key's SHA256 fingerprint ("SHA256:…", as ssh-keygen -l
 *                 prints it); null when unsigned
 * @param signer   the trusted key's first user id ("Ada Admin &lt;ada@example.org&gt;"; SSH: the committer e-mail the
 *                 key is allowed for); null when the key is unknown
 * @param detail   one line for people: why the status is what it is
 */
public record SignatureCheck(String commitId, Status status, String keyId, String signer, String detail) {
    public enum Status { GOOD, BAD, UNKNOWN_KEY, UNSIGNED }

    /** True for {@link Status#GOOD}. */
    public boolean good() {
        return status == Status.GOOD;
    }
}
