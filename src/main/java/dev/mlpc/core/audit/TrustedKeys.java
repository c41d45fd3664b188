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
 * primary key and subkey of those files. SSH signing keys are trusted through {@code keys/allowed_signers} (git's
 * {@code gpg.ssh.allowedSignersFile} format, one {@code principal[,principal…] key-type base64 [comment]} a line), a key
 * being trusted for the commits whose committer e-mail matches one of its principals.
 */
public final class TrustedKeys {
    /** Where trusted OpenPGP public keys live in the repository. */
    public static final String OPENPGP_DIR = "keys/openpgp";
    /** The file name ending of a trusted key file. */
    public static final String SUFFIX = ".asc";
    /** Where trusted SSH public keys live in the repository (git's allowed-signers format). */
    public static final String ALLOWED_SIGNERS = "keys/allowed_signers";

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

    private final String allowedSigners;

    TrustedKeys(List<KeyFile> files) {
        this(files, "");
    }

    TrustedKeys(List<KeyFile> files, String allowedSigners) {
        this.allowedSigners = allowedSigners == null ? "" : allowedSigners;
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

    /** The text of {@link #ALLOWED_SIGNERS} at head ("" when there is none). */
    public String allowedSigners() {
        return allowedSigners;
    }

    /** The entries of {@link #ALLOWED_SIGNERS} (comments and blank lines left out). */
    public List<String> allowedSignerLines() {
        return allowedSigners.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /**
     * The lines of {@link #ALLOWED_SIGNERS} whose principals (comma-separated, {@code *} and {@code ?} wildcards as in
     * ssh-keygen) match {@code email}, with the principals replaced by {@code email}: the allowed-signers text to check
     * a commit by that committer against.
     */
    String allowedSignersFor(String email) {
        StringBuilder b = new StringBuilder();
        if (email == null || email.isBlank()) return "";
        for (String line : allowedSignerLines()) {
            String principals;
            String rest;
            if (line.startsWith("\"")) {
                int end = line.indexOf('"', 1);
                if (end < 0) continue;
                principals = line.substring(1, end);
                rest = line.substring(end + 1).strip();
            } else {
                int sp = line.indexOf(' ');
                if (sp < 0) continue;
                principals = line.substring(0, sp);
                rest = line.substring(sp + 1).strip();
            }
            for (String p : principals.split(",")) {
                if (glob(p.strip(), email.trim())) {
                    b.append('"').append(email.trim()).append("\" ").append(rest).append('\n');
                    break;
                }
            }
        }
        return b.toString();
    }

    private static boolean glob(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return s.toLowerCase(java.util.Locale.ROOT).matches(re.toString());
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
        String allowed = "";
        if (rootTree != null) {
            ObjectId keysDir = cache.subtree(rootTree, "keys");
            Trees.Entry e = keysDir == null ? null : cache.entries(keysDir).get("allowed_signers");
            if (e != null && !e.isTree()) allowed = new String(cache.blob(e.id()), java.nio.charset.StandardCharsets.UTF_8);
        }
        return new TrustedKeys(files, allowed);
    }
}
