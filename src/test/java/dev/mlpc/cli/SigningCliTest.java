package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.Settings;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.testing.PgpTestKeys;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12, item 4 through the CLI: signing configured in settings.yaml signs every commit mlpc writes; {@code keys add}
 * trusts a key with an audited commit; {@code verify} reports each commit's signature (text and JSON); a wrong or
 * missing passphrase refuses the commit naming the setting, with nothing written.
 */
class SigningCliTest {
    static final String PASS = "s3cret pass phrase";
    @TempDir Path tmp;
    Path home;
    Path repo;
    PgpTestKeys ada;
    Map<String, String> env;

    record Run(int code, String out, String err) { }

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        repo = tmp.resolve("repo");
        env = new HashMap<>(Map.of("MLPC_HOME", home.toString(), "MLPC_TEST_SIGNING_PASS", PASS));
        ada = PgpTestKeys.generate("Ada Admin <ada@example.org>", PASS);
        Files.writeString(tmp.resolve("ada.sec.asc"), ada.armoredSecret());
        Files.writeString(tmp.resolve("ada.pub.asc"), ada.armoredPublic());
        assertThat(mlpc("init", repo.toString()).code()).isZero();
    }

    private void signingSettings(String passphrase) throws Exception {
        Files.writeString(home.resolve("settings.yaml"), "author: {name: Ada Admin, email: ada@example.org}\n"
                + "signing:\n  format: openpgp\n  key_file: " + tmp.resolve("ada.sec.asc") + "\n  passphrase: " + passphrase + "\n");
    }

    private Run commitStack(int limit) throws Exception {
        Path s = tmp.resolve("s.yaml");
        Files.writeString(s, "stack: s\nresources:\n  - {type: postgres.role, name: r1, connection_limit: " + limit + "}\n");
        return mlpc("commit", s.toString(), "--repo", repo.toString(), "-m", "limit " + limit);
    }

    @Test
    void signedCommitsVerifyGoodOnceTheKeyIsTrusted() throws Exception {
        assertThat(commitStack(1).code()).isZero(); // before signing: unsigned
        signingSettings("${env:MLPC_TEST_SIGNING_PASS}");
        Run add = mlpc("keys", "add", tmp.resolve("ada.pub.asc").toString(), "--repo", repo.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("trusted: " + ada.fingerprint()).contains("Config: keys/openpgp/ada@example.org.asc");
        Run c2 = commitStack(2);
        assertThat(c2.code()).as(c2.err()).isZero();

        Run list = mlpc("keys", "list", "--repo", repo.toString());
        assertThat(list.out()).contains("keys/openpgp/ada@example.org.asc  " + ada.fingerprint() + "  Ada Admin <ada@example.org>");

        Run text = mlpc("verify", "--repo", repo.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("signatures: 2 good, 0 bad, 0 unknown key, 2 unsigned (of 4 commits; 0 required");
        assertThat(text.out()).containsPattern("(?m)^  [0-9a-f]{7}  UNSIGNED     not signed$");

        Run json = mlpc("verify", "--repo", repo.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("signatures")).hasSize(4);
        JsonNode newest = j.get("signatures").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("GOOD");
        assertThat(newest.get("key").asText()).isEqualTo(ada.fingerprint());
        assertThat(newest.get("signer").asText()).isEqualTo("Ada Admin <ada@example.org>");
        assertThat(j.get("signatures").get(1).get("status").asText()).as("the keys add commit is signed too").isEqualTo("GOOD");
        assertThat(j.get("signature_summary").get("unsigned").asInt()).isEqualTo(2);
        // the commits are signed in the git sense: any git tool sees the signature header
        try (Git g = Git.open(repo.toFile())) {
            assertThat(g.log().setMaxCount(1).call().iterator().next().getRawGpgSignature()).isNotNull();
        }
    }

    /** policy.yaml saying signatures: required makes verify fail on a later unsigned commit, naming it. */
    @Test
    void verifyFailsOnAnUnsignedCommitWherePolicyRequiresSignatures() throws Exception {
        signingSettings("${env:MLPC_TEST_SIGNING_PASS}");
        assertThat(mlpc("keys", "add", tmp.resolve("ada.pub.asc").toString(), "--repo", repo.toString()).code()).isZero();
        try (dev.mlpc.core.audit.ConfigRepository r = dev.mlpc.core.audit.ConfigRepository.open(repo)) {
            r.commitFile("policy.yaml", "signatures: required\n", "Require signed commits",
                    new dev.mlpc.core.audit.Author("Ada Admin", "ada@example.org")); // unsigned: the policy before it did not require
        }
        assertThat(commitStack(1).code()).isZero(); // signed
        Run signed = mlpc("verify", "--repo", repo.toString());
        assertThat(signed.code()).as(signed.out() + signed.err()).isZero();
        assertThat(signed.out()).contains("1 required a signature by policy.yaml");

        Files.delete(home.resolve("settings.yaml")); // signing off: the next commit is unsigned
        assertThat(commitStack(2).code()).isZero();
        String unsigned;
        try (Git g = Git.open(repo.toFile())) {
            unsigned = g.getRepository().resolve("HEAD").name();
        }
        Run v = mlpc("verify", "--repo", repo.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.err()).contains(unsigned.substring(0, 7) + ": signatures are required by policy.yaml, but the commit is UNSIGNED");
        assertThat(v.out()).containsPattern(unsigned.substring(0, 7) + "  UNSIGNED .*\\[required by policy.yaml\\]");
        JsonNode j = new ObjectMapper().readTree(mlpc("verify", "--repo", repo.toString(), "--format", "json").out());
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("signatures").get(0).get("required").asBoolean()).isTrue();
        assertThat(j.get("signatures").get(0).get("status").asText()).isEqualTo("UNSIGNED");
        assertThat(j.get("signatures").get(2).get("required").asBoolean()).as("the policy commit itself").isFalse();
    }

    @Test
    void aWrongOrMissingPassphraseRefusesTheCommitNamingTheSetting() throws Exception {
        String head;
        try (Git g = Git.open(repo.toFile())) {
            head = g.getRepository().resolve("HEAD").name();
        }
        env.put("MLPC_TEST_SIGNING_PASS", "not the passphrase");
        signingSettings("${env:MLPC_TEST_SIGNING_PASS}");
        Run wrong = commitStack(1);
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("signing.key_file in settings.yaml").contains("passphrase does not unlock key " + ada.fingerprint())
                .doesNotContain("Exception");
        env.remove("MLPC_TEST_SIGNING_PASS");
        Run missing = commitStack(1);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("signing.passphrase in settings.yaml").contains("MLPC_TEST_SIGNING_PASS is not set");
        try (Git g = Git.open(repo.toFile())) {
            assertThat(g.getRepository().resolve("HEAD").name()).as("nothing committed").isEqualTo(head);
            assertThat(g.status().call().isClean()).isTrue();
        }
        // reading needs no key: log and verify still work
        assertThat(mlpc("log", "--repo", repo.toString()).code()).isZero();
    }

    @Test
    void settingsRefuseAPlainPassphraseAndUnknownFormats() throws Exception {
        signingSettings("hunter2");
        assertThatThrownBy(() -> Settings.load(home.resolve("settings.yaml"))).isInstanceOf(StackException.class)
                .hasMessageContaining("signing.passphrase").hasMessageContaining("${env:VARIABLE}");
        Run c = commitStack(1);
        assertThat(c.code()).isEqualTo(1);
        assertThat(c.err()).contains("signing.passphrase");
        Files.writeString(home.resolve("settings.yaml"), "signing: {format: ssh, key: ~/.ssh/id_ed25519.pub}\n");
        assertThatThrownBy(() -> Settings.load(home.resolve("settings.yaml")))
                .hasMessageContaining("signing.key_file").hasMessageContaining("OpenSSH private key file");
        Files.writeString(home.resolve("settings.yaml"), "signing: {format: x509, key: 0x" + ada.keyId() + "}\n");
        assertThatThrownBy(() -> Settings.load(home.resolve("settings.yaml")))
                .hasMessageContaining("signing.format").hasMessageContaining("must be openpgp or ssh");
        Files.writeString(home.resolve("settings.yaml"), "signing: {format: openpgp}\n");
        assertThatThrownBy(() -> Settings.load(home.resolve("settings.yaml"))).hasMessageContaining("signing.key");
        // a round trip keeps the signing settings
        Settings s = Settings.defaults().withSigning(new Settings.Signing("openpgp", "0x" + ada.keyId(), null, "${keychain:mlpc/signing}"));
        s.save(home.resolve("settings.yaml"));
        assertThat(Settings.load(home.resolve("settings.yaml")).signing()).isEqualTo(s.signing());
    }

    @Test
    void keysAddRefusesASecretKeyWithoutCommitting() throws Exception {
        Run add = mlpc("keys", "add", tmp.resolve("ada.sec.asc").toString(), "--repo", repo.toString());
        assertThat(add.code()).isEqualTo(1);
        assertThat(add.err()).contains("SECRET key");
        Run missing = mlpc("keys", "add", tmp.resolve("nonexistent.asc").toString(), "--repo", repo.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("FILE: '" + tmp.resolve("nonexistent.asc") + "': no such file");
        Run list = mlpc("keys", "list", "--repo", repo.toString());
        assertThat(list.out()).contains("no trusted keys");
    }

    /** format: ssh end to end: keys add of an SSH public key (its comment as principal), signed commits verify GOOD. */
    @Test
    void sshSignedCommitsVerifyGoodOnceTheKeyIsInAllowedSigners() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", PASS, "-C", "ada@example.org",
                "-f", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        Files.writeString(home.resolve("settings.yaml"), "author: {name: Ada Admin, email: ada@example.org}\n"
                + "signing:\n  format: ssh\n  key_file: " + key + "\n  passphrase: ${env:MLPC_TEST_SIGNING_PASS}\n");
        Run add = mlpc("keys", "add", key + ".pub", "--repo", repo.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("trusted: SHA256:").contains("ada@example.org").contains("Config: keys/allowed_signers");
        Run c = commitStack(3);
        assertThat(c.code()).as(c.err()).isZero();
        Run list = mlpc("keys", "list", "--repo", repo.toString());
        assertThat(list.out()).containsPattern("keys/allowed_signers  SHA256:\\S+  ada@example.org");
        Run json = mlpc("verify", "--repo", repo.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode newest = new ObjectMapper().readTree(json.out()).get("signatures").get(0);
        assertThat(newest.get("status").asText()).as(newest.toString()).isEqualTo("GOOD");
        assertThat(newest.get("key").asText()).startsWith("SHA256:");
        // a wrong passphrase refuses the commit, nothing written
        env.put("MLPC_TEST_SIGNING_PASS", "wrong");
        String head = new String(new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start().getInputStream().readAllBytes()).trim();
        Run refused = commitStack(4);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("signing.key_file in settings.yaml");
        String after = new String(new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start().getInputStream().readAllBytes()).trim();
        assertThat(after).isEqualTo(head);
    }
}
