package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mlpc.providers.datashare.FakeArm.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ArmClient over a scripted azure-core HttpClient: paging, errors, throttling, the bearer token, operations. */
class ArmClientTest {
    private static final String ACCOUNTS = "/subscriptions/s1/providers/Microsoft.DataShare/accounts?api-version=2021-08-01";

    @Test
    void aListFollowsNextLinkToTheEndAndCountsThePages() throws Exception {
        FakeArm fake = new FakeArm(req -> {
            String url = req.getUrl().toString();
            if (url.contains("page=3")) return Answer.of(200, "{\"value\":[{\"name\":\"e\"}]}");
            if (url.contains("page=2")) return Answer.of(200, "{\"value\":[{\"name\":\"c\"},{\"name\":\"d\"}],\"nextLink\":\"https://arm.test/next?page=3\"}");
            return Answer.of(200, "{\"value\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"nextLink\":\"https://arm.test/next?page=2\"}");
        });
        AtomicInteger pages = new AtomicInteger();
        List<JsonNode> all = fake.client().list(ACCOUNTS, null, pages);
        assertThat(all).extracting(n -> n.path("name").asText()).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).hasValue(3);
        assertThat(fake.seen).extracting(FakeArm.Seen::url).containsExactly("https://arm.test" + ACCOUNTS,
                "https://arm.test/next?page=2", "https://arm.test/next?page=3");
        assertThat(fake.seen).allMatch(s -> "Bearer fake-token".equals(s.authorization()));
        ArmClient.Page first = fake.client().firstPage(ACCOUNTS);
        assertThat(first.values()).hasSize(2);
        assertThat(first.more()).isTrue();
    }

    @Test
    void armErrorsNameTheResourceTheCodeAndAHint() {
        FakeArm fake = new FakeArm(req -> switch (req.getHttpMethod().name()) {
            case "PUT" -> Answer.of(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'x' does not have authorization to perform action 'Microsoft.DataShare/accounts/shares/write'.\"}}");
            case "DELETE" -> Answer.of(409, "{\"error\":{\"code\":\"Conflict\",\"message\":\"Share has active share subscriptions.\"}}");
            case "PATCH" -> Answer.of(400, "{\"error\":{\"code\":\"InvalidParameter\",\"message\":\"tags: too many\"}}");
            default -> Answer.of(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"not found\"}}");
        });
        ArmClient arm = fake.client();
        assertThatThrownBy(() -> arm.send("PUT", "/x/shares/s?api-version=2021-08-01", java.util.Map.of(), "PUT of datashare.share s"))
                .isInstanceOf(ArmClient.ArmException.class)
                .hasMessage("PUT of datashare.share s failed: AuthorizationFailed (HTTP 403): The client 'x' does not have authorization"
                        + " to perform action 'Microsoft.DataShare/accounts/shares/write'. (the signed-in identity lacks a role assignment"
                        + " that allows this action on that scope)");
        assertThatThrownBy(() -> arm.send("DELETE", "/x/shares/s?api-version=2021-08-01", null, "DELETE of datashare.share s"))
                .hasMessageStartingWith("DELETE of datashare.share s failed: Conflict (HTTP 409): Share has active share subscriptions.");
        assertThatThrownBy(() -> arm.send("PATCH", "/x/accounts/a?api-version=2021-08-01", java.util.Map.of("tags", java.util.Map.of()), "PATCH of datashare.account a"))
                .hasMessageContaining("InvalidParameter (HTTP 400): tags: too many (Azure rejected the request's values)");
        assertThat(catchGet(arm)).isNull();
        assertThat(fake.seen).noneMatch(s -> String.valueOf(s.url()).contains("fake-token"));
    }

    private static JsonNode catchGet(ArmClient arm) {
        try {
            return arm.get("/x/accounts/a?api-version=2021-08-01", "datashare.account a");
        } catch (ProviderException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void throttlingIsRetriedAfterRetryAfterThenReportedWithIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeArm fake = new FakeArm(req -> calls.incrementAndGet() <= 2
                ? Answer.of(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}", "retry-after-ms", "20", "Retry-After", "1")
                : Answer.of(200, "{\"id\":\"/x\"}"));
        assertThat(fake.client().get("/x?api-version=2021-08-01", "datashare.account a").path("id").asText()).isEqualTo("/x");
        assertThat(calls).hasValue(3);

        FakeArm always = new FakeArm(req -> Answer.of(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}",
                "retry-after-ms", "10", "Retry-After", "7"));
        assertThatThrownBy(() -> always.client().get("/x?api-version=2021-08-01", "datashare.account a"))
                .hasMessage("GET of datashare.account a failed: TooManyRequests (HTTP 429): slow down (Azure throttled the requests"
                        + " and kept doing so through the retries; it asks to wait 7 s (Retry-After))");
        assertThat(always.seen).hasSize(1 + DataShareConnector.MAX_RETRIES);
    }

    @Test
    void anAcceptedOperationIsPolledOnceAtATimeUntilItSucceeds() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        FakeArm fake = new FakeArm(req -> {
            String url = req.getUrl().toString();
            if (url.startsWith("https://arm.test/operations/op1")) {
                return polls.incrementAndGet() < 2 ? Answer.of(200, "{\"status\":\"InProgress\"}", "Retry-After", "3")
                        : Answer.of(200, "{\"status\":\"Succeeded\"}");
            }
            if (req.getHttpMethod().name().equals("PUT")) {
                return Answer.of(201, "{\"id\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a\",\"properties\":{\"provisioningState\":\"Creating\"}}",
                        "Azure-AsyncOperation", "https://arm.test/operations/op1?api-version=2021-08-01", "Retry-After", "2");
            }
            return Answer.of(200, "{\"id\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");
        });
        ArmClient arm = fake.client();
        ArmClient.ArmResponse r = arm.exchange("PUT", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataShare/accounts/a?api-version=2021-08-01",
                java.util.Map.of("location", "eastus"));
        assertThat(ArmClient.isRunning(r)).isTrue();
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        ArmClient.Operation op = arm.startOperation(r, "PUT of datashare.account a", Duration.ofMillis(10));
        assertThat(op.url()).isEqualTo("https://arm.test/operations/op1?api-version=2021-08-01");
        int before = fake.seen.size();
        ArmClient.PollState first = arm.pollOnce(op);
        assertThat(first.done()).isFalse();
        assertThat(first.failed()).isFalse();
        assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fake.seen.size() - before).isEqualTo(1);
        ArmClient.PollState second = arm.pollOnce(op);
        assertThat(second.done()).isTrue();
    }

    @Test
    void aFailedOperationCarriesAzuresCodeAndMessage() throws Exception {
        FakeArm fake = new FakeArm(req -> {
            String url = req.getUrl().toString();
            if (url.startsWith("https://arm.test/operations/op2")) {
                return Answer.of(200, "{\"status\":\"Failed\",\"error\":{\"code\":\"InvalidParameter\",\"message\":\"The storage account flsource does not exist.\"}}");
            }
            return Answer.of(202, null, "Location", "https://arm.test/operations/op2", "Retry-After", "0");
        });
        ArmClient arm = fake.client();
        ArmClient.ArmResponse r = arm.exchange("DELETE", "/x/shares/s/dataSets/d?api-version=2021-08-01", null);
        assertThat(ArmClient.isRunning(r)).isTrue();
        ArmClient.PollState s = arm.pollOnce(arm.startOperation(r, "DELETE of datashare.dataset d", Duration.ofMillis(10)));
        // a Location poll that answers 200 ends the operation (ARM's Location protocol); the failure shape is the Azure-AsyncOperation one
        assertThat(s.done() || s.failed()).isTrue();

        FakeArm async = new FakeArm(req -> req.getUrl().toString().startsWith("https://arm.test/operations/op3")
                ? Answer.of(200, "{\"status\":\"Failed\",\"error\":{\"code\":\"InvalidParameter\",\"message\":\"The storage account flsource does not exist.\"}}")
                : Answer.of(201, "{\"properties\":{\"provisioningState\":\"Creating\"}}", "Azure-AsyncOperation", "https://arm.test/operations/op3"));
        ArmClient arm2 = async.client();
        ArmClient.ArmResponse put = arm2.exchange("PUT", "/x/shares/s/dataSets/d?api-version=2021-08-01", java.util.Map.of("kind", "Blob"));
        ArmClient.PollState failed = arm2.pollOnce(arm2.startOperation(put, "PUT of datashare.dataset d", Duration.ofMillis(10)));
        assertThat(failed.failed()).isTrue();
        assertThat(failed.failure()).contains("InvalidParameter").contains("The storage account flsource does not exist.");
    }

    @Test
    void anUnreachableEndpointIsSaidInWords() {
        FakeArm fake = new FakeArm(req -> { throw new java.io.UncheckedIOException(new java.net.ConnectException("Connection refused")); });
        assertThatThrownBy(() -> fake.client().get("/x?api-version=2021-08-01", "datashare.account a"))
                .isInstanceOf(ProviderException.class).hasMessageStartingWith("connection 'fl-azure': cannot reach https://arm.test/");
    }

    /** Review finding: a nextLink (or operation URL) on another host was followed with the bearer token attached. */
    @Test
    void aLinkToAnotherHostIsNotFollowedWithTheToken() {
        FakeArm fake = new FakeArm(req -> Answer.of(200,
                "{\"value\":[{\"id\":\"/a\"}],\"nextLink\":\"https://evil.test/steal?page=2\"}"));
        assertThatThrownBy(() -> fake.client().list("/subscriptions/s1/providers/Microsoft.DataShare/accounts?api-version=2021-08-01",
                Progress.NONE, new java.util.concurrent.atomic.AtomicInteger()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("refused to send the token to https://evil.test")
                .hasMessageContaining("not the Resource Manager endpoint https://arm.test/");
        assertThat(fake.seen).extracting(FakeArm.Seen::url).noneMatch(u -> u.contains("evil.test"));
    }
}
