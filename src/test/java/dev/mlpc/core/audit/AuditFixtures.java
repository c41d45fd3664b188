package dev.mlpc.core.audit;

import dev.mlpc.core.plan.Plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared helpers for the audit tests: stack commits with consistent generated files, and the real git command. */
final class AuditFixtures {
    static final Author ADA = new Author("Ada Admin", "ada@example.org");

    private AuditFixtures() {
    }

    static String yaml(String stack, int connectionLimit) {
        return "stack: " + stack + "\n"
                + "description: model registry backend\n"
                + "resources:\n"
                + "  - type: postgres.role\n"
                + "    name: mlflow_owner\n"
                + "    login: true\n"
                + "    password: ${env:PG_PW}\n"
                + "  - type: postgres.database\n"
                + "    name: mlflow\n"
                + "    owner: mlflow_owner\n"
                + "    connection_limit: " + connectionLimit + "\n";
    }

    /** What the fake renderer makes of a stack: a SQL file that depends on every byte of the YAML. */
    static String sql(String stack, String yaml) {
        return "-- stack " + stack + "\n-- source sha256 " + Plan.sha256(yaml.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "CREATE ROLE \"mlflow_owner\" LOGIN PASSWORD ${env:PG_PW};\n";
    }

    /** The fake regenerator matching {@link #sql}. */
    static final Regenerator REGEN = (stack, yaml) -> Map.of("generated/postgres/" + stack + ".sql", sql(stack, yaml));

    static String planJson(String stack, int create, int update, int replace, int drop) {
        return "{\n  \"stack\" : \"" + stack + "\",\n  \"summary\" : {\n    \"create\" : " + create
                + ",\n    \"update\" : " + update + ",\n    \"replace\" : " + replace + ",\n    \"drop\" : " + drop
                + "\n  },\n  \"changes\" : [ ],\n  \"warnings\" : [ ]\n}\n";
    }

    static StackCommit commit(String stack, int connectionLimit, String message) {
        return commit(stack, yaml(stack, connectionLimit), message, "no");
    }

    static StackCommit commit(String stack, String yaml, String message, String applied) {
        String plan = planJson(stack, 2, 1, 0, 0);
        Map<String, String> generated = new LinkedHashMap<>();
        generated.put("generated/postgres/" + stack + ".sql", sql(stack, yaml));
        generated.put("generated/postgres/" + stack + ".plan.json", plan);
        return new StackCommit(stack, "postgres", yaml, generated, "+2 ~1 -0",
                Plan.sha256(plan.getBytes(StandardCharsets.UTF_8)), applied, message, ADA, null, null);
    }

    /** Runs the real git command in {@code dir} and returns its standard output; fails on a non-zero exit. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        Result r = gitResult(dir, args);
        if (r.exit != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " exited " + r.exit + ":\n" + r.out);
        }
        return r.out;
    }

    record Result(int exit, String out) {
    }

    static Result gitResult(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Hand Editor", "-c",
                "user.email=hand@example.org", "-c", "safe.directory=*", "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }
}
