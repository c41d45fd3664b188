package dev.mlpc.core.audit;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds content that looks like a secret, so that it never reaches the config repository, the journal or an export.
 *
 * <p>Each finding is {@code path:line: reason [rule]}; the secret itself is never repeated in a finding. Rules:
 * <ul>
 *   <li>{@code private-key}: a PEM private key block ({@code -----BEGIN … PRIVATE KEY-----});</li>
 *   <li>{@code aws-access-key-id}: {@code AKIA…} / {@code ASIA…} followed by 16 upper-case letters or digits;</li>
 *   <li>{@code aws-secret-access-key}: {@code aws_secret_access_key} / {@code secret_access_key} assigned a
 *       40-character base64-like value;</li>
 *   <li>{@code azure-storage-key}: {@code AccountKey=…} or {@code SharedAccessKey=…} in a connection string;</li>
 *   <li>{@code secret-value}: a key named like a secret ({@code password}, {@code passwd}, {@code pwd},
 *       {@code secret}, {@code token}, {@code client_secret}, {@code private_key_passphrase}, also as the last word of a
 *       longer key such as {@code db_password} or {@code clientSecret}) given a value in YAML ({@code password: x}),
 *       JSON ({@code "password": "x"}), properties ({@code password=x}) or a URL query ({@code ?password=x});</li>
 *   <li>{@code sql-password}: SQL {@code PASSWORD '<literal>'};</li>
 *   <li>{@code url-credentials}: a password in the user-info part of a URL ({@code scheme://user:pw@host});</li>
 *   <li>{@code github-token} ({@code ghp_…}, {@code github_pat_…}) and {@code slack-token} ({@code xoxb-…}).</li>
 * </ul>
 * A value is fine when it is empty, {@code null}/{@code true}/{@code false}, masked ({@code ****}, {@code <redacted>}),
 * or a secret reference {@code ${env:NAME}} / {@code ${keychain:service/account}}: {@code password: ${env:PG_PW}} and
 * {@code PASSWORD '${env:PG_PW}'} are accepted.
 */
public final class SecretScanner {
    private static final Pattern PEM = Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])");
    private static final Pattern AWS_SECRET = Pattern.compile(
            "(?i)(?:secret_?access_?key)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])");
    private static final Pattern AZURE_KEY = Pattern.compile("(?i)(?:AccountKey|SharedAccessKey)\\s*=\\s*([^;\"'\\s]+)");
    private static final Pattern GITHUB = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})");
    private static final Pattern SLACK = Pattern.compile("(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}");
    private static final Pattern SQL_PASSWORD = Pattern.compile("(?i)(?<![A-Za-z0-9_])(?:PASSWORD|IDENTIFIED\\s+BY)\\s+E?'((?:[^']|'')*)'");
    /** A command-line flag with a secret: {@code --password hunter2}, {@code -p=x} is not matched (too short to tell). */
    private static final Pattern FLAG_SECRET = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_-])--?(?:[a-z0-9-]*-)?(?:password|passwd|pwd|secret|token|passphrase)(?:\\s+|=)(\"[^\"]*\"|'[^']*'|[^\\s\"'`]+)");
    /** Words that follow a flag in prose ("run with --password and type it"), not its value. */
    private static final Set<String> FLAG_PROSE = Set.of("and", "or", "to", "then", "option", "flag", "prompt", "prompts",
            "when", "if", "only", "instead", "asks", "so", "for", "from", "in", "on", "of", "with", "without");
    /** {@code pass=x} / {@code pass: x}: the short word as a whole key only ({@code bypass=true} is not a secret). */
    private static final Pattern PASS_KV = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])pass(?:\\s*=\\s*|\\s*:\\s+)(\"[^\"]*\"|'[^']*'|[^\\s,;&)}\\]\"'`]+)");
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "(?i)(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]*://[^/\\s:@'\"]+:([^@\\s/'\"]+)@");

    /** {@code key: value} or {@code key = value} at the start of a line (YAML, properties, env files). */
    private static final Pattern LINE_KV = Pattern.compile(
            "^\\s*(?:-\\s+)?(?:export\\s+)?[\"']?([A-Za-z0-9_.-]+)[\"']?\\s*[:=]\\s*(.*)$");
    /** {@code "key": value} anywhere (JSON, YAML flow style with quoted keys). */
    private static final Pattern QUOTED_KV = Pattern.compile(
            "[\"']([A-Za-z0-9_.-]+)[\"']\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[^\\s,{}\\[\\]\"']+)");
    /** {@code {key: value, key: value}} (YAML flow mappings). */
    private static final Pattern FLOW_KV = Pattern.compile(
            "[{,]\\s*([A-Za-z0-9_.-]+)\\s*:\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|\\$\\{[^}]*}|[^,}]*)");
    /**
     * {@code key=value} or {@code key: value} anywhere in a line: in prose (a commit message, a YAML comment, a
     * comment or description value), {@code PGPASSWORD=x}, {@code db password: x}, {@code # password=x}. The key is a
     * run of name characters ending in a secret word, also without a separator ({@code PGPASSWORD}).
     */
    private static final Pattern FREE_KV = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|passphrase))"
                    + "(?:\\s*=\\s*|\\s*:\\s+)(\"[^\"]*\"|'[^']*'|[^\\s,;&)}\\]\"'`]+)");
    /** Words that follow {@code password:} in prose without being a password. */
    private static final Set<String> PROSE = Set.of("is", "was", "are", "be", "the", "a", "an", "see", "set", "unset",
            "required", "optional", "rotated", "changed", "reset", "updated", "removed", "added", "to", "for", "use",
            "from", "in", "not", "must", "should", "will", "field", "value", "reference", "references", "n/a", "na",
            "expired", "missing", "empty", "none", "given", "stored", "kept", "only", "never");

    /** {@code ?key=value&key=value} and {@code ;key=value} (URLs, JDBC URLs). */
    private static final Pattern QUERY_KV = Pattern.compile("[?&;]([A-Za-z0-9_.-]+)=([^&;\\s\"'#]*)");

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "secret", "token", "passphrase");
    /** Words that, before {@code token}, name something that is not a credential (AWS pagination, idempotency). */
    private static final Set<String> HARMLESS_TOKEN_PREFIX = Set.of("next", "page", "continuation", "pagination",
            "idempotency", "client", "max", "sync", "cancel", "csrf");

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[_.\\-]+");
    private static final Pattern MASK = Pattern.compile("\\*+");
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*|\\{[A-Za-z_][A-Za-z0-9_]*})(?:\\s.*)?");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private SecretScanner() {
    }

    /**
     * Scans one text.
     *
     * @param path the name used in findings (a repository path, or e.g. "commit message")
     * @param text the content; {@code null} gives no findings
     * @return findings {@code path:line: reason [rule]}, in line order; empty when nothing looks like a secret
     */
    public static List<String> scan(String path, String text) {
        List<String> findings = new ArrayList<>();
        if (text == null || text.isEmpty()) return findings;
        String[] lines = LINE_BREAK.split(text, -1);
        for (int i = 0; i < lines.length; i++) {
            Set<String> found = new LinkedHashSet<>();
            scanLine(lines[i], found);
            for (String f : found) findings.add(path + ":" + (i + 1) + ": " + f);
        }
        return findings;
    }

    private static void scanLine(String line, Set<String> found) {
        if (line.isBlank()) return;
        // each rule runs only on lines holding its fixed part, so a long line costs a few scans, not a dozen
        String lower = line.toLowerCase(Locale.ROOT);
        if (line.contains("PRIVATE KEY") && PEM.matcher(line).find()) found.add("private key block (PEM) [private-key]");
        if ((line.contains("AKIA") || line.contains("ASIA")) && AWS_KEY_ID.matcher(line).find()) found.add("AWS access key id [aws-access-key-id]");
        Matcher m = AWS_SECRET.matcher(line);
        if (lower.contains("access") && m.find()) found.add("AWS secret access key [aws-secret-access-key]");
        m = AZURE_KEY.matcher(line);
        while ((lower.contains("accountkey") || lower.contains("sharedaccesskey")) && m.find()) {
            if (!harmless(m.group(1)) && m.group(1).length() >= 16) {
                found.add("Azure storage account key [azure-storage-key]");
                break;
            }
        }
        if ((line.contains("gh") || line.contains("github_pat_")) && GITHUB.matcher(line).find()) found.add("GitHub token [github-token]");
        if (line.contains("xox") && SLACK.matcher(line).find()) found.add("Slack token [slack-token]");
        m = SQL_PASSWORD.matcher(line);
        while ((lower.contains("password") || lower.contains("identified")) && m.find()) {
            if (!harmless(m.group(1).replace("''", "'"))) {
                found.add("SQL PASSWORD with a literal; use a reference such as ${env:NAME} [sql-password]");
                break;
            }
        }
        m = URL_CREDENTIALS.matcher(line);
        while (line.contains("://") && m.find()) {
            if (!harmless(m.group(1))) {
                found.add("password in a URL; use a reference such as ${env:NAME} [url-credentials]");
                break;
            }
        }
        for (String w : SECRET_WORDS) {
            if (lower.contains(w)) {
                keyValues(line, found);
                break;
            }
        }
        if (line.contains("-")) {
            m = FLAG_SECRET.matcher(line);
            while (m.find()) {
                String value = unquote(m.group(1));
                if (value.startsWith("-") || value.startsWith("$") || value.startsWith("<") || harmless(value)
                        || PROSE.contains(value.toLowerCase(Locale.ROOT)) || FLAG_PROSE.contains(value.toLowerCase(Locale.ROOT))) continue;
                found.add("secret on a command line flag; use a reference such as ${env:NAME} [flag-secret]");
                break;
            }
        }
        if (lower.contains("pass")) {
            m = PASS_KV.matcher(line);
            while (m.find()) {
                String value = unquote(m.group(1)).replaceAll("[.!?]+$", "");
                if (value.startsWith("$") || value.startsWith("<") || harmless(value) || PROSE.contains(value.toLowerCase(Locale.ROOT))) continue;
                if (value.startsWith("${") || SHELL_VARIABLE.matcher(value).matches()) continue;
                found.add("plain-text value for 'pass'; use ${env:NAME} or ${keychain:service/account} [secret-value]");
                break;
            }
        }
    }

    private static void keyValues(String line, Set<String> found) {
        Matcher m = LINE_KV.matcher(line);
        if (m.matches()) check(m.group(1), lineValue(m.group(2)), found);
        m = QUOTED_KV.matcher(line);
        while (m.find()) check(m.group(1), m.group(2).trim(), found);
        m = FLOW_KV.matcher(line);
        while (m.find()) check(m.group(1), m.group(2).trim(), found);
        m = QUERY_KV.matcher(line);
        while (m.find()) check(m.group(1), m.group(2).trim(), found);
        m = FREE_KV.matcher(line);
        while (m.find()) {
            String key = m.group(1);
            String value = unquote(m.group(2)).replaceAll("[.!?]+$", "");
            if (!isSecretKey(key) && !endsInSecretWord(key)) continue;
            if (PROSE.contains(value.toLowerCase(Locale.ROOT)) || value.startsWith("$") || value.startsWith("<")) continue;
            check(key, value, found);
        }
    }

    /** {@code PGPASSWORD}, {@code dbpassword}: a secret word glued to the end of a key (not after a harmless word). */
    private static boolean endsInSecretWord(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) {
            if (k.endsWith(w) && k.length() > w.length()) {
                String before = k.substring(0, k.length() - w.length()).replaceAll("[_.\\-]+$", "");
                return !(w.equals("token") && HARMLESS_TOKEN_PREFIX.stream().anyMatch(before::endsWith));
            }
        }
        return false;
    }

    /** A YAML / properties value: drops a trailing comment and a trailing comma from an unquoted value. */
    private static String lineValue(String raw) {
        String v = raw.trim();
        if (v.startsWith("\"") || v.startsWith("'")) {
            char q = v.charAt(0);
            int end = v.indexOf(q, 1);
            while (end > 0 && q == '"' && v.charAt(end - 1) == '\\') end = v.indexOf(q, end + 1);
            return end > 0 ? v.substring(0, end + 1) : v;
        }
        int hash = v.indexOf(" #");
        if (hash >= 0) v = v.substring(0, hash).trim();
        if (v.endsWith(",")) v = v.substring(0, v.length() - 1).trim();
        return v;
    }

    private static void check(String key, String value, Set<String> found) {
        if (!isSecretKey(key) && !endsInSecretWord(key)) return;
        String v = unquote(value);
        if (v.startsWith("{") || v.startsWith("[") || v.equals("|") || v.equals(">") || v.startsWith("&")
                || v.startsWith("*") && !MASK.matcher(v).matches()) {
            return; // a nested structure, block scalar header, anchor or alias: the value is elsewhere
        }
        if (harmless(v)) return;
        // a reference followed by more words (PGPASSWORD=${env:PG_PW} psql …), or a shell variable ($PG_PW)
        int close = v.indexOf('}');
        if (v.startsWith("${") && close > 0 && SecretRef.isReference(v.substring(0, close + 1))) return;
        if (SHELL_VARIABLE.matcher(v).matches()) return;
        found.add("plain-text value for " + Problem.quote(key) + "; use ${env:NAME} or ${keychain:service/account} [secret-value]");
    }

    private static String unquote(String v) {
        String s = v.trim();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1);
        }
        return s.trim();
    }

    /** True when the key names a secret: its last word (snake, kebab, dotted or camel case) is a secret word. */
    static boolean isSecretKey(String key) {
        String spaced = CAMEL.matcher(key).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        String[] words = WORD_SEPARATORS.split(spaced);
        if (words.length == 0) return false;
        String last = words[words.length - 1];
        if (!SECRET_WORDS.contains(last)) return false;
        if (last.equals("token") && words.length > 1 && HARMLESS_TOKEN_PREFIX.contains(words[words.length - 2])) {
            return false;
        }
        return true;
    }

    /** Values that are not secrets: empty, null-like, booleans, masks and secret references. */
    private static boolean harmless(String value) {
        String v = value.trim();
        if (v.isEmpty()) return true;
        String lower = v.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "null", "~", "none", "true", "false", "yes", "no", "redacted", "<redacted>", "[redacted]",
                    "***redacted***", "<secret>", "<hidden>" -> {
                return true;
            }
            default -> { }
        }
        if (MASK.matcher(v).matches()) return true;
        return SecretRef.isReference(v);
    }
}
