package dev.mlpc.core.audit;

import dev.mlpc.core.plan.Plan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.mlpc.core.audit.AuditFixtures.ADA;
import static dev.mlpc.core.audit.AuditFixtures.git;

/**
 * A config repository for the audit report tests: stack commits with real plans (changes, safety, statements), a
 * target, an applied commit with its journal (one statement failed), a commit whose message is hostile HTML, an
 * approval record naming a proposal, made by hand by another person, and a commit carrying a signature header.
 */
final class ReportFixture {
    static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> & \"q\" </script>";
    static final String TARGET = "postgres 127.0.0.1:5432/appdb";

    final Path dir;
    String proposal;      // the b commit the approval names
    String approval;
    String hostile;
    String applied;
    String signed;

    private ReportFixture(Path dir) {
        this.dir = dir;
    }

    static String plan(String stack, String... changes) {
        StringBuilder b = new StringBuilder("{\n  \"stack\" : \"" + stack + "\",\n  \"summary\" : {\n    \"create\" : "
                + changes.length + ",\n    \"update\" : 0,\n    \"replace\" : 0,\n    \"drop\" : 0\n  },\n  \"changes\" : [");
        for (int i = 0; i < changes.length; i++) {
            String[] c = changes[i].split("\\|", -1); // type|name|safety|statement
            b.append(i == 0 ? "\n" : ",\n").append("    {\"action\" : \"create\", \"type\" : \"").append(c[0])
                    .append("\", \"name\" : \"").append(c[1]).append("\", \"safety\" : \"").append(c[2])
                    .append("\", \"statements\" : [ \"").append(c[3]).append("\" ]}");
        }
        return b.append(" ],\n  \"warnings\" : [ ]\n}\n").toString();
    }

    static StackCommit stackCommit(String stack, int limit, String message, String plan) {
        String yaml = AuditFixtures.yaml(stack, limit);
        Map<String, String> generated = new LinkedHashMap<>();
        generated.put("generated/postgres/" + stack + ".sql", AuditFixtures.sql(stack, yaml));
        generated.put("generated/postgres/" + stack + ".plan.json", plan);
        int n = plan.split("\"action\"", -1).length - 1;
        return new StackCommit(stack, "postgres", yaml, generated, "+" + n + " ~0 -0",
                Plan.sha256(plan.getBytes(StandardCharsets.UTF_8)), "no", message, ADA, null, null);
    }

    static ReportFixture create(Path dir) throws Exception {
        ReportFixture f = new ReportFixture(dir);
        String planA = plan("a", "postgres.role|mlflow_owner|safe|CREATE ROLE \\\"mlflow_owner\\\" LOGIN",
                "postgres.database|mlflow|unsafe|CREATE DATABASE \\\"mlflow\\\" OWNER \\\"mlflow_owner\\\"");
        String planB = plan("b", "postgres.schema|s|destructive|DROP SCHEMA \\\"s\\\"");
        try (ConfigRepository repo = ConfigRepository.init(dir)) {
            repo.commit(stackCommit("a", 1, "a one", planA).withTrailers(Map.of("Target", TARGET, "Target-Connection", "prod-pg")));
            f.proposal = repo.commit(stackCommit("b", 1, "b proposed", planB)
                    .withTrailers(Map.of("Target", TARGET, "Target-Connection", "prod-pg", "Approval", "required (1)"))).id();
            String journal = """
                    {
                      "stack" : "a",
                      "connection" : "prod-pg",
                      "connection_type" : "postgres",
                      "plan_sha256" : "%s",
                      "plan" : "+2 ~0 -0",
                      "started" : "2026-12-01T10:00:00Z",
                      "finished" : "2026-12-01T10:00:01Z",
                      "outcome" : "failed",
                      "failure" : "statement 2 failed",
                      "statements" : [ {
                        "change" : "create",
                        "resource" : "postgres.role mlflow_owner",
                        "statement" : "CREATE ROLE \\"mlflow_owner\\" LOGIN",
                        "outcome" : "succeeded",
                        "millis" : 12
                      }, {
                        "change" : "create",
                        "resource" : "postgres.database mlflow",
                        "statement" : "CREATE DATABASE \\"mlflow\\" OWNER \\"mlflow_owner\\" -- <b>bold</b>",
                        "outcome" : "failed",
                        "millis" : 7,
                        "error" : "permission denied <script>x()</script>"
                      } ]
                    }
                    """.formatted(Plan.sha256(planA.getBytes(StandardCharsets.UTF_8)));
            f.applied = repo.commit(stackCommit("a", 1, "a applied", planA)
                    .withOutcome("failed (statement 2 failed)", "journal/a/20261201T100000000Z-1.json", journal)).id();
            f.hostile = repo.commit(stackCommit("a", 2, HOSTILE + "\n\nbody " + HOSTILE, planA)).id();
        }
        String planSha = Plan.sha256(planB.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("approvals/b/" + f.proposal.substring(0, 7) + "/20261202T000000Z-approve.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"proposal\":\"" + f.proposal + "\",\"stack\":\"b\",\"plan_sha256\":\"" + planSha
                + "\",\"decision\":\"approve\",\"by\":{\"name\":\"Hand Editor\",\"email\":\"hand@example.org\"},\"reason\":null}\n");
        git(dir, "add", "approvals");
        git(dir, "commit", "-q", "-m", "Approve b\n\nRecord: approval\nProposal: " + f.proposal + "\nProposal-Stack: b\n"
                + "Approved-Plan-Sha256: " + planSha);
        f.approval = git(dir, "rev-parse", "HEAD").trim();

        // a commit object with a signature header (not a real signature: the header-only source just sees it)
        String tree = git(dir, "rev-parse", "HEAD^{tree}").trim();
        String raw = "tree " + tree + "\nparent " + f.approval + "\n"
                + "author Hand Editor <hand@example.org> 1764000000 +0000\n"
                + "committer Hand Editor <hand@example.org> 1764000000 +0000\n"
                + "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nSigned note\n";
        Path rawFile = dir.resolveSibling(dir.getFileName() + ".signed-commit");
        Files.writeString(rawFile, raw);
        f.signed = git(dir, "hash-object", "-t", "commit", "-w", rawFile.toString()).trim();
        git(dir, "update-ref", "refs/heads/main", f.signed);
        return f;
    }
}
