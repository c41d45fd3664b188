package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.PersonIdent;

/**
 * Signs the commits a {@link ConfigRepository} writes (see {@link ConfigRepository#signingWith}). A signer is made
 * ready (key found, passphrase checked) when it is created, so a commit that cannot be signed is refused before
 * anything is written; {@link #sign} failing inside the commit loop also leaves the branch where it was.
 */
public interface CommitSigner {
    /** What signs, for messages: e.g. "OpenPGP key 0123…CDEF (signing in settings.yaml)". */
    String describe();

    /**
     * The armored detached signature over {@code payload} (the commit object without its signature header).
     *
     * @throws AuditException naming the setting when the key cannot sign
     */
    byte[] sign(byte[] payload, PersonIdent committer) throws AuditException;

    /**
     * Makes sure the key can sign (found, unlocked) without signing anything; a signer prepared when it is made does
     * nothing here. An apply calls it (through {@link ConfigRepository#checkSigning}) before anything runs.
     */
    default void ready() throws AuditException {
    }
}
