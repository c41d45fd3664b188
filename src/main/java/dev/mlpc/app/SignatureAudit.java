package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.SignatureCheck;
import dev.mlpc.core.spec.StackException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mlpc verify} reports of signatures: every commit's {@link SignatureCheck} (newest first), whether the
 * policy in force for it required a signature, and a problem for each commit that needed a GOOD signature and has
 * none (unsigned, bad, or by a key not in {@code keys/openpgp/}).
 *
 * @param rows     every commit of the branch, newest first
 * @param problems one line per commit that breaks a signature requirement
 */
public record SignatureAudit(List<Row> rows, List<String> problems) {
    public SignatureAudit {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** One commit: its signature and whether the policy in force for it required one. */
    public record Row(SignatureCheck check, boolean required) { }

    /**
     * Whether a commit must be signed: policy.yaml at the commit's first parent says {@code signatures: required}
     * (cc-approvals' {@code Workbench.policyAt}); a root commit never is.
     */
    @FunctionalInterface
    public interface Requirement {
        Requirement NONE = commitId -> false;

        boolean required(String commitId) throws StackException, AuditException;
    }

    /**
     * Checks every commit's signature; {@code requirement} says which commits needed one. A commit whose requirement
     * cannot be read (an invalid {@code policy.yaml} in force for it) is a problem of that commit; the audit goes on.
     */
    public static SignatureAudit of(ConfigRepository repo, Requirement requirement) throws AuditException, StackException {
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SignatureCheck c : repo.signatures(0)) {
            boolean required;
            try {
                required = requirement.required(c.commitId());
            } catch (StackException e) {
                // a malformed historical policy.yaml is a problem of that commit, not the end of the audit
                StringBuilder why = new StringBuilder(c.commitId().substring(0, 7) + ": the policy.yaml in force for this"
                        + " commit is invalid, so whether it needed a signature is unknown:");
                e.problems().forEach(p -> why.append(' ').append(p.format()).append(';'));
                problems.add(why.substring(0, why.length() - 1));
                required = false;
            }
            rows.add(new Row(c, required));
            if (required && !c.good()) {
                problems.add(c.commitId().substring(0, 7) + ": signatures are required by policy.yaml, but the commit is "
                        + c.status() + ": " + c.detail());
            }
        }
        return new SignatureAudit(rows, problems);
    }

    /** How many commits have each status. */
    public Map<SignatureCheck.Status, Integer> counts() {
        Map<SignatureCheck.Status, Integer> m = new EnumMap<>(SignatureCheck.Status.class);
        for (SignatureCheck.Status s : SignatureCheck.Status.values()) m.put(s, 0);
        for (Row r : rows) m.merge(r.check().status(), 1, Integer::sum);
        return m;
    }

    /** True when no commit broke a requirement. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The one-line summary: "signatures: 3 good, 0 bad, 1 unknown key, 2 unsigned (of 6 commits; 4 required)". */
    public String summary() {
        Map<SignatureCheck.Status, Integer> c = counts();
        long required = rows.stream().filter(Row::required).count();
        return "signatures: " + c.get(SignatureCheck.Status.GOOD) + " good, " + c.get(SignatureCheck.Status.BAD) + " bad, "
                + c.get(SignatureCheck.Status.UNKNOWN_KEY) + " unknown key, " + c.get(SignatureCheck.Status.UNSIGNED)
                + " unsigned (of " + rows.size() + " commits; " + required + " required a signature by policy.yaml)";
    }
}
