package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The view model of the Proposals view: the proposals of the config repository (open ones, or all with
 * {@link #showAllProperty()}), the selected one's plan, stack and decisions, and the actions Approve, Reject and
 * Apply with why each is unavailable. All I/O goes through the {@link ProposalService} on the background executor;
 * properties change on the UI thread only. Every action reads the list again when it ends.
 */
public final class ProposalsViewModel {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ProposalService service;
    private final UiExecutor executor;
    private final ObservableList<ProposalRow> proposals = FXCollections.observableArrayList();
    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final BooleanProperty showAll = new SimpleBooleanProperty(this, "showAll", false);
    private final ObjectProperty<ProposalRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>(this, "connection");
    private final BooleanProperty allowDestroy = new SimpleBooleanProperty(this, "allowDestroy", false);
    private final ReadOnlyObjectWrapper<Author> author = new ReadOnlyObjectWrapper<>(this, "author");
    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyStringWrapper planError = new ReadOnlyStringWrapper(this, "planError", "");
    private final ReadOnlyStringWrapper planNote = new ReadOnlyStringWrapper(this, "planNote", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper running = new ReadOnlyStringWrapper(this, "running", "");
    private final ReadOnlyBooleanWrapper applying = new ReadOnlyBooleanWrapper(this, "applying", false);
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyBooleanWrapper resultFailed = new ReadOnlyBooleanWrapper(this, "resultFailed", false);
    private final ReadOnlyStringWrapper resultDetails = new ReadOnlyStringWrapper(this, "resultDetails", "");
    private final ReadOnlyStringWrapper progressMessage = new ReadOnlyStringWrapper(this, "progressMessage", "");
    private final ReadOnlyDoubleWrapper progressFraction = new ReadOnlyDoubleWrapper(this, "progressFraction", 0);
    private final StringBinding approveBlocked;
    private final StringBinding rejectBlocked;
    private final StringBinding applyBlocked;
    private int generation;
    private FxProgress progress;

    public ProposalsViewModel(ProposalService service, UiExecutor executor) {
        this.service = Objects.requireNonNull(service);
        this.executor = Objects.requireNonNull(executor);
        selected.addListener((o, a, b) -> selectionChanged(a, b));
        showAll.addListener((o, a, b) -> refresh());
        approveBlocked = Bindings.createStringBinding(this::whyNoApprove, selected, author, running);
        rejectBlocked = Bindings.createStringBinding(this::whyNoReject, selected, running);
        applyBlocked = Bindings.createStringBinding(this::whyNoApply, selected, running, connection, allowDestroy, plan,
                connections);
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    /** The proposals listed, newest first. */
    public ObservableList<ProposalRow> proposals() { return proposals; }

    /** False: open proposals only (open and approved); true: all, also rejected, applied and superseded ones. */
    public BooleanProperty showAllProperty() { return showAll; }

    /** The selected proposal (the view binds its table selection to it). */
    public ObjectProperty<ProposalRow> selectedProperty() { return selected; }

    /** The connections an apply may use (connections.yaml). */
    public ObservableList<ConnectionProfile> connections() { return connections; }

    /** The connection Apply uses: the selected proposal's target connection by default. */
    public ObjectProperty<ConnectionProfile> connectionProperty() { return connection; }

    /** Whether the apply may run destructive changes (reset to false when the selection changes). */
    public BooleanProperty allowDestroyProperty() { return allowDestroy; }

    /** Who the console records decisions as (Settings author), once read. */
    public ReadOnlyObjectProperty<Author> authorProperty() { return author.getReadOnlyProperty(); }

    /** The selected proposal's plan, or null (none selected, or its JSON cannot be read: {@link #planErrorProperty()}). */
    public ReadOnlyObjectProperty<Plan> planProperty() { return plan.getReadOnlyProperty(); }

    /** Why the selected proposal's plan cannot be shown; empty when fine. */
    public ReadOnlyStringProperty planErrorProperty() { return planError.getReadOnlyProperty(); }

    /** What stands in for the plan of a proposed policy change; empty otherwise. */
    public ReadOnlyStringProperty planNoteProperty() { return planNote.getReadOnlyProperty(); }

    /** One line: how many proposals are listed, or why none. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Why the list could not be read; empty when fine. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** True while the list is being read. */
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }

    /** What action runs now ("Approving 1a2b3c4"…), empty when none: one action at a time. */
    public ReadOnlyStringProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** True while an apply runs (Cancel is offered). */
    public ReadOnlyBooleanProperty applyingProperty() { return applying.getReadOnlyProperty(); }

    /** The last action's outcome, one line. */
    public ReadOnlyStringProperty resultProperty() { return result.getReadOnlyProperty(); }

    /** True when the last action failed or was refused. */
    public ReadOnlyBooleanProperty resultFailedProperty() { return resultFailed.getReadOnlyProperty(); }

    /** The last apply's statements with their outcomes and the commit that recorded it. */
    public ReadOnlyStringProperty resultDetailsProperty() { return resultDetails.getReadOnlyProperty(); }

    /** The running apply's status line. */
    public ReadOnlyStringProperty progressMessageProperty() { return progressMessage.getReadOnlyProperty(); }

    /** The running apply's done fraction, -1 while unknown. */
    public ReadOnlyDoubleProperty progressFractionProperty() { return progressFraction.getReadOnlyProperty(); }

    /** Why Approve is unavailable now; empty when it is available. */
    public ObservableStringValue approveBlocked() { return approveBlocked; }

    /** Why Reject is unavailable now; empty when it is available. */
    public ObservableStringValue rejectBlocked() { return rejectBlocked; }

    /** Why Apply is unavailable now; empty when it is available. */
    public ObservableStringValue applyBlocked() { return applyBlocked; }

    /** True when the selected plan has destructive changes (the allow box is offered). */
    public BooleanBinding destructiveProperty() {
        return Bindings.createBooleanBinding(() -> plan.get() != null && !plan.get().destructive().isEmpty(), plan);
    }

    // ---- loading -------------------------------------------------------------------------------------------------

    /** Reads the proposals, the connections and the author again; the selection stays on the same proposal if listed. */
    public void refresh() {
        int gen = ++generation;
        boolean openOnly = !showAll.get();
        loading.set(true);
        record Loaded(List<ProposalRow> rows, List<ConnectionProfile> connections, String connectionsError, Author author) { }
        Tasks.create(() -> {
            List<ProposalRow> rows = service.list(openOnly);
            List<ConnectionProfile> conns = List.of();
            String connError = null;
            try {
                conns = service.connections();
            } catch (Exception e) {
                connError = UiErrors.message(e);
            }
            return new Loaded(rows, conns, connError, service.author());
        }).onSuccess(l -> {
            if (gen != generation) return;
            String keep = selected.get() == null ? null : selected.get().commitId();
            ConnectionProfile chosen = connection.get();
            connections.setAll(l.connections());
            author.set(l.author());
            proposals.setAll(l.rows());
            error.set(l.connectionsError() == null ? "" : "connections.yaml: " + l.connectionsError());
            int n = l.rows().size();
            status.set(n == 0 ? (openOnly ? "No open proposals." : "No proposals yet: mlpc propose FILE --connection X makes one.")
                    : n + (openOnly ? " open" : "") + (n == 1 ? " proposal" : " proposals"));
            ProposalRow again = keep == null ? null : l.rows().stream().filter(r -> r.commitId().equals(keep)).findFirst().orElse(null);
            if (again != null) {
                selected.set(again);
                // the same proposal read again: keep the connection and allow-destroy the user chose
                if (chosen != null) connection.set(byName(chosen.name()));
            } else {
                selected.set(null);
            }
        }).onError(e -> {
            if (gen != generation) return;
            error.set("The proposals cannot be read: " + UiErrors.message(e));
            status.set("");
        }).onFinally(() -> {
            if (gen == generation) loading.set(false);
        }).run(executor);
    }

    private void selectionChanged(ProposalRow before, ProposalRow now) {
        boolean same = before != null && now != null && before.commitId().equals(now.commitId());
        if (!same) {
            allowDestroy.set(false);
            connection.set(now == null || now.targetConnection() == null ? null : byName(now.targetConnection()));
        }
        plan.set(null);
        planError.set("");
        planNote.set("");
        if (now == null) return;
        if (now.policy()) {
            planNote.set("A proposed change of policy.yaml: it has no plan. Its text is under Stack YAML; applying it"
                    + " commits it as the policy in force.");
            return;
        }
        try {
            plan.set(ProposalPlan.read(now.planJson(), now.provider()));
        } catch (IllegalArgumentException e) {
            planError.set("The plan cannot be shown: " + e.getMessage());
        }
    }

    private ConnectionProfile byName(String name) {
        return connections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    // ---- why an action is unavailable ----------------------------------------------------------------------------

    private String whyNoApprove() {
        ProposalRow p = selected.get();
        if (p == null) return "Select a proposal.";
        if (!running.get().isEmpty()) return running.get() + "…";
        if (!p.decidable()) return "It is " + statusText(p) + ": nothing to approve.";
        Author me = author.get();
        if (me != null && sameIdentity(me, p.proposer())) {
            return "You (" + me.email() + ") proposed it: another person must approve it.";
        }
        if (me != null && p.approvals().stream().anyMatch(d -> sameIdentity(me, d.by()))) return "You approved it already.";
        return "";
    }

    private String whyNoReject() {
        ProposalRow p = selected.get();
        if (p == null) return "Select a proposal.";
        if (!running.get().isEmpty()) return running.get() + "…";
        if (!p.decidable()) return "It is " + statusText(p) + ": nothing to reject.";
        return "";
    }

    private String whyNoApply() {
        ProposalRow p = selected.get();
        if (p == null) return "Select a proposal.";
        if (!running.get().isEmpty()) return running.get() + "…";
        if (!p.applicable()) return "Not applicable: " + applicableText(p).replaceFirst("^no: ", "");
        if (p.policy()) return "";
        if (connection.get() == null) {
            return p.targetConnection() != null && byName(p.targetConnection()) == null
                    ? "Its target connection " + Problem.quote(p.targetConnection()) + " is not in connections.yaml: choose a connection."
                    : "Choose the connection to apply to.";
        }
        if (plan.get() == null) return "The plan cannot be shown, so it cannot be applied here.";
        if (!plan.get().destructive().isEmpty() && !allowDestroy.get()) {
            return "The plan has destructive changes (" + plan.get().destructive().size() + "): allow them to apply it.";
        }
        return "";
    }

    private static boolean sameIdentity(Author a, Author b) {
        return a != null && b != null && a.email() != null && b.email() != null && !a.email().isBlank()
                && a.email().equalsIgnoreCase(b.email());
    }

    // ---- actions -------------------------------------------------------------------------------------------------

    /** Records an approval of the selected proposal ({@code message} optional), then reads the list again. */
    public void approve(String message) {
        ProposalRow p = selected.get();
        if (p == null || !approveBlocked.get().isEmpty()) return;
        String m = message == null ? "" : message.strip();
        start("Approving " + p.shortId());
        Tasks.create(() -> service.approve(p.commitId(), m)).onSuccess(c -> {
            succeeded("Approved proposal " + p.shortId() + " of " + p.stack() + " (plan " + shortHash(p.planSha256())
                    + "), recorded as commit " + c.shortId() + ".", "");
        }).onError(e -> failed("The approval was not recorded: " + UiErrors.message(e), ""))
                .onFinally(this::finished).run(executor);
    }

    /** The problem with a rejection reason, or null when it is fine. */
    public static String reasonProblem(String reason) {
        return reason == null || reason.isBlank() ? "Reason: a rejection needs a reason (it is recorded with the rejection)." : null;
    }

    /** Records a rejection of the selected proposal with {@code reason} (required), then reads the list again. */
    public void reject(String reason) {
        ProposalRow p = selected.get();
        if (p == null || !rejectBlocked.get().isEmpty()) return;
        String problem = reasonProblem(reason);
        if (problem != null) {
            result.set(problem);
            resultFailed.set(true);
            return;
        }
        String r = reason.strip();
        start("Rejecting " + p.shortId());
        Tasks.create(() -> service.reject(p.commitId(), r)).onSuccess(c -> succeeded("Rejected proposal " + p.shortId()
                        + " of " + p.stack() + ", recorded as commit " + c.shortId() + ".", ""))
                .onError(e -> failed("The rejection was not recorded: " + UiErrors.message(e), ""))
                .onFinally(this::finished).run(executor);
    }

    /** Applies the selected proposal to the chosen connection, with progress; then reads the list again. */
    public void apply() {
        ProposalRow p = selected.get();
        ConnectionProfile c = connection.get();
        if (p == null || !applyBlocked.get().isEmpty()) return;
        if (p.policy()) {
            applyPolicy(p);
            return;
        }
        if (c == null) return;
        boolean allow = allowDestroy.get() && plan.get() != null && !plan.get().destructive().isEmpty();
        FxProgress fx = new FxProgress(executor.fx());
        progress = fx;
        progressMessage.bind(fx.messageProperty());
        progressFraction.bind(fx.fractionProperty());
        applying.set(true);
        start("Applying " + p.shortId() + " to " + c.name());
        Tasks.create(() -> service.apply(p.commitId(), c, allow, fx)).onSuccess(outcome -> {
            Described d = describe(p, c, outcome);
            if (d.failed()) failed(d.line(), d.details());
            else succeeded(d.line(), d.details());
        }).onError(e -> failed("The apply failed: " + UiErrors.message(e), "")).onFinally(() -> {
            progressMessage.unbind();
            progressFraction.unbind();
            progressMessage.set("");
            progressFraction.set(0);
            progress = null;
            applying.set(false);
            finished();
        }).run(executor);
    }

    private void applyPolicy(ProposalRow p) {
        start("Applying the proposed policy " + p.shortId());
        Tasks.create(() -> service.applyPolicy(p.commitId(), "")).onSuccess(c -> succeeded("Applied proposal " + p.shortId()
                        + ": policy.yaml is now the proposed policy, recorded as commit " + c.shortId() + ".", ""))
                .onError(e -> failed("The policy was not applied: " + UiErrors.message(e), ""))
                .onFinally(this::finished).run(executor);
    }

    /** Asks the running apply to stop at its next check (statements already run stay; the journal says which). */
    public void cancelApply() {
        FxProgress p = progress;
        if (p != null) {
            p.cancel();
            running.set("Cancelling the apply");
        }
    }

    private void start(String what) {
        running.set(what);
        result.set(what + "…");
        resultFailed.set(false);
        resultDetails.set("");
    }

    private void succeeded(String line, String details) {
        result.set(line);
        resultFailed.set(false);
        resultDetails.set(details);
    }

    private void failed(String line, String details) {
        result.set(line);
        resultFailed.set(true);
        resultDetails.set(details);
    }

    private void finished() {
        running.set("");
        refresh();
    }

    /** An apply's outcome as one line and its details; {@code failed} for anything but success. */
    public record Described(String line, String details, boolean failed) { }

    /** What an apply of {@code p} against {@code c} did, in words. */
    public static Described describe(ProposalRow p, ConnectionProfile c, Workbench.ApplyOutcome outcome) {
        ApplyResult r = outcome.result();
        long ok = r.executed().stream().filter(x -> x.outcome() == ApplyResult.StatementOutcome.OK).count();
        StringBuilder b = new StringBuilder();
        for (ApplyResult.Executed x : r.executed()) {
            Object st = x.statement();
            String text = st instanceof String s ? s : dev.mlpc.core.plan.CanonicalJson.compact(st);
            b.append(String.format(Locale.ROOT, "%-11s %6d ms  %s%n", x.outcome().name(), x.millis(), text));
            if (x.error() != null) b.append("            error: ").append(x.error()).append('\n');
        }
        if (outcome.commit() != null) {
            b.append("Recorded as commit ").append(outcome.commit().shortId()).append(" (Applied: ").append(r.trailer()).append(")\n");
        }
        if (outcome.auditError() != null) b.append(outcome.auditError()).append('\n');
        String note = outcome.commit() == null ? "" : " Recorded as commit " + outcome.commit().shortId() + ".";
        String n = r.executed().size() + (r.executed().size() == 1 ? " statement" : " statements");
        String where = " to " + c.name();
        return switch (r.outcome()) {
            case SUCCEEDED -> new Described((r.executed().isEmpty()
                    ? "Applied proposal " + p.shortId() + where + ": nothing to run, the live system already matches."
                    : "Applied proposal " + p.shortId() + where + ": " + ok + " of " + n + " ran.") + note
                    + (outcome.auditError() == null ? "" : " The audit commit failed (see below)."),
                    b.toString().stripTrailing(), outcome.auditError() != null);
            case FAILED -> new Described("The apply failed after " + ok + " of " + n + ": " + r.failure() + "." + note,
                    b.toString().stripTrailing(), true);
            case CANCELLED -> new Described("The apply was cancelled after " + ok + " of " + n + "." + note
                    + " Plan again to see what is left.", b.toString().stripTrailing(), true);
            case TIMED_OUT -> new Described("The apply timed out after " + ok + " of " + n + ": " + r.failure() + "." + note,
                    b.toString().stripTrailing(), true);
            case REFUSED -> new Described("The apply was refused; nothing ran. " + (r.failure() == null ? "" : r.failure()),
                    refusedDetails(outcome.plan()), true);
        };
    }

    private static String refusedDetails(Plan live) {
        return live == null ? "" : "The plan that would run now:\n" + live.toText();
    }

    // ---- texts the table and the details show ------------------------------------------------------------------

    /** "1 of 2: Bob Builder" — approvals of this plan out of those needed, with who approved. */
    public static String approvalsText(ProposalRow p) {
        String who = String.join(", ", p.approvals().stream().map(d -> d.by() == null ? "?" : d.by().name()).toList());
        String count = p.required() <= 0 ? p.approvals().size() + " (none needed)" : p.approvals().size() + " of " + p.required();
        return who.isEmpty() ? count : count + ": " + who;
    }

    /** The status in lower case ("open", "approved", …), with "rejected by X" for a rejection. */
    public static String statusText(ProposalRow p) {
        String s = p.status().name().toLowerCase(Locale.ROOT);
        if (p.status() == ProposalRow.Status.REJECTED && !p.rejections().isEmpty()) {
            s += " by " + p.rejections().stream().map(d -> d.by() == null ? "?" : d.by().name()).distinct()
                    .reduce((x, y) -> x + ", " + y).orElse("");
        }
        return s;
    }

    /** "yes", or "no: " and why not. */
    public static String applicableText(ProposalRow p) {
        if (p.applicable()) return "yes";
        String why = p.why() == null || p.why().isBlank() ? switch (p.status()) {
            case OPEN -> p.approvals().size() + " of " + p.required() + " approvals";
            case REJECTED -> "rejected";
            case APPLIED -> "already applied";
            case SUPERSEDED -> "a newer commit of the stack replaced it";
            case APPROVED -> "";
        } : p.why();
        return "no: " + why;
    }

    /**
     * The table's form of {@link #applicableText}: "yes", or "no: " and the reason's first part ("0 of 1 approval(s)",
     * "rejected by Bob"); the whole reason is in the details and the cell's tooltip.
     */
    public static String applicableShort(ProposalRow p) {
        String full = applicableText(p);
        if (!full.startsWith("no: ")) return full;
        int colon = full.indexOf(": ", 4);
        return colon < 0 ? full : full.substring(0, colon);
    }

    /** The target: connection name and the identity it records ({@code pg (postgres 127.0.0.1:5432/app)}). */
    public static String targetText(ProposalRow p) {
        if (p.targetConnection() == null && p.targetIdentity() == null) return "";
        if (p.targetIdentity() == null) return p.targetConnection();
        if (p.targetConnection() == null) return p.targetIdentity();
        return p.targetConnection() + " (" + p.targetIdentity() + ")";
    }

    /** "Ada Admin <ada@example.org>". */
    public static String who(Author a) {
        if (a == null) return "";
        return a.email() == null || a.email().isBlank() ? a.name() : a.name() + " <" + a.email() + ">";
    }

    /** "2026-12-03 16:42" in the local time zone. */
    public static String when(java.time.Instant t) {
        return t == null ? "" : DATE.format(t);
    }

    /** The decisions of a proposal, one per line, oldest first: approvals and rejections with who, when, hash, reason. */
    public static List<String> decisionLines(ProposalRow p) {
        record Line(java.time.Instant when, String text) { }
        List<Line> lines = new ArrayList<>();
        for (ProposalRow.Decision d : p.approvals()) {
            lines.add(new Line(d.when(), when(d.when()) + "  approved by " + who(d.by()) + "  (plan " + shortHash(d.planSha256())
                    + ", commit " + shortHash(d.commitId()) + ")" + (d.reason() == null || d.reason().isBlank() ? "" : ": " + d.reason())));
        }
        for (ProposalRow.Decision d : p.rejections()) {
            lines.add(new Line(d.when(), when(d.when()) + "  rejected by " + who(d.by()) + "  (plan " + shortHash(d.planSha256())
                    + ", commit " + shortHash(d.commitId()) + "): " + (d.reason() == null ? "" : d.reason())));
        }
        lines.sort(java.util.Comparator.comparing(Line::when, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        List<String> out = new ArrayList<>(lines.stream().map(Line::text).toList());
        if (out.isEmpty()) out.add("No decisions yet.");
        return out;
    }

    private static String shortHash(String h) {
        return h == null ? "?" : h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** The commit an approval or rejection made, for tests and the result line. */
    static String shortId(CommitInfo c) { return c.shortId(); }
}
