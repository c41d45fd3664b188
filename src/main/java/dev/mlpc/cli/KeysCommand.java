package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.OpenPgp;
import dev.mlpc.core.audit.SshCommitSigner;
import dev.mlpc.core.audit.TrustedKeys;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "keys", description = {"Trusted OpenPGP public keys for commit signatures (keys/openpgp/<name>.asc in the config repository)"
        + " and SSH public keys (keys/allowed_signers, git's allowed-signers format).",
        "  list       the trusted keys at the repository's head",
        "  add FILE   check FILE (an armored public key, e.g. from gpg --armor --export KEYID) and commit it",
        "             as keys/openpgp/<name>.asc: every change of trust is an audited commit",
        "  remove NAME  withdraw trust: commit the removal of keys/openpgp/NAME.asc"})
final class KeysCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, add or remove.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE|NAME", description = "With add: the public key file; with remove: the key's name.")
    String target;

    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "With add: the key's file name in keys/openpgp/ (default: the e-mail of its user id, else its key id); for an SSH key the signer's e-mail in keys/allowed_signers (default: the key's comment).")
    String name;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "With add: why (the commit message).")
    String message;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = "--format", defaultValue = "text", description = "With list: text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() throws StackException, AuditException, IOException {
        file = target == null || !"add".equals(action) ? null : Path.of(target);
        if ("list".equals(action) && target == null) return list();
        if ("add".equals(action) && file != null) return add();
        if ("remove".equals(action) && target != null) return remove();
        throw new UserError("mlpc keys: use 'list', 'add FILE' or 'remove NAME'");
    }

    private int remove() throws StackException, AuditException {
        try (ConfigRepository r = repository(repo)) {
            CommitInfo c = r.removeKey(target, message != null ? message : "Withdraw trust in OpenPGP key " + target, wb().author());
            out().println("Committed " + c.shortId() + " " + c.subject());
            c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
        }
        out().flush();
        return 0;
    }

    private int add() throws StackException, AuditException, IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("mlpc keys add: FILE: " + Problem.quote(file.toString()) + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserError("mlpc keys add: FILE: " + Problem.quote(file.toString()) + ": permission denied");
        } catch (IOException e) {
            throw new UserError("mlpc keys add: FILE: cannot read " + Problem.quote(file.toString()) + ": " + e.getMessage());
        }
        String sshLine = new String(data, StandardCharsets.UTF_8).strip();
        if (sshLine.matches("(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+ [A-Za-z0-9+/=]+( .*)?") && !sshLine.contains("\n")) {
            return addSsh(sshLine);
        }
        List<OpenPgp.KeyRing> rings;
        try {
            rings = OpenPgp.readPublicKeys(data);
        } catch (IOException e) {
            throw new UserError("mlpc keys add: " + file + ": " + e.getMessage());
        }
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
            throw new UserError("mlpc keys add: " + file + ": give the ARMORED public key (gpg --armor --export KEYID)");
        }
        OpenPgp.KeyRing first = rings.get(0);
        String keyName = name != null ? name : defaultName(first);
        String why = message != null ? message : "Trust OpenPGP key " + first.fingerprint()
                + (first.userId() == null ? "" : " (" + first.userId() + ")") + " for commit signatures";
        try (ConfigRepository r = repository(repo)) {
            CommitInfo c = r.commitKey(keyName, text, why, wb().author());
            out().println("Committed " + c.shortId() + " " + c.subject());
            for (OpenPgp.KeyRing k : rings) out().println("  trusted: " + k.fingerprint() + (k.userId() == null ? "" : "  " + k.userId()));
            c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
        }
        out().flush();
        return 0;
    }

    /** An SSH public key line: appended to keys/allowed_signers for --name EMAIL, else for the key's comment. */
    private int addSsh(String line) throws StackException, AuditException {
        String[] parts = line.split("\\s+", 3);
        String principal = name != null ? name : parts.length == 3 ? parts[2].strip() : null;
        if (principal == null || principal.isEmpty()) {
            throw new UserError("mlpc keys add: " + file + " is an SSH public key without a comment: give the signer's e-mail with --name EMAIL");
        }
        String fingerprint;
        try {
            fingerprint = SshCommitSigner.fingerprintOfPublicKey(line);
        } catch (IOException e) {
            throw new UserError("mlpc keys add: " + file + ": " + e.getMessage());
        }
        String why = message != null ? message : "Trust SSH key " + fingerprint + " of " + principal + " for commit signatures";
        try (ConfigRepository r = repository(repo)) {
            CommitInfo c = r.commitAllowedSigner(principal, line, why, wb().author());
            out().println("Committed " + c.shortId() + " " + c.subject());
            out().println("  trusted: " + fingerprint + "  " + principal);
            c.trailers().forEach((k, v) -> out().println("  " + k + ": " + v));
        }
        out().flush();
        return 0;
    }

    /** The e-mail of the key's user id (characters a key name allows), else its 16-hex key id. */
    static String defaultName(OpenPgp.KeyRing k) {
        String uid = k.userId();
        if (uid != null) {
            int lt = uid.lastIndexOf('<');
            int gt = uid.lastIndexOf('>');
            if (lt >= 0 && gt > lt + 1) {
                String mail = uid.substring(lt + 1, gt).replaceAll("[^A-Za-z0-9_.@-]", "_");
                if (!mail.isEmpty() && Character.isLetterOrDigit(mail.charAt(0)) && mail.length() <= 64) return mail;
            }
        }
        return k.fingerprint().substring(k.fingerprint().length() - 16);
    }

    private int list() throws StackException, AuditException, IOException {
        try (ConfigRepository r = repository(repo)) {
            TrustedKeys keys = r.trustedKeys();
            if (format == Format.json) {
                List<Object> rows = new ArrayList<>();
                for (TrustedKeys.KeyFile f : keys.files()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", f.path());
                    List<Object> rs = new ArrayList<>();
                    for (OpenPgp.KeyRing k : f.rings()) {
                        Map<String, Object> km = new LinkedHashMap<>();
                        km.put("fingerprint", k.fingerprint());
                        km.put("user_id", k.userId());
                        km.put("subkeys", k.keys().stream().skip(1).map(OpenPgp.PublicKey::fingerprint).toList());
                        rs.add(km);
                    }
                    m.put("keys", rs);
                    m.put("problem", f.problem());
                    rows.add(m);
                }
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else if (keys.files().isEmpty() && keys.allowedSignerLines().isEmpty()) {
                out().println("no trusted keys: signed commits verify as UNKNOWN_KEY until one is added (mlpc keys add FILE)");
            } else {
                for (TrustedKeys.KeyFile f : keys.files()) {
                    if (f.problem() != null) {
                        out().println(f.path() + "  UNREADABLE: " + f.problem());
                        continue;
                    }
                    for (OpenPgp.KeyRing k : f.rings()) {
                        out().println(f.path() + "  " + k.fingerprint() + (k.userId() == null ? "" : "  " + k.userId()));
                    }
                }
                for (String line : keys.allowedSignerLines()) {
                    String[] p = line.split("\\s+", 3);
                    String fpr;
                    try {
                        fpr = p.length >= 3 ? SshCommitSigner.fingerprintOfPublicKey(p[1] + " " + p[2]) : "UNREADABLE";
                    } catch (IOException e) {
                        fpr = "UNREADABLE: " + e.getMessage();
                    }
                    out().println(TrustedKeys.ALLOWED_SIGNERS + "  " + fpr + "  " + p[0]);
                }
            }
        }
        out().flush();
        return 0;
    }
}
