package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScannerTest {

    @Test
    void yamlPasswordLiteralIsFoundWithLineAndRuleButWithoutTheValue() {
        var findings = SecretScanner.scan("stacks/s.yaml", "stack: s\nresources:\n  - name: r\n    password: hunter2\n");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0)).startsWith("stacks/s.yaml:4: ").contains("[secret-value]").contains("'password'")
                .doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "password: hunter2",
            "  db_password: 'hunter2'",
            "clientSecret: abcdefgh",
            "client_secret = abcdefgh",
            "private_key_passphrase: correct horse",
            "export PG_PASSWORD=hunter2",
            "{\"password\": \"hunter2\"}",
            "{\"stack\":\"s\",\"auth\":{\"token\":\"abc.def.ghi\"}}",
            "url: jdbc:postgresql://db:5432/mlflow?user=app&password=hunter2",
            "conn: {user: app, pwd: hunter2}",
            "  - {type: postgres.role, name: w, password: \"hunter2\"}",
            "  - {type: postgres.role, name: w, password: 'it''s}', login: true}",
            "spring.datasource.password=hunter2",
    })
    void secretValuesAreFound(String line) {
        assertThat(SecretScanner.scan("f", line)).singleElement().asString().contains("[secret-value]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "password: ${env:PG_PW}",
            "password: \"${keychain:mlpc/postgres}\"",
            "{\"password\": \"${env:PG_PW}\"}",
            "  - {type: postgres.role, name: w, login: true, password: \"${env:MLREG_PW}\"}",
            "  - {type: postgres.role, name: w, password: ${env:MLREG_PW}, login: true}",
            "password:",
            "password: ''",
            "password: null",
            "password: \"********\"",
            "password_ref: hunter2-name",
            "require_password_change: true",
            "secret_arn: arn:aws:secretsmanager:eu-west-1:1:secret:x",
            "NextToken: eyJhbGciOi",
            "{\"ClientToken\": \"a1b2c3\", \"MaxTokens\": 5}",
            "max_tokens: 4096",
            "CREATE ROLE \"app\" LOGIN PASSWORD ${env:PG_PW};",
            "ALTER ROLE app PASSWORD '${env:PG_PW}';",
            "ALTER ROLE app PASSWORD NULL;",
            "url: jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres",
            "url: postgresql://app:${env:PG_PW}@db:5432/mlflow",
            "- connection passwords are references such as `${env:PG_PASSWORD}`",
            "description: rotate the password every 90 days",
            "AccountKey=${env:AZ_KEY}",
    })
    void referencesAndOrdinaryTextAreFine(String line) {
        assertThat(SecretScanner.scan("f", line)).isEmpty();
    }

    /** Issue 13 item 6: prose (commit messages, YAML comments, comment values) with a secret assigned anywhere. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Rotate the role, password=hunter2 for now",
            "PGPASSWORD=hunter2 psql -h db",
            "fixed the login (db password: hunter2)",
            "login: true   # password: hunter2",
            "# PGPASSWORD=s3cr3t",
            "    comment: \"temporary: password=hunter2\"",
            "use api_token: abcdef123456 in the header",
            "description: the admin password is set; password: correct-horse",
    })
    void secretsInProseAreFound(String line) {
        assertThat(SecretScanner.scan("commit message", line)).singleElement().asString()
                .startsWith("commit message:1: ").contains("[secret-value]").doesNotContain("hunter2");
    }

    /** Review findings: forms the scanner let through in commit messages. */
    @ParameterizedTest
    @ValueSource(strings = {
            "connect with --password hunter2 for now",
            "psql --password=hunter2",
            "mysql --db-password 'hunter2'",
            "pass=hunter2",
            "CREATE USER app IDENTIFIED BY 'hunter2';",
    })
    void flagsShortKeysAndIdentifiedByAreFound(String line) {
        assertThat(SecretScanner.scan("commit message", line)).isNotEmpty()
                .allSatisfy(f -> assertThat(f).doesNotContain("hunter2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pass the --password-file option",
            "bypass=true in the proxy settings",
            "--password ${env:PG_PW}",
            "--token $GH_TOKEN",
            "run with --password and type it",
            "IDENTIFIED BY '${env:APP_PW}'",
            "compass: north",
    })
    void flagsAndShortKeysWithoutASecretAreFine(String line) {
        assertThat(SecretScanner.scan("commit message", line)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Rotate the password every 90 days",
            "password",
            "The password: see the vault entry",
            "PGPASSWORD=${env:PG_PW} psql",
            "export PGPASSWORD=$PG_PW",
            "the password is a reference: password: ${keychain:mlpc/prod}",
            "NextToken=abc123 for paging",
            "max_tokens: 4096",
            "passwords are references such as `${env:PG_PASSWORD}`",
    })
    void proseWithoutASecretIsFine(String line) {
        assertThat(SecretScanner.scan("commit message", line)).isEmpty();
    }

    @Test
    void aVeryLongLineIsScannedInLinearTime() {
        // a 5 MB line of name characters and separators: the free-text pattern starts only at the beginning of a run
        String line = "a.".repeat(2_500_000) + "password=x1";
        assertThat(SecretScanner.scan("f", line)).hasSize(1);
    }

    @Test
    void sqlPasswordLiteral() {
        assertThat(SecretScanner.scan("generated/postgres/s.sql", "CREATE ROLE \"a\" LOGIN PASSWORD 'hunter2';"))
                .singleElement().asString().startsWith("generated/postgres/s.sql:1: ").contains("[sql-password]");
        assertThat(SecretScanner.scan("x.json", "\"statements\": [\"ALTER ROLE a PASSWORD E'it''s'\"]"))
                .anySatisfy(f -> assertThat(f).contains("[sql-password]"));
    }

    @Test
    void pemPrivateKey() {
        String pem = "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEowIBAAKCAQEA\n  -----END RSA PRIVATE KEY-----\n";
        assertThat(SecretScanner.scan("k.yaml", pem)).singleElement().asString()
                .startsWith("k.yaml:2: ").contains("[private-key]");
        assertThat(SecretScanner.scan("k", "-----BEGIN OPENSSH PRIVATE KEY-----")).hasSize(1);
        assertThat(SecretScanner.scan("k", "-----BEGIN PUBLIC KEY-----")).isEmpty();
        assertThat(SecretScanner.scan("k", "-----BEGIN CERTIFICATE-----")).isEmpty();
    }

    @Test
    void cloudKeysAndTokens() {
        assertThat(SecretScanner.scan("a", "access_key_id: AKIAIOSFODNN7EXAMPLE"))
                .singleElement().asString().contains("[aws-access-key-id]");
        assertThat(SecretScanner.scan("a", "role: ASIA1234567890ABCDEF"))
                .singleElement().asString().contains("[aws-access-key-id]");
        assertThat(SecretScanner.scan("a", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .anySatisfy(f -> assertThat(f).contains("[aws-secret-access-key]"));
        assertThat(SecretScanner.scan("a",
                "conn: DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;"))
                .anySatisfy(f -> assertThat(f).contains("[azure-storage-key]"));
        assertThat(SecretScanner.scan("a", "gh: ghp_" + "a".repeat(36)))
                .anySatisfy(f -> assertThat(f).contains("[github-token]"));
        assertThat(SecretScanner.scan("a", "hook: xoxb-123456789012-abcdefghij"))
                .anySatisfy(f -> assertThat(f).contains("[slack-token]"));
        assertThat(SecretScanner.scan("a", "url: https://app:hunter2@example.org/x"))
                .anySatisfy(f -> assertThat(f).contains("[url-credentials]"));
        assertThat(SecretScanner.scan("a", "name: AKIAPROJECTNAME")).isEmpty();
    }

    @Test
    void theRepositoryReadmeIsClean() {
        assertThat(SecretScanner.scan("README.md", ConfigRepository.README)).isEmpty();
    }
}
