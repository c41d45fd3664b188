package dev.mlpc.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Change control over a config repository: the policy in force, approvals and rejections of proposals, and the apply
 * gate. The application services ({@code dev.mlpc.app.Workbench}) call it; it knows nothing of connections or UI.
 */
public final class ChangeControl {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private ChangeControl() {
    }

    /** {@code policy.yaml} at the branch head (the policy in force for the next commit); {@link Policy#NONE} when absent. */
    public static Policy policy(ConfigRepository repo) throws StackException, AuditException {
        return policy(repo, null);
    }

    /** {@link #policy(ConfigRepository)}, refusing provider ids not among {@code knownProviders} (null: unchecked). */
    public static Policy policy(ConfigRepository repo, java.util.Set<String> knownProviders) throws StackException, AuditException {
        Optional<String> text = repo.readFile(Policy.FILE);
        return text.isEmpty() ? Policy.NONE : Policy.parse(Policy.FILE, text.get(), knownProviders);
    }

    /** The policy in force for a commit: {@code policy.yaml} at its first parent ({@link Policy#NONE} for a root commit). */
    public static Policy policyAt(ConfigRepository repo, String commitId) throws StackException, AuditException {
        String parent = repo.firstParent(commitId);
        if (parent == null) return Policy.NONE;
        Optional<String> text = repo.readAt(parent, Policy.FILE);
        return text.isEmpty() ? Policy.NONE : Policy.parse(Policy.FILE, text.get());
    }

    /** {@link #policy} for the apply path: an invalid policy refuses every gated action, naming each problem. */
    public static Policy policyForApply(ConfigRepository repo) throws AuditException {
        return policyForApply(repo, null);
    }

    /** {@link #policyForApply(ConfigRepository)}, refusing provider ids not among {@code knownProviders} (null: unchecked). */
    public static Policy policyForApply(ConfigRepository repo, java.util.Set<String> knownProviders) throws AuditException {
        try {
            return policy(repo, knownProviders);
        } catch (StackException e) {
            StringBuilder b = new StringBuilder("refused: " + Policy.FILE + " at the head of the config repository is invalid;"
                    + " nothing runs under a policy that cannot be read. Fix it with 'mlpc policy set FILE':");
            for (Problem p : e.problems()) b.append("\n  ").append(p.format());
            throw new AuditException(b.toString());
        }
    }

    /** The proposal a revision names (any revision git resolves), among all proposals. */
    public static Proposal find(ConfigRepository repo, String rev) throws AuditException {
        String id;
        try {
            id = repo.resolve(rev);
        } catch (AuditException e) {
            throw new AuditException("REV: " + e.getMessage());
        }
        for (Proposal p : Proposals.read(repo, false)) {
            if (p.commitId().equals(id)) return p;
        }
        throw new AuditException("refused: " + Problem.quote(rev) + " (commit " + id.substring(0, 12) + ") is not a proposal: a proposal is a"
                + " stack commit with Applied: no and an Approval: trailer (mlpc propose), or a proposed policy.yaml");
    }

    /**
     * Commits an approval of a proposal by {@code by}: refused when {@code by} proposed it (same e-mail, compared
     * without case), has no e-mail, already approved it, or when the proposal is rejected, applied or superseded.
     */
    public static CommitInfo approve(ConfigRepository repo, String rev, String message, Author by) throws AuditException {
        Proposal p = find(repo, rev);
        refuseClosed(p, "approve");
        String me = email(by);
        if (me.isEmpty()) {
            throw new AuditException("refused: an approval needs your e-mail address (Settings, author_email), which tells"
                    + " approvers apart; none is set");
        }
        if (me.equals(email(p.proposer()))) {
            throw new AuditException("refused: " + p.proposer().email() + " proposed " + p.shortId() + " and cannot approve it;"
                    + " four-eyes approval needs another identity");
        }
        for (Decision d : p.approvals()) {
            if (me.equals(email(d.by()))) {
                throw new AuditException("refused: " + by.email() + " already approved " + p.shortId() + " (commit "
                        + d.commitId().substring(0, 7) + "); each identity counts once");
            }
        }
        Policy policy;
        try {
            policy = policy(repo);
        } catch (StackException e) {
            policy = Policy.NONE;
        }
        if (policy.signaturesRequired()) checkKeys(repo, p);
        String subject = message == null || message.isBlank()
                ? "Approve proposal " + p.shortId() + " of " + what(p) : message;
        return record(repo, p, "approve", ChangeTrailers.RECORD_APPROVAL, subject, null, by);
    }

    /**
     * Under {@code signatures: required} an approver is also told apart by the signing key: the proposal must carry a
     * good signature by a trusted key, the approval is signed ({@link ConfigRepository#signer()}), and not with the
     * proposal's key.
     */
    static void checkKeys(ConfigRepository repo, Proposal p) throws AuditException {
        dev.mlpc.core.audit.SignatureCheck proposal = repo.signature(p.commitId());
        if (!proposal.good()) {
            throw new AuditException("refused: " + Policy.FILE + " requires signed commits and proposal " + p.shortId()
                    + " has no good signature by a trusted key (" + proposal.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": " + proposal.detail() + "); it cannot be approved");
        }
        dev.mlpc.core.audit.CommitSigner signer = repo.signer();
        if (signer == null) {
            throw new AuditException("refused: " + Policy.FILE + " requires signed commits; set up signing (Settings) to approve");
        }
        String mine = signer instanceof dev.mlpc.core.audit.OpenPgpSigner o ? o.fingerprint() : null;
        if (mine != null && mine.equalsIgnoreCase(proposal.keyId())) {
            throw new AuditException("refused: you sign with key " + mine + ", which signed proposal " + p.shortId()
                    + "; four-eyes approval needs another identity's key");
        }
    }

    /**
     * The approvals of {@code p} that count where signatures are required: a good signature by a trusted key other than
     * the proposal's, one per key.
     */
    static List<Decision> signedApprovals(ConfigRepository repo, Proposal p) throws AuditException {
        dev.mlpc.core.audit.SignatureCheck proposal = repo.signature(p.commitId());
        if (!proposal.good()) return List.of();
        List<Decision> out = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Decision d : p.approvals()) {
            dev.mlpc.core.audit.SignatureCheck s = repo.signature(d.commitId());
            if (s.good() && s.keyId() != null && !s.keyId().equalsIgnoreCase(proposal.keyId())
                    && keys.add(s.keyId().toUpperCase(Locale.ROOT))) {
                out.add(d);
            }
        }
        return out;
    }

    /** Commits a rejection of a proposal: {@code reason} is required; refused when the proposal is already closed. */
    public static CommitInfo reject(ConfigRepository repo, String rev, String reason, Author by) throws AuditException {
        if (reason == null || reason.isBlank()) {
            throw new AuditException("refused: a rejection needs a reason (-m REASON): it tells the proposer what to change");
        }
        Proposal p = find(repo, rev);
        refuseClosed(p, "reject");
        String message = "Reject proposal " + p.shortId() + " of " + what(p) + "\n\n" + reason.strip();
        return record(repo, p, "reject", ChangeTrailers.RECORD_REJECTION, message, reason.strip(), by);
    }

    private static void refuseClosed(Proposal p, String verb) throws AuditException {
        if (p.status() == Proposal.Status.OPEN || p.status() == Proposal.Status.APPROVED) return;
        throw new AuditException("refused: cannot " + verb + " proposal " + p.shortId() + " of " + what(p) + ": it is "
                + p.status().name().toLowerCase(Locale.ROOT) + " (" + p.why() + ")");
    }

    private static CommitInfo record(ConfigRepository repo, Proposal p, String decision, String kind, String message,
                                     String reason, Author by) throws AuditException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("proposal", p.commitId());
        doc.put("stack", p.stack());
        doc.put("plan_sha256", p.planSha256());
        doc.put("decision", decision);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("name", by.name());
        who.put("email", by.email());
        doc.put("by", who);
        doc.put("reason", reason);
        String json;
        try {
            json = JSON.writeValueAsString(doc) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String path = "approvals/" + p.stack() + "/" + p.commitId().substring(0, 12) + "/" + STAMP.format(Instant.now())
                + "-" + decision + ".json";
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(ChangeTrailers.PROPOSAL, p.commitId());
        trailers.put(ChangeTrailers.PROPOSAL_STACK, p.stack());
        if (ChangeTrailers.RECORD_APPROVAL.equals(kind)) trailers.put(ChangeTrailers.APPROVED_PLAN_SHA256, p.planSha256());
        return repo.commitChangeRecord(kind, path, json, message, trailers, by);
    }

    private static String what(Proposal p) {
        return p.isPolicy() ? Policy.FILE : "stack " + p.stack();
    }

    private static String email(Author a) {
        return a == null || a.email() == null ? "" : a.email().trim().toLowerCase(Locale.ROOT);
    }

    /**
     * What the apply gate decided for a plan.
     *
     * @param required approvals the plan needs under the policy at head (0: none, the apply runs)
     * @param proposal the approved proposal that lets it run, or null
     * @param refusal  why the apply is refused, or null when it may run
     */
    public record Gate(int required, Proposal proposal, String refusal) {
        public boolean allowed() { return refusal == null; }
    }

    /**
     * The apply gate: a plan of {@code stack} that needs approval under the policy at head may run only when a proposal
     * of that stack with exactly this plan hash ({@code Plan-Sha256}) has enough approvals naming that hash and no
     * rejection, and was not applied or superseded. With {@code proposalId} (an apply of that proposal) only that
     * proposal counts. A proposal authorizes an apply only to the connection it was planned against: its
     * {@code Target-Connection:} must be {@code connection} and its {@code Target:} must be {@code target} (a proposal
     * that names no target authorizes none).
     */
    public static Gate gate(ConfigRepository repo, String stack, String provider, Plan plan, String proposalId,
                            String connection, String target) throws AuditException {
        Policy policy = policyForApply(repo);
        int need = policy.requiredApprovals(stack, provider, plan);
        if (need == 0 && proposalId == null) return new Gate(0, null, null);
        List<Proposal> all = Proposals.read(repo, false, stack);
        String rules = String.join(", ", policy.matching(stack, provider, plan).stream().map(Policy.Rule::label).toList());
        String under = need + " approval(s) by others than the proposer under " + Policy.FILE + " (" + rules + ")";
        Proposal chosen = null;
        if (proposalId != null) {
            chosen = all.stream().filter(p -> p.commitId().equals(proposalId)).findFirst().orElse(null);
            if (chosen == null) return new Gate(need, null, "refused: " + proposalId + " is not a proposal of stack " + stack + "; nothing was run");
            String other = otherTarget(chosen, connection, target);
            if (other != null) return new Gate(need, chosen, other);
        } else {
            Proposal elsewhere = null;
            for (Proposal p : all) {
                if (p.isOpen() && plan.sha256().equals(p.planSha256())) {
                    if (otherTarget(p, connection, target) == null) {
                        chosen = p;
                        break;
                    }
                    if (elsewhere == null) elsewhere = p;
                }
            }
            if (chosen == null && elsewhere != null) return new Gate(need, null, otherTarget(elsewhere, connection, target));
        }
        if (chosen == null) {
            Proposal latestOpen = all.stream().filter(Proposal::isOpen).findFirst().orElse(null);
            if (latestOpen == null) {
                return new Gate(need, null, "refused: stack " + stack + " needs " + under + "; none proposed. Nothing was run;"
                        + " propose it (mlpc propose FILE) and have it approved, then apply.");
            }
            return new Gate(need, null, "refused: the live plan (" + plan.summary().trailer() + ", sha256 " + plan.sha256().substring(0, 12)
                    + ") no longer matches the plan of proposal " + latestOpen.shortId() + " (sha256 " + latestOpen.planSha256().substring(0, 12)
                    + "): the live system or the stack changed since it was proposed. Nothing was run; a new proposal is needed (mlpc propose).");
        }
        if (!plan.sha256().equals(chosen.planSha256())) {
            return new Gate(need, chosen, "refused: the live plan (" + plan.summary().trailer() + ", sha256 " + plan.sha256().substring(0, 12)
                    + ") no longer matches the approved hash of proposal " + chosen.shortId() + " (sha256 " + chosen.planSha256().substring(0, 12)
                    + "): the live system changed since it was proposed. Nothing was run; a new proposal is needed (mlpc propose).");
        }
        if (!chosen.isOpen()) {
            return new Gate(need, chosen, "refused: proposal " + chosen.shortId() + " is " + chosen.status().name().toLowerCase(Locale.ROOT)
                    + " (" + chosen.why() + "). Nothing was run.");
        }
        int want = Math.max(need, chosen.required());
        if (policy.signaturesRequired()) {
            int signed = signedApprovals(repo, chosen).size();
            if (signed < want) {
                return new Gate(need, chosen, "refused: proposal " + chosen.shortId() + " of stack " + stack + " has "
                        + signed + " of " + want + " approval(s) signed by a trusted key other than the proposal's ("
                        + Policy.FILE + " requires signatures). Nothing was run.");
            }
        }
        if (chosen.approvals().size() < want) {
            return new Gate(need, chosen, "refused: proposal " + chosen.shortId() + " of stack " + stack + " has "
                    + chosen.approvals().size() + " of " + want + " approval(s)" + (need > 0 ? " (" + under + ")" : "")
                    + ". Nothing was run; it needs " + (want - chosen.approvals().size()) + " more (mlpc approve " + chosen.shortId() + ").");
        }
        return new Gate(need, chosen, null);
    }

    /** Why proposal {@code p} does not authorize an apply to {@code connection} ({@code target}), or null when it does. */
    private static String otherTarget(Proposal p, String connection, String target) {
        if (p.targetConnection() == null || p.targetIdentity() == null) {
            return "refused: proposal " + p.shortId() + " names no target (Target-Connection:, Target:), so its approval"
                    + " authorizes no apply; nothing was run. Propose it again (mlpc propose FILE --connection NAME).";
        }
        if (!p.targetConnection().equals(connection) || !p.targetIdentity().equals(target)) {
            return "refused: proposal " + p.shortId() + " was proposed and approved for connection " + p.targetConnection()
                    + " (" + p.targetIdentity() + "), not for " + connection + " (" + target + "); an approval covers"
                    + " only its own target. Nothing was run; apply it there (mlpc apply --proposal " + p.shortId()
                    + ") or propose it for " + connection + " (mlpc propose FILE --connection " + connection + ").";
        }
        return null;
    }

    /** The SHA-256 of a policy text (UTF-8), the "plan hash" of a proposed policy change. */
    public static String policySha256(String text) {
        return Plan.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Commits a proposed change of {@code policy.yaml} ({@code Record: policy-proposal}), which the policy in force asks
     * {@code required} approvals for: the text goes to {@code proposals/policy/<utc>-<sha>.yaml}; approvals name its
     * SHA-256; {@link #applyPolicy} then commits it as {@code policy.yaml}.
     */
    public static CommitInfo proposePolicy(ConfigRepository repo, String text, String message, int required, Author by)
            throws AuditException {
        String sha = policySha256(text);
        String path = "proposals/policy/" + STAMP.format(Instant.now()) + "-" + sha.substring(0, 12) + ".yaml";
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(ChangeTrailers.APPROVAL, ChangeTrailers.approvalValue(required));
        trailers.put(ChangeTrailers.POLICY_SHA256, sha);
        trailers.put(Proposals.POLICY_FILE, path);
        String m = message == null || message.isBlank() ? "Propose a change of " + Policy.FILE : message;
        return repo.commitChangeRecord(ChangeTrailers.RECORD_POLICY_PROPOSAL, path, text, m, trailers, by);
    }

    /**
     * Commits an approved proposed policy as {@code policy.yaml} ({@code Config: policy.yaml}, {@code Proposal: <id>}).
     * Refused unless the proposal is approved, and — the policy in force may have changed since — unless it has the
     * approvals the policy now in force asks for a policy change.
     */
    public static CommitInfo applyPolicy(ConfigRepository repo, Proposal p, String message, Author by)
            throws AuditException, StackException {
        if (!p.isPolicy()) throw new AuditException("refused: " + p.shortId() + " is a proposal of stack " + p.stack() + ", not of " + Policy.FILE);
        if (!p.applicable()) {
            throw new AuditException("refused: proposal " + p.shortId() + " of " + Policy.FILE + " is "
                    + p.status().name().toLowerCase(Locale.ROOT) + " (" + p.why() + "); policy.yaml was not changed");
        }
        int need = policy(repo).policyChangeApprovals();
        if (p.approvals().size() < need) {
            throw new AuditException("refused: proposal " + p.shortId() + " has " + p.approvals().size() + " of " + need
                    + " approval(s) that the policy now in force asks for a change of " + Policy.FILE + "; policy.yaml was not changed");
        }
        if (p.stackYaml() == null) throw new AuditException("refused: the proposed policy text of " + p.shortId() + " is missing");
        Policy.parse(Policy.FILE, p.stackYaml());
        String m = message == null || message.isBlank() ? "Change " + Policy.FILE + " (proposal " + p.shortId() + ")" : message;
        return repo.commitFile(Policy.FILE, p.stackYaml(), m, by, Map.of(ChangeTrailers.PROPOSAL, p.commitId()));
    }

    /**
     * The policy changes of the history that lacked the approvals the policy in force before them required: each
     * commit that changes {@code policy.yaml} (by its files, not only its trailer) while the previous policy asks N > 0
     * approvals for a policy change must carry {@code Proposal:} naming a proposed policy with exactly that text and N
     * approvals. One problem line per such commit ({@code <short id>: …}).
     */
    public static List<String> policyProblems(ConfigRepository repo) throws AuditException {
        List<String> problems = new java.util.ArrayList<>();
        List<String> changes = repo.commitsChanging(Policy.FILE);
        if (changes.isEmpty()) return problems;
        Map<String, Proposal> proposals = new java.util.HashMap<>();
        for (Proposal p : Proposals.read(repo, false, Policy.FILE)) proposals.put(p.commitId(), p);
        Map<String, CommitInfo> byId = new java.util.HashMap<>();
        for (CommitInfo c : repo.headers(0)) byId.put(c.id(), c);
        for (String cid : changes) {
            CommitInfo c = byId.get(cid);
            if (c == null) continue;
            Policy before;
            try {
                before = policyAt(repo, cid);
            } catch (StackException e) {
                continue; // an invalid policy before: the change that fixes it is not held to it
            }
            int need = before.policyChangeApprovals();
            if (need == 0) continue;
            String pid = c.trailer(ChangeTrailers.PROPOSAL);
            Proposal p = pid == null ? null : proposals.get(pid.trim());
            String text = repo.readAt(cid, Policy.FILE).orElse("");
            String sha = policySha256(text);
            String id = repo.abbreviate(cid);
            if (p == null) {
                problems.add(id + ": policy.yaml changed without approval: the policy in force before it asks " + need
                        + " approval(s) for a policy change (mlpc policy set proposes it), and the commit names no approved proposal");
            } else if (!sha.equals(p.planSha256())) {
                problems.add(id + ": policy.yaml changed to a text (sha256 " + sha.substring(0, 12) + ") other than proposal "
                        + p.shortId() + " approved (sha256 " + p.planSha256().substring(0, 12) + ")");
            } else if (p.approvals().size() < need || !p.rejections().isEmpty()) {
                problems.add(id + ": policy.yaml changed with " + p.approvals().size() + " of " + need
                        + " approval(s) the policy in force before it required (proposal " + p.shortId() + ")"
                        + (p.rejections().isEmpty() ? "" : "; the proposal was rejected"));
            }
        }
        return problems;
    }
}
