package dev.mlpc.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.core.provider.Progress;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model of the HTML audit report that {@code mlpc export} writes beside the bundle and manifests
 * ({@code <bundle>.report.html}, see {@link AuditReportWriter}): per listed commit who, when, the stack, its target, the
 * plan (summary, changes with safety and statements, from {@code generated/<provider>/<stack>.plan.json} at that
 * commit), approvals and rejections naming it, the signature status, whether it was applied with the journal's outcome
 * per statement, and the verify problems of that commit. The commits are exactly those of the manifest: the same walk
 * (oldest first, topological), the same {@code since}.
 *
 * <p>Everything here is plain data taken from the repository: it is hostile input for the HTML writer, which escapes
 * it. The record components are the JSON field names the report's script reads.</p>
 *
 * @param repository      the repository directory
 * @param branch          the branch (short name)
 * @param head            the head commit exported
 * @param root            the root commit
 * @param since           the {@code --since} revision as given, or null
 * @param exportedAt      ISO-8601 UTC
 * @param manifest        the file name of the JSON manifest beside the report
 * @param signatureSource how signature statuses were obtained (shown in the report)
 * @param verify          the verify result of the whole history
 * @param commits         the listed commits, oldest first
 */
public record AuditReport(String repository, String branch, String head, String root, String since, String exportedAt,
                          String manifest, String signatureSource, Verify verify, List<Entry> commits) {

    /**
     * @param commitsChecked commits the verify walked
     * @param problems       number of problems found
     * @param general        problems that name no listed commit (history rewritten, commits before {@code since}, …)
     */
    public record Verify(int commitsChecked, int problems, List<String> general) { }

    /**
     * One listed commit. {@code kind} is {@code stack} (a {@code Stack:} trailer), {@code record} (a {@code Record:}
     * trailer, see {@code record}), {@code config} (a {@code Config:} trailer) or {@code other}.
     */
    public record Entry(String id, String shortId, List<String> parents, String author, String email, String date,
                        String subject, String body, String kind, String record, String stack, String provider,
                        String target, String targetConnection, String applied, String approvalRequired,
                        String planTrailer, String planSha256, String reverts, PlanView plan, JournalView journal,
                        List<DecisionView> approvals, List<DecisionView> rejections, ProposalRef proposal,
                        Signature signature, List<String> problems, Map<String, String> trailers) { }

    /** The committed plan JSON of a stack commit. */
    public record PlanView(String path, int create, int update, int replace, int drop, List<ChangeView> changes,
                           List<String> warnings) { }

    /** One change of a plan; statements in display form (SQL text, or request documents as compact JSON). */
    public record ChangeView(String action, String type, String name, String safety, List<String> statements) { }

    /** The journal a commit adds: what an apply (or a record's run) executed and how it ended. */
    public record JournalView(String path, String outcome, String failure, String started, String finished,
                              List<Executed> statements) { }

    /** One executed statement of a journal. */
    public record Executed(String change, String resource, String statement, String outcome, long millis, String error) { }

    /** An approval or rejection commit naming a listed proposal. */
    public record DecisionView(String commit, String shortId, String decision, String by, String email, String date,
                               String planSha256, boolean matchesPlan, String reason) { }

    /** What an approval / rejection record names: the proposal commit, its stack and the approved plan hash. */
    public record ProposalRef(String proposal, String stack, String planSha256, String decision) { }

    /**
     * A commit's signature. {@code status} is {@code good}, {@code bad}, {@code unknown-key}, {@code unsigned} or
     * {@code signed-unchecked} (a signature header whose check was not available).
     */
    public record Signature(String status, String signer, String detail) { }

    /** Where signature statuses come from: the commit id and whether the commit carries a signature header. */
    @FunctionalInterface
    public interface SignatureSource {
        Signature signature(String commitId, boolean hasSignatureHeader) throws AuditException;

        /** The signature of a parsed commit (its raw object at hand); by default {@link #signature(String, boolean)}. */
        default Signature signature(RevCommit c) throws AuditException {
            return signature(c.name(), c.getRawGpgSignature() != null);
        }

        /** How the statuses were obtained, one line for the report. */
        default String description() {
            return "checked against the repository's trusted keys";
        }

        /** Signed or unsigned from the commit's {@code gpgsig} header only: no key is checked. */
        SignatureSource HEADER_ONLY = new SignatureSource() {
            @Override
            public Signature signature(String commitId, boolean signed) {
                return signed ? new Signature("signed-unchecked", null, "the commit carries a signature header; it was not checked")
                        : new Signature("unsigned", null, "no signature");
            }

            @Override
            public String description() {
                return "from each commit's signature header only (signed / unsigned); signatures were not checked against keys";
            }
        };
    }

    /**
     * What the export needs to write the report.
     *
     * @param regenerator re-renders committed stacks for the verify result
     * @param signatures  the signature statuses; null (the default): each commit's signature checked like
     *                    {@link ConfigRepository#signature} against the trusted keys at the exported head
     *                    ({@code keys/openpgp/*.asc}), the keys read once
     * @param progress    status lines and cancellation between steps
     */
    public record Options(Regenerator regenerator, SignatureSource signatures, Progress progress,
                          GovernanceSection governance) {
        public Options {
            Objects.requireNonNull(regenerator, "regenerator");
            progress = progress == null ? Progress.NONE : progress;
        }

        public Options(Regenerator regenerator, SignatureSource signatures, Progress progress) {
            this(regenerator, signatures, progress, null);
        }

        /** These options with the report's governance section (null: none). */
        public Options withGovernance(GovernanceSection section) {
            return new Options(regenerator, signatures, progress, section);
        }

        /** The default: signatures checked against the repository's trusted keys. */
        public Options(Regenerator regenerator, Progress progress) {
            this(regenerator, null, progress);
        }
    }

    /** {@link ConfigRepository#signature}'s check with the trusted keys at one head, read once for the whole report. */
    private static SignatureSource trustedKeys(Trees.Cache cache, RevCommit head) throws IOException {
        CommitSignatures check = new CommitSignatures(TrustedKeys.read(cache, head.getTree()));
        return new SignatureSource() {
            @Override
            public Signature signature(String commitId, boolean hasSignatureHeader) {
                throw new IllegalStateException("checked by commit");
            }

            @Override
            public Signature signature(RevCommit c) {
                SignatureCheck s = check.check(c);
                String status = switch (s.status()) {
                    case GOOD -> "good";
                    case BAD -> "bad";
                    case UNKNOWN_KEY -> "unknown-key";
                    case UNSIGNED -> "unsigned";
                };
                return new Signature(status, s.signer(), s.detail() + (s.keyId() == null ? "" : " (key " + s.keyId() + ")"));
            }

            @Override
            public String description() {
                return "checked against the trusted keys in keys/openpgp/ at the exported head: good, bad, unknown key or unsigned";
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ building

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PROBLEM = Pattern.compile("^([0-9a-f]{7,40}): (.*)$", Pattern.DOTALL);
    private static final Set<String> JOURNAL_ROOT = Set.of("journal");
    private static final Set<String> APPROVALS_ROOT = Set.of("approvals");

    /**
     * Builds the report of the commits after {@code since} (null: all) up to {@code head}, with {@code verify}'s
     * problems attached to the commits they name.
     */
    static AuditReport build(ConfigRepository owner, ObjectReader reader, Trees.Cache cache, ObjectId head,
                             ObjectId since, String sinceRev, VerifyReport verify, String manifestName,
                             String exportedAt, Options options) throws IOException, AuditException {
        Progress progress = options.progress();
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> byShort = new HashMap<>();
        Map<String, Entry> byId = new HashMap<>();
        Map<ObjectId, PlanView> plans = new HashMap<>();
        List<Entry> decisions = new ArrayList<>();
        String root;
        SignatureSource signatures;
        try (RevWalk rw = new RevWalk(reader)) {
            RevCommit h = rw.parseCommit(head);
            signatures = options.signatures() != null ? options.signatures() : trustedKeys(cache, h);
            RevCommit r = h;
            while (r.getParentCount() > 0) r = rw.parseCommit(r.getParent(0));
            root = r.name();
        }
        try (RevWalk rw = new RevWalk(reader)) {
            rw.sort(RevSort.TOPO, true);
            rw.sort(RevSort.REVERSE, true);
            rw.markStart(rw.parseCommit(head));
            if (since != null) rw.markUninteresting(rw.parseCommit(since));
            int n = 0;
            for (RevCommit c : rw) {
                if ((++n & 255) == 0) {
                    if (progress.cancelled()) throw new AuditException(BundleExporter.CANCELLED);
                    progress.status("reading commit " + n + " for the report");
                }
                Entry e = entry(owner, cache, rw, c, plans, signatures);
                entries.add(e);
                byShort.put(e.shortId(), e);
                byId.put(e.id(), e);
                if (e.proposal() != null) decisions.add(e);
            }
        } catch (org.eclipse.jgit.errors.RevWalkException e) {
            throw owner.readFailure(e);
        }
        for (Entry d : decisions) {
            Entry p = byId.get(d.proposal().proposal());
            if (p == null) continue;
            DecisionView v = new DecisionView(d.id(), d.shortId(), d.proposal().decision(), d.author(), d.email(),
                    d.date(), d.proposal().planSha256(),
                    d.proposal().planSha256() != null && d.proposal().planSha256().equals(p.planSha256()),
                    "rejection".equals(d.proposal().decision()) ? reason(d) : null);
            ("approval".equals(d.proposal().decision()) ? p.approvals() : p.rejections()).add(v);
        }
        List<String> general = new ArrayList<>();
        for (String problem : verify.problems()) {
            Matcher m = PROBLEM.matcher(problem);
            Entry e = m.matches() ? byShort.get(m.group(1)) : null;
            if (e == null) general.add(problem);
            else e.problems().add(m.group(2));
        }
        return new AuditReport(owner.directory().toString(), org.eclipse.jgit.lib.Repository.shortenRefName(owner.branch()),
                head.name(), root, since == null ? null : sinceRev, exportedAt, manifestName,
                signatures.description(),
                new Verify(verify.commitsChecked(), verify.problems().size(), general), entries);
    }

    private static String reason(Entry d) {
        if (d.body() != null && !d.body().isBlank()) return d.body();
        return d.subject();
    }

    private static Entry entry(ConfigRepository owner, Trees.Cache cache, RevWalk rw, RevCommit c,
                               Map<ObjectId, PlanView> plans, SignatureSource signatures) throws IOException, AuditException {
        String message = c.getFullMessage();
        Map<String, String> trailers = Trailers.parse(message);
        PersonIdent a = c.getAuthorIdent();
        ObjectId parentTree = c.getParentCount() == 0 ? null : rw.parseCommit(c.getParent(0)).getTree();
        String stack = trailers.get(Trailers.STACK);
        String record = trailers.get(Trailers.RECORD);
        String kind = stack != null ? "stack" : record != null ? "record" : trailers.containsKey("Config") ? "config" : "other";

        PlanView plan = null;
        String provider = null;
        if (stack != null) {
            ObjectId genTree = cache.subtree(c.getTree(), "generated");
            if (genTree != null) {
                for (Trees.Entry p : cache.entries(genTree).values()) {
                    if (!p.isTree()) continue;
                    Trees.Entry f = cache.entries(p.id()).get(stack + ConfigRepository.PLAN_SUFFIX);
                    if (f == null || f.isTree()) continue;
                    provider = p.name();
                    String path = "generated/" + p.name() + "/" + f.name();
                    PlanView base = plans.get(f.id());
                    if (base == null) {
                        base = plan(path, cache.blob(f.id()));
                        plans.put(f.id().copy(), base);
                    }
                    plan = base.path().equals(path) ? base : new PlanView(path, base.create(), base.update(),
                            base.replace(), base.drop(), base.changes(), base.warnings());
                    break;
                }
            }
        }

        JournalHolder journal = null;
        for (Trees.Change ch : Trees.diff(cache, parentTree, c.getTree(), JOURNAL_ROOT)) {
            if (ch.kind() != Trees.Kind.ADDED || !ch.path().endsWith(".json")) continue;
            journal = journal(ch.path(), cache.blob(ch.newId()));
            if (provider == null && journal.provider != null) provider = journal.provider;
            break;
        }

        ProposalRef proposal = null;
        String body = body(message, !trailers.isEmpty());
        if (record != null && trailers.get("Proposal") != null) {
            String decision = record.trim().toLowerCase(Locale.ROOT);
            proposal = new ProposalRef(trailers.get("Proposal"), trailers.get("Proposal-Stack"),
                    trailers.get("Approved-Plan-Sha256"), decision);
            for (Trees.Change ch : Trees.diff(cache, parentTree, c.getTree(), APPROVALS_ROOT)) {
                if (ch.kind() != Trees.Kind.ADDED || !ch.path().endsWith(".json")) continue;
                String reason = jsonText(cache.blob(ch.newId()), "reason");
                if (reason != null && !reason.isBlank()) body = reason;
                break;
            }
        }

        Signature signature = signatures.signature(c);
        return new Entry(c.name(), cache.reader().abbreviate(c, 7).name(),
                Arrays.stream(c.getParents()).map(RevCommit::name).toList(), a.getName(), a.getEmailAddress(),
                DateTimeFormatter.ISO_INSTANT.format(a.getWhenAsInstant()), c.getShortMessage(), body, kind,
                record == null ? null : record.trim(), stack, provider, trailers.get("Target"),
                trailers.get("Target-Connection"), trailers.get(Trailers.APPLIED), trailers.get("Approval"),
                trailers.get(Trailers.PLAN), trailers.get(Trailers.PLAN_SHA256), trailers.get("Reverts"),
                plan, journal == null ? null : journal.view, new ArrayList<>(), new ArrayList<>(), proposal, signature,
                new ArrayList<>(), trailers);
    }

    /** The message after its subject line, without the trailer paragraph; null when nothing is left. */
    static String body(String message, boolean hasTrailers) {
        String m = message.replace("\r\n", "\n").strip();
        int nl = m.indexOf('\n');
        if (nl < 0) return null;
        String rest = m.substring(nl + 1).strip();
        if (hasTrailers) {
            int cut = rest.lastIndexOf("\n\n");
            rest = cut < 0 ? "" : rest.substring(0, cut).strip();
        }
        return rest.isEmpty() ? null : rest;
    }

    private static PlanView plan(String path, byte[] bytes) {
        try {
            JsonNode j = MAPPER.readTree(bytes);
            JsonNode s = j.path("summary");
            List<ChangeView> changes = new ArrayList<>();
            for (JsonNode ch : j.path("changes")) {
                List<String> statements = new ArrayList<>();
                for (JsonNode st : ch.path("statements")) statements.add(st.isTextual() ? st.asText() : st.toString());
                changes.add(new ChangeView(text(ch, "action"), text(ch, "type"), text(ch, "name"), text(ch, "safety"),
                        statements));
            }
            List<String> warnings = new ArrayList<>();
            for (JsonNode w : j.path("warnings")) {
                warnings.add(text(w, "type") + " " + text(w, "name") + ": " + text(w, "message")
                        + (w.hasNonNull("rule") ? " (" + text(w, "rule") + ")" : ""));
            }
            return new PlanView(path, s.path("create").asInt(), s.path("update").asInt(), s.path("replace").asInt(),
                    s.path("drop").asInt(), changes, warnings);
        } catch (IOException e) {
            return new PlanView(path, 0, 0, 0, 0, List.of(), List.of("the plan file is not JSON: " + e.getMessage()));
        }
    }

    private static final class JournalHolder {
        final JournalView view;
        final String provider;

        JournalHolder(JournalView view, String provider) {
            this.view = view;
            this.provider = provider;
        }
    }

    private static JournalHolder journal(String path, byte[] bytes) {
        try {
            JsonNode j = MAPPER.readTree(bytes);
            List<Executed> executed = new ArrayList<>();
            for (JsonNode s : j.path("statements")) {
                JsonNode st = s.path("statement");
                executed.add(new Executed(text(s, "change"), text(s, "resource"),
                        st.isMissingNode() || st.isNull() ? null : st.isTextual() ? st.asText() : st.toString(),
                        text(s, "outcome"), s.path("millis").asLong(), text(s, "error")));
            }
            return new JournalHolder(new JournalView(path, text(j, "outcome"), text(j, "failure"), text(j, "started"),
                    text(j, "finished"), executed), text(j, "connection_type"));
        } catch (IOException e) {
            return new JournalHolder(new JournalView(path, "unreadable", "the journal is not JSON: " + e.getMessage(),
                    null, null, List.of()), null);
        }
    }

    private static String jsonText(byte[] bytes, String field) {
        try {
            return text(MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8)), field);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** Provider ids and safety levels counted by week, as the report's chart draws them (for tests and the writer). */
    public Map<String, Map<String, Integer>> changesPerWeek(boolean bySafety) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (Entry e : commits) {
            if (e.plan() == null) continue;
            String week = weekOf(e.date());
            for (ChangeView ch : e.plan().changes()) {
                String key = bySafety ? String.valueOf(ch.safety()) : String.valueOf(e.provider());
                out.computeIfAbsent(week, w -> new LinkedHashMap<>()).merge(key, 1, Integer::sum);
            }
        }
        return out;
    }

    /** The Monday (UTC) of the ISO week of an ISO-8601 instant, {@code yyyy-MM-dd}. */
    public static String weekOf(String isoInstant) {
        java.time.LocalDate d = java.time.Instant.parse(isoInstant).atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return d.minusDays(d.getDayOfWeek().getValue() - 1L).toString();
    }
}
