package dev.mlpc.change;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the proposals of a config repository and their state in ONE walk over the history, newest first, reading
 * commit messages only ({@link ConfigRepository#headers}): approvals, rejections and applies are met before the proposal
 * they name, a newer proposal or apply of a stack before the older proposals it supersedes. Only the proposals it
 * returns have their plan JSON and stack file read.
 */
public final class Proposals {
    /** The policy change's pseudo provider id in {@link Proposal#provider()}. */
    public static final String POLICY_PROVIDER = "policy";
    /** Trailer of a proposed policy: where its text is. */
    public static final String POLICY_FILE = "Policy-File";

    private Proposals() {
    }

    /** Every proposal, newest first ({@code openOnly}: only those OPEN or APPROVED). */
    public static List<Proposal> read(ConfigRepository repo, boolean openOnly) throws AuditException {
        return read(repo, openOnly, null);
    }

    /** As {@link #read(ConfigRepository, boolean)}, only of {@code stack} when it is not null. */
    public static List<Proposal> read(ConfigRepository repo, boolean openOnly, String stack) throws AuditException {
        List<CommitInfo> log = repo.headers(0);
        Map<String, List<CommitInfo>> approvals = new HashMap<>();
        Map<String, List<CommitInfo>> rejections = new HashMap<>();
        Map<String, CommitInfo> appliedBy = new HashMap<>();
        Map<String, CommitInfo> newer = new HashMap<>(); // stack -> the newest proposal/apply seen so far
        List<Pending> found = new ArrayList<>();
        for (CommitInfo c : log) {
            String record = c.trailer("Record");
            String proposal = c.trailer(ChangeTrailers.PROPOSAL);
            if (ChangeTrailers.RECORD_APPROVAL.equals(record)) {
                if (proposal != null) approvals.computeIfAbsent(proposal.trim(), k -> new ArrayList<>()).add(c);
                continue;
            }
            if (ChangeTrailers.RECORD_REJECTION.equals(record)) {
                if (proposal != null) rejections.computeIfAbsent(proposal.trim(), k -> new ArrayList<>()).add(c);
                continue;
            }
            String subject;
            boolean isProposal;
            boolean isApply;
            if (ChangeTrailers.RECORD_POLICY_PROPOSAL.equals(record)) {
                subject = Policy.FILE;
                isProposal = true;
                isApply = false;
            } else if (Policy.FILE.equals(trim(c.trailer("Config")))) {
                subject = Policy.FILE;
                isProposal = false;
                isApply = true;
            } else if (c.trailer("Stack") != null && record == null) {
                subject = c.trailer("Stack").trim();
                String applied = trim(c.trailer("Applied"));
                isApply = applied != null && !applied.equals("no");
                isProposal = !isApply && c.trailer(ChangeTrailers.APPROVAL) != null;
            } else {
                continue;
            }
            if (isApply && proposal != null) appliedBy.putIfAbsent(proposal.trim(), c);
            if (isProposal && (stack == null || stack.equals(subject))) {
                found.add(new Pending(c, subject, newer.get(subject)));
            }
            if (isProposal || isApply) newer.putIfAbsent(subject, c);
        }
        List<Proposal> out = new ArrayList<>();
        for (Pending p : found) {
            Proposal built = build(repo, p, approvals.getOrDefault(p.commit.id(), List.of()),
                    rejections.getOrDefault(p.commit.id(), List.of()), appliedBy.get(p.commit.id()), openOnly);
            if (built != null) out.add(built);
        }
        return out;
    }

    private record Pending(CommitInfo commit, String stack, CommitInfo newer) { }

    private static Proposal build(ConfigRepository repo, Pending p, List<CommitInfo> approvalCommits,
                                  List<CommitInfo> rejectionCommits, CommitInfo applied, boolean openOnly)
            throws AuditException {
        CommitInfo c = p.commit;
        boolean policy = Policy.FILE.equals(p.stack);
        String planSha = trim(policy ? c.trailer(ChangeTrailers.POLICY_SHA256) : c.trailer("Plan-Sha256"));
        int required = Math.max(0, ChangeTrailers.parseRequired(c.trailer(ChangeTrailers.APPROVAL)));
        String proposerEmail = lower(c.authorEmail());
        // oldest first; one approval per e-mail; never the proposer's; only of this plan hash
        List<CommitInfo> chron = new ArrayList<>(approvalCommits);
        Collections.reverse(chron);
        List<Decision> approvals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CommitInfo a : chron) {
            String sha = trim(a.trailer(ChangeTrailers.APPROVED_PLAN_SHA256));
            String email = lower(a.authorEmail());
            if (sha == null || !sha.equals(planSha) || email.isEmpty() || email.equals(proposerEmail) || !seen.add(email)) continue;
            approvals.add(new Decision(a.id(), new Author(a.authorName(), a.authorEmail()), a.when(), sha, null));
        }
        List<CommitInfo> rchron = new ArrayList<>(rejectionCommits);
        Collections.reverse(rchron);
        List<Decision> rejections = new ArrayList<>();
        for (CommitInfo r : rchron) {
            rejections.add(new Decision(r.id(), new Author(r.authorName(), r.authorEmail()), r.when(), planSha, reason(r)));
        }
        Proposal.Status status;
        String why;
        if (applied != null) {
            status = Proposal.Status.APPLIED;
            why = "applied by commit " + applied.shortId() + " (" + applied.authorName() + ", "
                    + (policy ? "policy.yaml changed" : "Applied: " + trim(applied.trailer("Applied"))) + ")";
        } else if (!rejections.isEmpty()) {
            Decision r = rejections.get(0);
            status = Proposal.Status.REJECTED;
            why = "rejected by " + r.by().name() + " <" + r.by().email() + ">: " + r.reason();
        } else if (p.newer != null) {
            status = Proposal.Status.SUPERSEDED;
            boolean newerApply = p.newer.trailer(ChangeTrailers.APPROVAL) == null && p.newer.trailer("Record") == null;
            why = "superseded by " + (newerApply ? "the apply " : "the newer proposal ") + p.newer.shortId() + " of "
                    + (policy ? Policy.FILE : "stack " + p.stack) + " (" + p.newer.authorName() + ")";
        } else if (approvals.size() >= required) {
            status = Proposal.Status.APPROVED;
            why = approvals.size() + " of " + required + " approval(s): applicable";
        } else {
            status = Proposal.Status.OPEN;
            why = approvals.size() + " of " + required + " approval(s): needs " + (required - approvals.size()) + " more by others than the proposer";
        }
        if (openOnly && status != Proposal.Status.OPEN && status != Proposal.Status.APPROVED) return null;
        String planJson = null;
        String stackYaml;
        String provider;
        if (policy) {
            provider = POLICY_PROVIDER;
            String file = trim(c.trailer(POLICY_FILE));
            stackYaml = file == null ? null : repo.readAt(c.id(), file).orElse(null);
        } else {
            stackYaml = repo.readAt(c.id(), "stacks/" + p.stack + ".yaml").orElse(null);
            provider = providerOf(repo, c, p.stack);
            if (provider != null) planJson = repo.readAt(c.id(), "generated/" + provider + "/" + p.stack + ".plan.json").orElse(null);
        }
        return new Proposal(c.id(), repo.abbreviate(c.id()), p.stack, provider, trim(c.trailer(ChangeTrailers.TARGET_CONNECTION)),
                trim(c.trailer(ChangeTrailers.TARGET)), new Author(c.authorName(), c.authorEmail()), c.when(), planSha,
                planJson, stackYaml, trim(c.trailer(ChangeTrailers.REVERTS)), approvals, rejections, required, status, why);
    }

    /** The provider of a proposal: the first word of its {@code Target:} trailer, else the stack file's resource types. */
    private static String providerOf(ConfigRepository repo, CommitInfo c, String stack) throws AuditException {
        String target = trim(c.trailer(ChangeTrailers.TARGET));
        if (target != null && target.matches("[a-z][a-z0-9_-]{0,39}( .*)?")) return target.split(" ", 2)[0];
        String yaml = repo.readAt(c.id(), "stacks/" + stack + ".yaml").orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*-?\\s*type:\\s*[\"']?([a-z][a-z0-9_-]*)\\.").matcher(yaml);
        return m.find() ? m.group(1) : null;
    }

    /** A rejection's reason: its message body before the trailers. */
    static String reason(CommitInfo r) {
        String msg = r.message() == null ? "" : r.message().replace("\r\n", "\n");
        String[] paras = msg.split("\n\\s*\n");
        if (paras.length >= 3) return String.join("\n\n", java.util.Arrays.copyOfRange(paras, 1, paras.length - 1)).strip();
        return r.subject();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
