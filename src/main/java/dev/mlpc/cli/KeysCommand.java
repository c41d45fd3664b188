package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.OpenPgp;
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

@Command(name = "keys", description = {"Trusted OpenPGP public keys for commit signatures (keys/openpgp/<name>.asc in the config repository).",
        "  list       the trusted keys at the repository's head",
        "  add FILE   check FILE (an armored public key, e.g. from gpg --armor --export KEYID) and commit it",
        "             as keys/openpgp/<name>.asc: every change of trust is an audited commit"})
final class KeysCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "ACTION", description = "list or add.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "With add: the public key file.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "With add: the key's file name in keys/openpgp/ (default: the e-mail of its user id, else its key id).")
    String name;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "With add: why (the commit message).")
    String message;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = "--format", defaultValue = "text", description = "With list: text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() throws StackException, AuditException, IOException {
        if ("list".equals(action) && file == null) return list();
        if ("add".equals(action) && file != null) return add();
        throw new UserError("mlpc keys: use 'list' or 'add FILE'");
    }

    private int add() throws StackException, AuditException, IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("mlpc keys add: cannot read " + Problem.quote(file.toString()) + ": " + e.getMessage());
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
            } else if (keys.files().isEmpty()) {
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
            }
        }
        out().flush();
        return 0;
    }
}
