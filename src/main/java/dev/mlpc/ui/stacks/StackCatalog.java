package dev.mlpc.ui.stacks;

import dev.mlpc.app.Drift;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SourceLocation;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.ui.UiErrors;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Stacks view does, without JavaFX: lists the stacks of the config repository at head (provider, target,
 * last commit, last {@code Applied:}), computes their drift with ONE bulk read per connection for all the stacks that
 * target it ({@link Drift#compute}), plans a stack against its target for review, applies exactly the reviewed plan,
 * and validates and commits an edited stack version. Every method may block on I/O: the view model calls them on the
 * background executor.
 */
public final class StackCatalog {
    /** How the last-commit column writes a time. */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Workbench wb;

    public StackCatalog(Workbench wb) {
        this.wb = Objects.requireNonNull(wb);
    }

    /** The workbench behind it. */
    public Workbench workbench() { return wb; }

    // ---- list ---------------------------------------------------------------------------------------------------

    /**
     * The stacks at the repository's head, sorted by name, drift not checked yet. A stack that does not read is
     * listed with its first problem; its last commit and applied state come from the commits naming it.
     */
    public List<StackRow> load() throws StackException, AuditException {
        List<StackRow> rows = new ArrayList<>();
        try (ConfigRepository repo = wb.repository()) {
            Map<String, String> texts = repo.readStacks();
            List<String> names = List.copyOf(texts.keySet());
            // one walk of the history for all stacks: each one's newest commit and newest Applied: trailer; it stops
            // once every stack has both
            Map<String, CommitInfo> last = new java.util.HashMap<>();
            Map<String, String> applied = new java.util.HashMap<>();
            java.util.Set<String> open = new java.util.HashSet<>(names);
            if (!open.isEmpty()) {
                repo.walk(c -> {
                    String s = c.trailer("Stack");
                    if (s == null || !open.contains(s)) return true;
                    last.putIfAbsent(s, c);
                    String a = c.trailer("Applied");
                    if (a != null && applied.putIfAbsent(s, a) == null) open.remove(s);
                    return !open.isEmpty();
                });
            }
            for (String name : names) {
                String yaml = texts.get(name);
                Stack stack = null;
                String problem = null;
                try {
                    stack = wb.parseStack(file(name), yaml);
                } catch (StackException e) {
                    problem = e.problems().isEmpty() ? UiErrors.message(e) : e.problems().get(0).format();
                }
                String provider = stack == null ? "" : String.join(", ", stack.providers());
                String target = stack == null || !stack.hasTarget() ? null : stack.target();
                rows.add(new StackRow(name, provider, target, yaml, stack, problem, last.get(name),
                        applied.getOrDefault(name, ""),
                        StackDrift.notChecked(stack == null ? "the stack does not read" : "not checked yet")));
            }
        }
        return rows;
    }

    /** The repository path of a stack. */
    public static String file(String stack) {
        return "stacks/" + stack + ".yaml";
    }

    /** The names of the configured connections (Settings → Connections), in file order. */
    public List<ConnectionProfile> connections() throws StackException {
        return wb.connections().load();
    }

    // ---- drift --------------------------------------------------------------------------------------------------

    /**
     * The drift of every row against its connection, and what it cost.
     *
     * @param byStack   per stack name
     * @param queries   round trips of the bulk read per connection name (one entry per connection read)
     * @param cancelled true when the user cancelled: the stacks of the connections not read say so
     */
    public record DriftReport(Map<String, StackDrift> byStack, Map<String, Integer> queries, long millis,
                              boolean cancelled) {
        public DriftReport {
            byStack = Map.copyOf(byStack);
            queries = Map.copyOf(queries);
        }
    }

    /** The connection a row is compared with: its target, else {@code unbound} (null: none). */
    public static String connectionOf(StackRow row, String unbound) {
        return row.target() != null ? row.target() : unbound == null || unbound.isBlank() ? null : unbound;
    }

    /**
     * Drift of the rows: stacks grouped by connection (their {@code target:}, or {@code unbound} for the stacks
     * without one), then per connection one session and ONE bulk read of all its stacks' resources
     * ({@link Drift#compute}); never a read per stack. A connection that fails marks its stacks "not checked" with
     * the reason and the others go on.
     */
    public DriftReport drift(List<StackRow> rows, String unbound, Progress progress) throws StackException {
        long start = System.nanoTime();
        Map<String, StackDrift> out = new LinkedHashMap<>();
        Map<String, List<StackRow>> byConnection = new LinkedHashMap<>();
        for (StackRow r : rows) {
            String c = connectionOf(r, unbound);
            if (r.stack() == null) out.put(r.name(), StackDrift.notChecked("the stack does not read: " + r.problem()));
            else if (c == null) out.put(r.name(), StackDrift.notChecked("no target"));
            else byConnection.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
        }
        Map<String, ConnectionProfile> profiles = new LinkedHashMap<>();
        if (!byConnection.isEmpty()) connections().forEach(p -> profiles.put(p.name(), p));
        Map<String, Integer> queries = new LinkedHashMap<>();
        boolean cancelled = false;
        int done = 0;
        for (Map.Entry<String, List<StackRow>> e : byConnection.entrySet()) {
            String name = e.getKey();
            if (cancelled || progress.cancelled()) {
                cancelled = true;
                e.getValue().forEach(r -> out.put(r.name(), StackDrift.notChecked("cancelled")));
                continue;
            }
            progress.status("Reading " + name + " for " + e.getValue().size()
                    + (e.getValue().size() == 1 ? " stack" : " stacks"));
            progress.worked(done, byConnection.size());
            try {
                out.putAll(driftOf(name, profiles.get(name), e.getValue(), queries, progress));
            } catch (CancelledException x) {
                cancelled = true;
                e.getValue().forEach(r -> out.put(r.name(), StackDrift.notChecked("cancelled")));
            }
            done++;
            progress.worked(done, byConnection.size());
        }
        return new DriftReport(out, queries, (System.nanoTime() - start) / 1_000_000, cancelled);
    }

    private Map<String, StackDrift> driftOf(String name, ConnectionProfile profile, List<StackRow> rows,
                                            Map<String, Integer> queries, Progress progress)
            throws CancelledException {
        Map<String, StackDrift> out = new LinkedHashMap<>();
        if (profile == null) {
            rows.forEach(r -> out.put(r.name(), StackDrift.notChecked("connection " + Problem.quote(name)
                    + " is not configured (Settings → Connections)")));
            return out;
        }
        Optional<Provider> provider = wb.registry().provider(profile.type());
        if (provider.isEmpty()) {
            rows.forEach(r -> out.put(r.name(), StackDrift.notChecked("no provider for connection type " + profile.type())));
            return out;
        }
        List<Stack> stacks = new ArrayList<>();
        for (StackRow r : rows) {
            if (!r.stack().providers().contains(profile.type())) {
                out.put(r.name(), StackDrift.notChecked("connection " + name + " is a " + profile.type()
                        + " connection; the stack's resources are " + r.provider()));
            } else {
                stacks.add(r.stack());
            }
        }
        if (stacks.isEmpty()) return out;
        Drift drift;
        try (ProviderSession session = wb.openSession(profile)) {
            drift = Drift.compute(name, provider.get(), wb.registry(), stacks, session, progress);
        } catch (CancelledException e) {
            throw e;
        } catch (ProviderException | RuntimeException e) {
            if (progress.cancelled()) throw new CancelledException();
            for (Stack s : stacks) out.put(s.name(), StackDrift.notChecked("cannot read " + name + ": " + UiErrors.message(e)));
            return out;
        }
        queries.put(name, drift.queries());
        Map<String, List<Drift.Mark>> marks = new LinkedHashMap<>();
        for (Drift.Mark m : drift.marks()) marks.computeIfAbsent(m.stack(), k -> new ArrayList<>()).add(m);
        for (Stack s : stacks) out.put(s.name(), summarize(name, marks.getOrDefault(s.name(), List.of())));
        return out;
    }

    /** One stack's marks as the drift column shows them. */
    static StackDrift summarize(String connection, List<Drift.Mark> marks) {
        List<String> changed = new ArrayList<>();
        List<Drift.Mark> unchecked = new ArrayList<>();
        int compared = 0;
        for (Drift.Mark m : marks) {
            String what = m.resource().type() + " " + m.resource().name();
            switch (m.state()) {
                case DIFFERS -> changed.add(what + ": differs (" + m.reason() + ")");
                case MISSING -> changed.add(what + ": missing in " + connection);
                case UNCHECKED -> unchecked.add(m);
                default -> { }
            }
            if (m.state() != Drift.State.UNCHECKED) compared++;
        }
        if (!changed.isEmpty()) return new StackDrift(StackDrift.Kind.CHANGES, changed.size(), changed, "", connection);
        if (compared == 0) {
            return StackDrift.notChecked(unchecked.isEmpty() ? "no resource of the stack is compared"
                    : unchecked.get(0).reason());
        }
        List<String> notes = unchecked.stream().map(m -> m.resource().type() + " " + m.resource().name()
                + ": not compared (" + m.reason() + ")").toList();
        return new StackDrift(StackDrift.Kind.IN_SYNC, 0, notes, "", connection);
    }

    // ---- plan and apply -----------------------------------------------------------------------------------------

    /** A stack planned against a connection for review: the plan, the generated document, the YAML. */
    public record Review(Stack stack, String yaml, Plan plan, String generated, ConnectionProfile connection) { }

    /**
     * Plans the row's stack against its connection (its target, else {@code unbound}) with the repository's history
     * of the stack.
     *
     * @throws ProviderException no connection, an unknown one, or the plan failed
     */
    public Review plan(StackRow row, String unbound, Progress progress)
            throws ProviderException, StackException, AuditException {
        String name = connectionOf(row, unbound);
        if (row.stack() == null) {
            throw new ProviderException("stack " + row.name() + " does not read: " + row.problem() + " (Edit YAML… to fix it)");
        }
        if (name == null) {
            throw new ProviderException("stack " + row.name() + " has no target: choose the connection for unbound stacks first");
        }
        ConnectionProfile profile = wb.connections().find(name).orElseThrow(() -> new ProviderException(
                "connection " + Problem.quote(name) + " (the target of stack " + row.name() + ") is not configured in Settings → Connections"));
        Stack stack = wb.parseStack(file(row.name()), row.yaml());
        String generated = String.join("\n", wb.generatedFiles(stack).values());
        Plan plan = wb.planForReview(stack, profile, progress);
        return new Review(stack, row.yaml(), plan, generated, profile);
    }

    /**
     * Applies exactly the reviewed plan: when the live plan is no longer the reviewed one, nothing runs and the
     * outcome is {@code REFUSED} with the live plan. Destructive changes run only with {@code allowDestroy}. The audit
     * commit carries {@code Target-Connection:}.
     */
    public Workbench.ApplyOutcome apply(Review review, boolean allowDestroy, String message, Progress progress)
            throws ProviderException, AuditException, StackException {
        try (ConfigRepository repo = wb.repository()) {
            return wb.apply(review.stack(), review.yaml(), review.connection(), repo,
                    allowDestroy && !review.plan().destructive().isEmpty(), message, progress, review.plan().sha256(),
                    Map.of("Target-Connection", review.connection().name()));
        }
    }

    // ---- edit ---------------------------------------------------------------------------------------------------

    /**
     * The problems of an edited stack version, sorted by position: what the stack reader reports, plus a name other
     * than {@code stack} (renaming is not an edit: it would make another stack).
     */
    public List<Problem> validate(String stack, String yaml) {
        List<Problem> problems = new ArrayList<>();
        Stack parsed = wb.stackReader().parse(file(stack), yaml, problems);
        if (parsed != null && !stack.equals(parsed.name())) {
            problems.add(new Problem(locate(file(stack), yaml, "stack"), "stack", "the name must stay " + Problem.quote(stack)
                    + " (was changed to " + Problem.quote(parsed.name()) + "); a wizard or mlpc commit makes a new stack"));
        }
        return StackReader.sorted(problems);
    }

    private static SourceLocation locate(String file, String yaml, String key) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(key + ":")) return new SourceLocation(file, i + 1, 1);
        }
        return SourceLocation.unknown(file);
    }

    /**
     * Commits an edited stack version ({@code Applied: no}, with its offline plan: saving talks to no live system;
     * Plan shows the live changes). Nothing is written when it has problems.
     *
     * @throws StackException the version has problems (nothing committed)
     */
    public CommitInfo save(String stack, String yaml, String message) throws StackException, ProviderException, AuditException {
        List<Problem> problems = validate(stack, yaml);
        if (!problems.isEmpty()) throw new StackException(problems);
        if (message == null || message.isBlank()) {
            throw new StackException(List.of(new Problem(SourceLocation.unknown(file(stack)), "commit message",
                    "is empty: say why this change is made")));
        }
        Stack parsed = wb.parseStack(file(stack), yaml);
        try (ConfigRepository repo = wb.repository()) {
            return wb.commit(parsed, yaml, wb.offlinePlan(parsed), repo, message.strip(), "no", null, null);
        }
    }
}
