package dev.mlpc.core.audit;

import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys a config repository trusts for commit signatures: every {@code keys/openpgp/<name>.asc} at the
 * branch head (one or more armored OpenPGP public keys per file, added with {@code mlpc keys add}, so every change of
 * trust is itself an audited commit). A signature is matched by its issuer fingerprint (or key id) against every
 * primary key and subkey of those files.
 */
public final class TrustedKeys {
    /** Where trusted OpenPGP public keys live in the repository. */
    public static final String OPENPGP_DIR = "keys/openpgp";
    /** The file name ending of a trusted key file. */
    public static final String SUFFIX = ".asc";

    /**
     * One key file.
     *
     * @param path    its path in the repository
     * @param rings   the key rings it holds (empty when unreadable)
     * @param problem why it could not be read, else null
     */
    public record KeyFile(String path, List<OpenPgp.KeyRing> rings, String problem) { }

    private final List<KeyFile> files;
    private final Map<String, OpenPgp.PublicKey> byFingerprint = new HashMap<>();
    private final Map<String, OpenPgp.PublicKey> byKeyId = new HashMap<>();

    TrustedKeys(List<KeyFile> files) {
        this.files = List.copyOf(files);
        for (KeyFile f : files) {
            for (OpenPgp.KeyRing r : f.rings()) {
                for (OpenPgp.PublicKey k : r.keys()) {
                    byFingerprint.putIfAbsent(k.fingerprint(), k);
                    byKeyId.putIfAbsent(k.keyId(), k);
                }
            }
        }
    }

    /** The key files, by path. */
    public List<KeyFile> files() {
        return files;
    }

    /** The trusted key a signature names, or null. */
    OpenPgp.PublicKey find(OpenPgp.Issuer issuer) {
        if (issuer.fingerprint() != null) {
            OpenPgp.PublicKey k = byFingerprint.get(issuer.fingerprint());
            if (k != null) return k;
        }
        return issuer.keyId() == null ? null : byKeyId.get(issuer.keyId());
    }

    static TrustedKeys read(Trees.Cache cache, ObjectId rootTree) throws IOException {
        List<KeyFile> files = new ArrayList<>();
        ObjectId dir = rootTree == null ? null : cache.subtree(rootTree, OPENPGP_DIR);
        for (Trees.Entry e : cache.entries(dir).values()) {
            if (e.isTree() || !e.name().endsWith(SUFFIX)) continue;
            String path = OPENPGP_DIR + "/" + e.name();
            try {
                files.add(new KeyFile(path, OpenPgp.readPublicKeys(cache.blob(e.id())), null));
            } catch (IOException ex) {
                files.add(new KeyFile(path, List.of(), ex.getMessage()));
            }
        }
        return new TrustedKeys(files);
    }
}
