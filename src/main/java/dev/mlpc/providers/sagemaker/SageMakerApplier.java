package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.run.Step;
import dev.mlpc.core.run.StepExecutor;
import dev.mlpc.core.run.StepFailedException;
import dev.mlpc.core.run.StepResult;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.CreateUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs SageMaker request documents for the core {@link dev.mlpc.core.run.PlanRunner}: each statement is one
 * SDK call. The SDK has no waiters for domains and profiles, so Create / Update / Delete return
 * {@link StepResult.Running} and the runner polls {@code DescribeDomain} / {@code DescribeUserProfile}: InService ends
 * a create or update (outputs {@code DomainId}, {@code DomainArn}, {@code Url}; for a profile {@code UserProfileArn}
 * and {@code DomainId}), Failed / Update_Failed ends it with SageMaker's FailureReason, and a delete ends when the
 * describe says ResourceNotFound (Delete_Failed: its reason). Tag calls finish at once. The system id of a step is the
 * AWS request id. Throttling is retried by the client's retry strategy ({@link SageMakerConnector}).
 */
final class SageMakerApplier implements StepExecutor {
    /** What a running step waits for. */
    record Pending(String kind, String domainId, String profileName, boolean gone, String what) { }

    private final SageMakerSession session;
    private final SageMakerClient client;
    private final Duration pollInterval;

    SageMakerApplier(SageMakerSession session, Duration pollInterval) {
        this.session = session;
        this.client = session.client();
        this.pollInterval = pollInterval;
    }

    @Override
    public StepResult execute(Step step, Object executable) throws StepFailedException {
        if (!(executable instanceof Map<?, ?> doc) || !(doc.get("operation") instanceof String op)
                || !(doc.get("request") instanceof Map<?, ?> request)) {
            throw new StepFailedException(step.resource() + ": not a SageMaker request document");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> req = (Map<String, Object>) request;
        String what = op + " of " + step.resource();
        try {
            switch (op) {
                case "CreateDomain": {
                    CreateDomainResponse r = client.createDomain(SageMakerRequests.createDomain(req));
                    String id = r.domainId() != null ? r.domainId()
                            : r.domainArn() == null ? null : r.domainArn().substring(r.domainArn().lastIndexOf('/') + 1);
                    if (id == null) throw new StepFailedException(what + ": SageMaker answered without a DomainId", requestId(r));
                    return new StepResult.Running(new Pending("domain", id, null, false, what), requestId(r), "Pending", null);
                }
                case "UpdateDomain": {
                    var r = client.updateDomain(SageMakerRequests.updateDomain(req));
                    return new StepResult.Running(new Pending("domain", (String) req.get("DomainId"), null, false, what),
                            requestId(r), "Updating", null);
                }
                case "DeleteDomain": {
                    try {
                        var r = client.deleteDomain(SageMakerRequests.deleteDomain(req));
                        return new StepResult.Running(new Pending("domain", (String) req.get("DomainId"), null, true, what),
                                requestId(r), "Deleting", null);
                    } catch (ResourceNotFoundException e) {
                        return StepResult.done(e.requestId());        // already gone
                    }
                }
                case "CreateUserProfile": {
                    CreateUserProfileResponse r = client.createUserProfile(SageMakerRequests.createUserProfile(req));
                    return new StepResult.Running(new Pending("profile", (String) req.get("DomainId"),
                            (String) req.get("UserProfileName"), false, what), requestId(r), "Pending", null);
                }
                case "UpdateUserProfile": {
                    var r = client.updateUserProfile(SageMakerRequests.updateUserProfile(req));
                    return new StepResult.Running(new Pending("profile", (String) req.get("DomainId"),
                            (String) req.get("UserProfileName"), false, what), requestId(r), "Updating", null);
                }
                case "DeleteUserProfile": {
                    try {
                        var r = client.deleteUserProfile(SageMakerRequests.deleteUserProfile(req));
                        return new StepResult.Running(new Pending("profile", (String) req.get("DomainId"),
                                (String) req.get("UserProfileName"), true, what), requestId(r), "Deleting", null);
                    } catch (ResourceNotFoundException e) {
                        return StepResult.done(e.requestId());        // already gone (e.g. with its domain's drop)
                    }
                }
                case "AddTags":
                    return StepResult.done(requestId(client.addTags(SageMakerRequests.addTags(req))));
                case "DeleteTags":
                    return StepResult.done(requestId(client.deleteTags(SageMakerRequests.deleteTags(req))));
                default:
                    throw new StepFailedException(step.resource() + ": unknown SageMaker operation " + op);
            }
        } catch (IllegalArgumentException e) {
            throw new StepFailedException(what + ": " + e.getMessage());
        } catch (SdkException e) {
            throw new StepFailedException(session.connector().error(what, e), e instanceof AwsServiceException a ? a.requestId() : null);
        }
    }

    @Override
    public StepResult poll(Step step, StepResult.Running running) throws StepFailedException {
        Pending p = (Pending) running.operation();
        try {
            if (p.kind().equals("domain")) {
                DescribeDomainResponse d = client.describeDomain(b -> b.domainId(p.domainId()));
                String status = d.statusAsString();
                if (!p.gone() && "InService".equals(status)) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("DomainId", d.domainId());
                    if (d.domainArn() != null) out.put("DomainArn", d.domainArn());
                    if (d.url() != null) out.put("Url", d.url());
                    return StepResult.done(running.systemId(), out);
                }
                failIf(p, status, d.failureReason(), running.systemId());
                return new StepResult.Running(p, running.systemId(), status, null);
            }
            DescribeUserProfileResponse u = client.describeUserProfile(b -> b.domainId(p.domainId()).userProfileName(p.profileName()));
            String status = u.statusAsString();
            if (!p.gone() && "InService".equals(status)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("DomainId", u.domainId());
                if (u.userProfileArn() != null) out.put("UserProfileArn", u.userProfileArn());
                return StepResult.done(running.systemId(), out);
            }
            failIf(p, status, u.failureReason(), running.systemId());
            return new StepResult.Running(p, running.systemId(), status, null);
        } catch (ResourceNotFoundException e) {
            if (p.gone()) return StepResult.done(running.systemId());
            throw new StepFailedException(p.what() + ": the object disappeared while SageMaker was working on it", running.systemId());
        } catch (SdkException e) {
            throw new StepFailedException(session.connector().error(p.what() + " (while waiting)", e), running.systemId());
        }
    }

    private static void failIf(Pending p, String status, String reason, String systemId) throws StepFailedException {
        if ("Failed".equals(status) || "Update_Failed".equals(status) || "Delete_Failed".equals(status)) {
            throw new StepFailedException(p.what() + " ended " + status + ": "
                    + (reason == null || reason.isBlank() ? "SageMaker gave no reason" : reason), systemId);
        }
        if (!p.gone() && "Deleting".equals(status)) {
            throw new StepFailedException(p.what() + ": the object is being deleted", systemId);
        }
    }

    private static String requestId(AwsResponse r) {
        return r.responseMetadata() == null ? null : r.responseMetadata().requestId();
    }

    @Override
    public Duration pollInterval(Step step) { return pollInterval; }

    @Override
    public Duration maxPollInterval(Step step) {
        Duration max = pollInterval.multipliedBy(15);
        return max.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : max;
    }

    /**
     * A domain's output that no step of this apply returned: the domain exists from an earlier apply, so it is found
     * live by its DomainName (ListDomains).
     */
    @Override
    public Object knownOutput(Statement.OutputRef ref) {
        if (!ref.type().equals(SageMakerTypes.DOMAIN)) return null;
        String name = session.domainName(ref.name());
        try {
            List<DomainDetails> all = session.listDomains(dev.mlpc.core.provider.Progress.NONE, new AtomicInteger());
            List<DomainDetails> same = all.stream().filter(d -> name.equals(d.domainName())).toList();
            if (same.size() != 1) return null;
            DomainDetails d = same.get(0);
            return switch (ref.output()) {
                case "DomainId" -> d.domainId();
                case "DomainArn" -> d.domainArn();
                case "Url" -> d.url();
                default -> null;
            };
        } catch (dev.mlpc.core.provider.ProviderException e) {
            return null;
        }
    }
}
