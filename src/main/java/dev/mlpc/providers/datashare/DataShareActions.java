package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.provider.CancelledException;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareTypes.API_VERSION;

/**
 * The live actions of a share subscription ({@link NodeAction}), run through the session's {@link ArmClient}:
 * <ul>
 *   <li><b>Synchronize now…</b> ({@value #SYNCHRONIZE}; choices {@code Incremental} / {@code FullSync}, the spec's
 *       {@code synchronizationMode}): {@code POST …/shareSubscriptions/{name}/synchronize}, a long-running operation
 *       (azure-core-management's ARM poller, one poll at a time) followed until it ends, waiting as ARM's
 *       {@code Retry-After} says (else the session's poll interval) and honouring cancel between polls: a cancelled
 *       wait throws a {@link CancelledException} saying the synchronization continues on Azure. The outcome comes
 *       from the synchronization itself ({@code listSynchronizations}): Succeeded, Failed with its error, or
 *       Canceled, with start, end, duration and the files copied ({@code listSynchronizationDetails}: the
 *       synchronization has no file count of its own in the spec).</li>
 *   <li><b>Cancel synchronization</b> ({@value #CANCEL}, destructive): finds the synchronization in progress
 *       ({@code listSynchronizations}) and {@code POST …/cancelSynchronization} with its id, followed the same way.</li>
 * </ul>
 */
final class DataShareActions {
    static final String SYNCHRONIZE = "synchronize";
    static final String CANCEL = "cancel-synchronization";
    static final List<String> MODES = List.of("Incremental", "FullSync");

    static final NodeAction SYNCHRONIZE_ACTION = new NodeAction(SYNCHRONIZE, "_Synchronize now…",
            "Copies the shared data into this subscription's mapped storage now: Incremental copies what changed since the"
                    + " last synchronization, FullSync copies everything again. The console follows the operation until it ends.",
            MODES, false);
    static final NodeAction CANCEL_ACTION = new NodeAction(CANCEL, "_Cancel synchronization",
            "Stops the synchronization in progress; what it already copied stays in the target storage.", List.of(), true);

    /** Statuses of a synchronization that has not ended ("Accepted" until its first poll, as the spec's example shows). */
    private static final List<String> RUNNING = List.of("accepted", "queued", "inprogress", "cancelling");
    /** How long one sleep slice is between checks of cancel. */
    private static final long SLICE_MS = 50;

    /** How the wait between polls is spent: in slices, checking cancel (tests record the waits instead). */
    @FunctionalInterface
    interface Waiter {
        /** Waits {@code d}; throws a {@link CancelledException} with {@code onCancel} as soon as {@code p} is cancelled. */
        void await(Duration d, Progress p, String onCancel) throws CancelledException;
    }

    private final ArmClient arm;
    private final Duration pollInterval;
    private final Waiter waiter;

    /**
     * @param pollInterval the wait between polls when ARM gives no Retry-After
     */
    DataShareActions(ArmClient arm, Duration pollInterval) {
        this(arm, pollInterval, DataShareActions::sleep);
    }

    DataShareActions(ArmClient arm, Duration pollInterval, Waiter waiter) {
        this.arm = arm;
        this.pollInterval = pollInterval;
        this.waiter = waiter;
    }

    /** Synchronize now and Cancel synchronization on a share subscription; nothing elsewhere. */
    static List<NodeAction> actions(LiveNode node) {
        if (node == null || !"share_subscription".equals(node.kind())) return List.of();
        return List.of(SYNCHRONIZE_ACTION, CANCEL_ACTION);
    }

    NodeAction.Outcome run(LiveNode node, String actionId, String choice, Progress progress) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        if (!"share_subscription".equals(node.kind())) {
            throw new ProviderException(node.kind() + " " + node.label() + ": no action " + actionId + " (only share subscriptions synchronize)");
        }
        return switch (actionId) {
            case SYNCHRONIZE -> synchronize(node, choice, p);
            case CANCEL -> cancel(node, p);
            default -> throw new ProviderException("share subscription " + name(node) + ": no action " + actionId);
        };
    }

    private static String name(LiveNode node) {
        return DataShareTree.lastSegment(DataShareTree.armId(node));
    }

    // ---- Synchronize now ----------------------------------------------------------------------------------------------

    private NodeAction.Outcome synchronize(LiveNode node, String choice, Progress p) throws ProviderException {
        String mode = choice == null ? "Incremental" : MODES.stream().filter(m -> m.equalsIgnoreCase(choice)).findFirst()
                .orElseThrow(() -> new ProviderException("share subscription " + name(node) + ": synchronization mode "
                        + choice + " is not one of " + String.join(", ", MODES)));
        String subId = DataShareTree.armId(node);
        String name = name(node);
        String what = "synchronizing share subscription " + name;
        p.checkCancelled();
        p.status("Starting a " + mode + " synchronization of share subscription " + name);
        ArmClient.ArmResponse started = arm.send("POST", subId + "/synchronize?api-version=" + API_VERSION,
                Map.of("synchronizationMode", mode), what);
        String syncId = started.json().path("synchronizationId").asText(null);
        String operationUrl = started.operationUrl();
        String label = syncId == null ? "the synchronization" : "synchronization " + syncId;
        ArmClient.PollState end = follow(started, what, "Synchronizing share subscription " + name + " (" + mode + ")",
                "stopped waiting; " + label + " of share subscription " + name + " continues on Azure"
                        + " (Cancel synchronization stops it)", p);
        JsonNode sync = syncId == null ? null : find(subId, syncId, p);
        if (sync == null && syncId == null) sync = newest(subId, p);
        Map<String, Object> details = new LinkedHashMap<>();
        if (sync != null) details.putAll(DataShareTree.synchronizationDetails(sync));
        else if (syncId != null) details.put("synchronization_id", syncId);
        String status = sync == null ? (end == null ? "Succeeded" : end.done() ? "Succeeded" : "Failed")
                : sync.path("status").asText("");
        if (sync != null && !sync.path("synchronizationId").asText("").isEmpty()) {
            p.status("Reading what synchronization " + sync.path("synchronizationId").asText() + " copied");
            DataShareTree.putFileCounts(details, DataShareTree.fileCounts(arm, subId, sync.path("synchronizationId").asText(), p));
        }
        if (end != null && end.failure() != null && !details.containsKey("error")) details.put("error", end.failure());
        if (operationUrl != null) details.put("operation_url", operationUrl);
        String subject = "Synchronization of share subscription " + name;
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "succeeded" -> new NodeAction.Outcome(true, subject + " succeeded (" + mode + "): "
                    + details.getOrDefault("files_copied", "?") + " files copied"
                    + (details.get("duration") == null ? "" : " in " + details.get("duration")), details);
            case "canceled", "cancelled" -> new NodeAction.Outcome(false, subject + " was cancelled"
                    + (details.get("files_copied") == null ? "" : " (" + details.get("files_copied") + " files copied)"), details);
            default -> new NodeAction.Outcome(false, subject + " " + (status.isEmpty() ? "did not succeed" : status.toLowerCase(Locale.ROOT))
                    + (details.get("error") == null ? "" : ": " + details.get("error")), details);
        };
    }

    // ---- Cancel synchronization -------------------------------------------------------------------------------------

    private NodeAction.Outcome cancel(LiveNode node, Progress p) throws ProviderException {
        String subId = DataShareTree.armId(node);
        String name = name(node);
        p.status("Looking for the synchronization in progress of share subscription " + name);
        List<JsonNode> syncs = new java.util.ArrayList<>(DataShareTree.postList(arm, subId + "/listSynchronizations?api-version="
                + API_VERSION, null, "listing the synchronizations of share subscription " + name, p));
        DataShareTree.sortNewestFirst(syncs);
        JsonNode running = syncs.stream().filter(s -> RUNNING.contains(s.path("status").asText("").toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
        if (running == null) {
            String last = syncs.isEmpty() ? "it has never been synchronized"
                    : "the newest one, " + syncs.get(0).path("synchronizationId").asText() + ", is "
                    + syncs.get(0).path("status").asText("in an unknown state");
            throw new ProviderException("share subscription " + name + ": no synchronization is in progress, nothing to cancel ("
                    + last + ")");
        }
        String syncId = running.path("synchronizationId").asText();
        p.checkCancelled();
        p.status("Cancelling synchronization " + syncId + " of share subscription " + name);
        String what = "cancelling synchronization " + syncId + " of share subscription " + name;
        ArmClient.ArmResponse started = arm.send("POST", subId + "/cancelSynchronization?api-version=" + API_VERSION,
                Map.of("synchronizationId", syncId), what);
        ArmClient.PollState end = follow(started, what, "Cancelling synchronization " + syncId,
                "stopped waiting; the cancellation of synchronization " + syncId + " of share subscription " + name
                        + " continues on Azure", p);
        JsonNode sync = find(subId, syncId, p);
        Map<String, Object> details = new LinkedHashMap<>();
        if (sync != null) details.putAll(DataShareTree.synchronizationDetails(sync));
        else details.put("synchronization_id", syncId);
        if (end != null && end.failure() != null) details.put("error", end.failure());
        if (started.operationUrl() != null) details.put("operation_url", started.operationUrl());
        String status = sync == null ? "" : sync.path("status").asText("");
        if (status.equalsIgnoreCase("Canceled") || status.equalsIgnoreCase("Cancelled")) {
            return new NodeAction.Outcome(true, "Synchronization " + syncId + " of share subscription " + name + " cancelled", details);
        }
        return new NodeAction.Outcome(false, "Synchronization " + syncId + " of share subscription " + name + " was not cancelled: "
                + (end != null && end.failure() != null ? end.failure() : "it is " + (status.isEmpty() ? "in an unknown state" : status)),
                details);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /**
     * Follows an accepted request to its end with azure-core-management's ARM poller, one poll at a time, waiting
     * ARM's Retry-After (else the poll interval) between polls; null when the request ended at once.
     */
    private ArmClient.PollState follow(ArmClient.ArmResponse started, String what, String status, String onCancel, Progress p)
            throws ProviderException {
        if (!ArmClient.isRunning(started)) return null;
        ArmClient.Operation op = arm.startOperation(started, what, pollInterval);
        Duration wait = started.retryAfter() != null ? started.retryAfter() : pollInterval;
        int polls = 0;
        while (true) {
            p.status(status + (polls == 0 ? "" : " (still running after " + polls + (polls == 1 ? " poll)" : " polls)")));
            p.worked(0, 0);
            waiter.await(wait, p, onCancel);
            ArmClient.PollState s = arm.pollOnce(op);
            polls++;
            if (s.done() || s.failed()) return s;
            wait = s.retryAfter() != null ? s.retryAfter() : pollInterval;
        }
    }

    private static void sleep(Duration d, Progress p, String onCancel) throws CancelledException {
        long until = System.nanoTime() + Math.max(0, d.toNanos());
        while (true) {
            if (p.cancelled()) throw new CancelledException(onCancel);
            long left = until - System.nanoTime();
            if (left <= 0) return;
            try {
                Thread.sleep(Math.min(SLICE_MS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException(onCancel);
            }
        }
    }

    /** One synchronization of a share subscription by id, or null. */
    private JsonNode find(String subId, String syncId, Progress p) throws ProviderException {
        for (JsonNode s : DataShareTree.postList(arm, subId + "/listSynchronizations?api-version=" + API_VERSION, null,
                "listing the synchronizations of share subscription " + DataShareTree.lastSegment(subId), p)) {
            if (s.path("synchronizationId").asText("").equalsIgnoreCase(syncId)) return s;
        }
        return null;
    }

    private JsonNode newest(String subId, Progress p) throws ProviderException {
        List<JsonNode> all = new java.util.ArrayList<>(DataShareTree.postList(arm, subId + "/listSynchronizations?api-version="
                + API_VERSION, null, "listing the synchronizations of share subscription " + DataShareTree.lastSegment(subId), p));
        DataShareTree.sortNewestFirst(all);
        return all.isEmpty() ? null : all.get(0);
    }
}
