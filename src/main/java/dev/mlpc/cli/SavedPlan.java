package dev.mlpc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A plan saved by {@code mlpc plan --out PLANFILE} for {@code mlpc apply --plan PLANFILE}: the plan JSON (exactly as
 * {@code plan --format json} prints it, so nothing secret) with its SHA-256, and what it was made from: the stack file
 * and its content hash (and its commit in the config repository when the repository holds that content), the
 * connection (name, type and a hash of its settings, which hold secret references, never values), the provider and
 * the repository whose history fed the plan. The format is described in the README ("Saved plans").
 *
 * @param stackCommit the newest commit of the stack in the repository when that commit holds exactly the planned
 *                    file, else null
 * @param repository  the config repository the plan read the stack's history from, or null (none)
 */
record SavedPlan(String created, String stack, String stackFile, String stackSha256, String stackCommit,
                 String repository, String connection, String connectionType, String connectionSha256,
                 String provider, String planSha256, String planSummary, String planJson) {
    /** The value of {@code "format"}: a reader refuses any other. */
    static final String FORMAT = "mlpc-plan/1";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Lower-case hex SHA-256 of UTF-8 text. */
    static String sha256(String text) {
        return Plan.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of bytes. */
    static String sha256(byte[] bytes) {
        return Plan.sha256(bytes);
    }

    /**
     * The fingerprint of a connection profile: SHA-256 over its type and its settings as sorted {@code key=value}
     * lines. Settings hold secret references, never secret values, and only the hash is written.
     */
    static String connectionSha256(ConnectionProfile p) {
        StringBuilder b = new StringBuilder("type=").append(p.type()).append('\n');
        new TreeMap<>(p.settings()).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return sha256(b.toString());
    }

    /** Writes the plan file (atomically: a temporary file next to it, then moved over). */
    void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("created", created);
        m.put("stack", stack);
        m.put("stack_file", stackFile);
        m.put("stack_sha256", stackSha256);
        m.put("stack_commit", stackCommit);
        m.put("repository", repository);
        m.put("connection", connection);
        m.put("connection_type", connectionType);
        m.put("connection_sha256", connectionSha256);
        m.put("provider", provider);
        m.put("plan_sha256", planSha256);
        m.put("plan_summary", planSummary);
        m.put("plan", planJson);
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(m) + "\n");
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a plan file. Every problem is a {@link UserError} naming the file and the field: not readable, not JSON,
     * another format, a field missing or malformed, or a plan that no longer hashes to {@code plan_sha256} (the file
     * was edited after it was written).
     */
    static SavedPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("mlpc: --plan: " + file + " does not exist");
        } catch (IOException e) {
            throw new UserError("mlpc: --plan: " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode j;
        try {
            j = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserError("mlpc: " + file + ": not a plan file (not valid JSON: " + e.getOriginalMessage() + ")");
        }
        if (j == null || !j.isObject()) throw new UserError("mlpc: " + file + ": not a plan file (not a JSON object)");
        String format = optional(j, "format");
        if (!FORMAT.equals(format)) {
            throw new UserError("mlpc: " + file + ": format: " + (format == null ? "missing" : Problem.quote(format) + " is not known")
                    + " (this mlpc reads " + FORMAT + ")");
        }
        SavedPlan p = new SavedPlan(optional(j, "created"), required(file, j, "stack"), required(file, j, "stack_file"),
                hash(file, j, "stack_sha256"), optional(j, "stack_commit"), optional(j, "repository"),
                required(file, j, "connection"), required(file, j, "connection_type"), hash(file, j, "connection_sha256"),
                required(file, j, "provider"), hash(file, j, "plan_sha256"), optional(j, "plan_summary"),
                required(file, j, "plan"));
        if (!sha256(p.planJson()).equals(p.planSha256())) {
            throw new UserError("mlpc: refused: " + file + " was changed after it was written: its plan does not hash to"
                    + " its plan_sha256 (" + p.planSha256().substring(0, 12) + "). Nothing was run; plan again.");
        }
        return p;
    }

    /** The saved plan JSON as a tree. */
    JsonNode planTree() {
        try {
            return JSON.readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new UserError("mlpc: plan: the saved plan is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String optional(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(Path file, JsonNode j, String field) {
        JsonNode v = j.get(field);
        if (v == null || v.isNull()) throw new UserError("mlpc: " + file + ": " + field + ": missing");
        if (!v.isTextual() || v.asText().isEmpty()) throw new UserError("mlpc: " + file + ": " + field + ": must be a non-empty string");
        return v.asText();
    }

    private static String hash(Path file, JsonNode j, String field) {
        String v = required(file, j, field);
        if (!SHA256.matcher(v).matches()) throw new UserError("mlpc: " + file + ": " + field + ": must be a lower-case hex SHA-256");
        return v;
    }
}
