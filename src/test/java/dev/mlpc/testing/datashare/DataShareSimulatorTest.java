package dev.mlpc.testing.datashare;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/** The real azure-core pipeline (JDK HTTP client, bearer policy) and azure-core-management's LRO poller against {@link DataShareSimulator}. */
@ExtendWith(OnlyLoopback.class)
class DataShareSimulatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/fl-rg";
    static final String ACCOUNTS = RG + "/providers/Microsoft.DataShare/accounts";
    static final String V = "?api-version=2021-08-01";

    private DataShareSimulator sim;
    private HttpPipeline pipeline;

    /** What the poller deserializes a resource into. */
    static final class Doc extends java.util.LinkedHashMap<String, Object> {
    }

    /** A status, the response headers and the body of one answer. */
    record Resp(int status, com.azure.core.http.HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError(text, e);
            }
        }

        String code() {
            return json().path("error").path("code").asText();
        }

        String message() {
            return json().path("error").path("message").asText();
        }
    }

    @BeforeEach
    void start() {
        sim = DataShareSimulator.start();
        pipeline = pipeline("test-token");
        sim.seedResourceGroup(SUBSCRIPTION, "fl-rg", "westeurope");
        sim.seedStorageAccount(SUBSCRIPTION, "fl-rg", "flstorage");
    }

    @AfterEach
    void stop() {
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    private HttpPipeline pipeline(String token) {
        TokenCredential credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        return new HttpPipelineBuilder().httpClient(sim.httpClient())
                .policies(new RetryPolicy(new FixedDelay(3, Duration.ofMillis(5))),
                        new BearerTokenAuthenticationPolicy(credential, "https://management.azure.com/.default"))
                .build();
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest r = new HttpRequest(HttpMethod.valueOf(method), sim.endpoint() + path.substring(1));
        if (body != null) {
            r.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            r.setBody(body);
        }
        return r;
    }

    private Resp send(String method, String path, String body) {
        return send(pipeline, method, path, body);
    }

    private Resp send(HttpPipeline p, String method, String path, String body) {
        try (HttpResponse r = p.sendSync(request(method, path, body), Context.NONE)) {
            return new Resp(r.getStatusCode(), r.getHeaders(), r.getBodyAsBinaryData() == null ? null : r.getBodyAsBinaryData().toString());
        }
    }

    private Resp sendUrl(String method, String url, String body) {
        return send(method, url.substring(sim.endpoint().toString().length() - 1), body);
    }

    /** An azure-core-management poller over a long-running request. */
    private SyncPoller<PollResult<Doc>, Doc> poller(String method, String path, String body) {
        return SyncPollerFactory.create(SerializerFactory.createDefaultManagementSerializerAdapter(), pipeline, Doc.class, Doc.class,
                Duration.ofMillis(5), () -> {
                    HttpResponse r = pipeline.sendSync(request(method, path, body), Context.NONE);
                    Response<BinaryData> out = new SimpleResponse<>(r.getRequest(), r.getStatusCode(), r.getHeaders(),
                            r.getBodyAsBinaryData());
                    return out;
                });
    }

    private static String account(String name) {
        return ACCOUNTS + "/" + name;
    }

    private static String accountBody() {
        return "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},\"tags\":{\"project\":\"fl\"}}";
    }

    private void createAccountAndShare() {
        sim.lroPolls(0);
        assertThat(send("PUT", account("acct") + V, accountBody()).status()).isEqualTo(201);
        assertThat(send("PUT", account("acct") + "/shares/train" + V,
                "{\"properties\":{\"shareKind\":\"CopyBased\",\"description\":\"training data\",\"terms\":\"no resale\"}}").status())
                .isEqualTo(201);
        sim.lroPolls(1);
    }

    private static String containerDataSet(String container) {
        return "{\"kind\":\"Container\",\"properties\":{\"containerName\":\"" + container + "\",\"subscriptionId\":\"" + SUBSCRIPTION
                + "\",\"resourceGroup\":\"fl-rg\",\"storageAccountName\":\"flstorage\"}}";
    }

    // ------------------------------------------------------------------ https, auth

    @Test
    void servesHttpsOnLoopbackWithItsOwnCertificate() throws Exception {
        assertThat(sim.endpoint().toString()).matches("https://127\\.0\\.0\\.1:\\d+/");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(sim.trustStore())) {
            ts.load(in, sim.trustStorePassword().toCharArray());
        }
        assertThat(ts.size()).isEqualTo(1);
        java.net.http.HttpClient plain = java.net.http.HttpClient.newBuilder().sslContext(sim.sslContext()).build();
        var r = plain.send(java.net.http.HttpRequest.newBuilder(sim.endpoint().resolve("subscriptions/" + SUBSCRIPTION
                        + "/resourcegroups/fl-rg?api-version=2021-04-01")).header("Authorization", "Bearer x").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("location").asText()).isEqualTo("westeurope");
        // a client with the JVM's default trust refuses the self-signed certificate
        java.net.http.HttpClient untrusting = java.net.http.HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.send(java.net.http.HttpRequest.newBuilder(sim.endpoint())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void bearerTokenIsRequiredAndCanBePinned() {
        HttpPipeline noAuth = new HttpPipelineBuilder().httpClient(sim.httpClient()).build();
        Resp r = send(noAuth, "GET", ACCOUNTS + V, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("AuthenticationFailed");
        assertThat(r.headers().getValue(HttpHeaderName.WWW_AUTHENTICATE)).startsWith("Bearer authorization_uri=");
        sim.expectBearer("good");
        assertThat(send(pipeline("bad"), "GET", ACCOUNTS + V, null).code()).isEqualTo("InvalidAuthenticationToken");
        assertThat(send(pipeline("good"), "GET", ACCOUNTS + V, null).status()).isEqualTo(200);
        assertThat(sim.requests()).allSatisfy(q -> assertThat(q.path()).isEqualTo(ACCOUNTS));
    }

    // ------------------------------------------------------------------ long-running operations through the real poller

    @Test
    void accountCreateIsLongRunningAndThePollerFollowsAzureAsyncOperation() {
        sim.lroPolls(2);
        SyncPoller<PollResult<Doc>, Doc> poller = poller("PUT", account("acct") + V, accountBody());
        PollResponse<PollResult<Doc>> done = poller.waitForCompletion(Duration.ofSeconds(30));
        assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        Map<String, Object> account = poller.getFinalResult();
        assertThat(account).containsEntry("name", "acct").containsEntry("location", "westeurope");
        assertThat(((Map<?, ?>) account.get("properties")).get("provisioningState")).isEqualTo("Succeeded");
        assertThat(((Map<?, ?>) account.get("identity")).get("type")).isEqualTo("SystemAssigned");
        assertThat(((Map<?, ?>) account.get("identity")).get("tenantId")).isEqualTo(DataShareSimulator.TENANT);
        List<String> calls = new ArrayList<>();
        sim.requests().forEach(q -> calls.add(q.method() + " " + q.path().replaceAll("[0-9a-f-]{36}$", "ID")));
        assertThat(calls).containsExactly(
                "PUT " + account("acct"),
                "GET /subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.DataShare/locations/westeurope/operationStatuses/ID",
                "GET /subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.DataShare/locations/westeurope/operationStatuses/ID",
                "GET " + account("acct"));
        assertThat(sim.resource(account("ACCT")).path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    }

    @Test
    void theFirstAnswerOfAnLroCarriesHeadersAndTheResourceShowsCreatingUntilItEnds() {
        sim.retryAfterSeconds(7);
        Resp r = send("PUT", account("acct") + V, accountBody());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation"))).contains("/operationStatuses/");
        assertThat(r.headers().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("7");
        assertThat(r.json().path("properties").path("provisioningState").asText()).isEqualTo("Creating");
        assertThat(send("GET", account("acct") + V, null).json().path("properties").path("provisioningState").asText())
                .isEqualTo("Creating");
        assertThat(send("PUT", account("acct") + V, accountBody()).code()).isEqualTo("AnotherOperationInProgress");
        Resp poll = sendUrl("GET", r.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation")), null);
        assertThat(poll.json().path("status").asText()).isEqualTo("Succeeded");
        assertThat(send("GET", account("acct") + V, null).json().path("properties").path("provisioningState").asText())
                .isEqualTo("Succeeded");
    }

    @Test
    void accountDeleteIsLongRunningWithLocationAndCascades() {
        createAccountAndShare();
        sim.lroPolls(2);
        SyncPoller<PollResult<Doc>, Doc> poller = poller("DELETE", account("acct") + V, null);
        assertThat(poller.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(sim.resource(account("acct"))).isNull();
        assertThat(sim.resource(account("acct") + "/shares/train")).isNull();
        assertThat(send("GET", account("acct") + V, null).code()).isEqualTo("ResourceNotFound");
        Resp again = send("DELETE", account("acct") + V, null);
        assertThat(again.status()).as("deleting what is gone").isEqualTo(204);
    }

    @Test
    void deleteAnswers202WithLocationAndAsyncOperationAndRetryAfter() {
        createAccountAndShare();
        sim.retryAfterSeconds(3);
        sim.lroPolls(2);
        Resp r = send("DELETE", account("acct") + "/shares/train" + V, null);
        assertThat(r.status()).isEqualTo(202);
        String location = r.headers().getValue(HttpHeaderName.LOCATION);
        assertThat(location).contains("/operationResults/").startsWith(sim.endpoint().toString());
        assertThat(r.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation"))).contains("/operationStatuses/");
        assertThat(r.headers().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("3");
        Resp first = sendUrl("GET", location, null);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.headers().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("3");
        assertThat(sim.resource(account("acct") + "/shares/train").path("properties").path("provisioningState").asText())
                .isEqualTo("Deleting");
        assertThat(sendUrl("GET", location, null).status()).isEqualTo(204);
        assertThat(sim.resource(account("acct") + "/shares/train")).isNull();
    }

    @Test
    void aFailedOperationEndsFailedWithItsErrorAndTheAccountIsFailed() {
        sim.failNextOperation("accounts/broken", "InternalServerError", "The account could not be provisioned.");
        SyncPoller<PollResult<Doc>, Doc> poller = poller("PUT", account("broken") + V, accountBody());
        PollResponse<PollResult<Doc>> done = poller.waitForCompletion(Duration.ofSeconds(30));
        assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        // the poller's own message is generic; the operation's ARM error is the poll's body
        assertThat(done.getValue().getError().getResponseBody()).contains("\"code\":\"InternalServerError\"")
                .contains("The account could not be provisioned.");
        assertThat(sim.resource(account("broken")).path("properties").path("provisioningState").asText()).isEqualTo("Failed");
        // only the next one fails
        assertThat(poller("PUT", account("fine") + V, accountBody()).waitForCompletion(Duration.ofSeconds(30)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        // a PUT of the failed account provisions it again
        SyncPoller<PollResult<Doc>, Doc> retry = poller("PUT", account("broken") + V, accountBody());
        assertThat(retry.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(sim.resource(account("broken")).path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    }

    @Test
    void resourceGroupsAreCreatedReadAndDeletedWithALocationOnlyOperation() {
        String rg = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/new-rg?api-version=2021-04-01";
        Resp created = send("PUT", rg, "{\"location\":\"northeurope\",\"tags\":{\"owner\":\"fl\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).isEqualTo("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/new-rg");
        assertThat(send("PUT", rg, "{\"location\":\"westus\"}").code()).isEqualTo("InvalidResourceGroupLocation");
        assertThat(send("PUT", rg, "{}").code()).isEqualTo("InvalidParameter");
        assertThat(send("GET", rg.replace("2021-04-01", "2021-08-01"), null).code()).isEqualTo("InvalidApiVersionParameter");
        Resp list = send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourcegroups?api-version=2021-04-01", null);
        assertThat(list.json().path("value").findValuesAsText("name")).contains("fl-rg", "new-rg");
        Resp del = send("DELETE", rg, null);
        assertThat(del.status()).isEqualTo(202);
        assertThat(del.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation"))).isNull();
        assertThat(del.headers().getValue(HttpHeaderName.LOCATION)).contains("/operationresults/");
        SyncPoller<PollResult<Doc>, Doc> poller = poller("DELETE", "/subscriptions/" + SUBSCRIPTION
                + "/resourcegroups/fl-rg?api-version=2021-04-01", null);
        assertThat(poller.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/fl-rg?api-version=2021-04-01", null).code())
                .isEqualTo("ResourceGroupNotFound");
        assertThat(sim.resource(RG + "/providers/Microsoft.Storage/storageAccounts/flstorage")).as("cascaded").isNull();
    }

    // ------------------------------------------------------------------ provider side

    @Test
    void sharesDataSetsInvitationsAndSynchronizationSettings() {
        createAccountAndShare();
        String share = account("acct") + "/shares/train";
        Resp same = send("PUT", share + V, "{\"properties\":{\"shareKind\":\"CopyBased\",\"description\":\"v2\"}}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("properties").has("terms")).as("PUT replaces description and terms").isFalse();
        Resp kind = send("PUT", share + V, "{\"properties\":{\"shareKind\":\"InPlace\"}}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.message()).contains("shareKind").contains("cannot be changed");

        Resp ds = send("PUT", share + "/dataSets/images" + V, containerDataSet("images"));
        assertThat(ds.status()).isEqualTo(201);
        assertThat(ds.json().path("kind").asText()).isEqualTo("Container");
        assertThat(DataShareModel.isUuid(ds.json().path("properties").path("dataSetId").asText())).isTrue();
        assertThat(send("PUT", share + "/dataSets/images" + V, containerDataSet("images")).status()).isEqualTo(200);
        Resp changed = send("PUT", share + "/dataSets/images" + V, containerDataSet("other"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.message()).contains("cannot be updated");
        Resp noStorage = send("PUT", share + "/dataSets/x" + V, containerDataSet("x").replace("flstorage", "nostorage"));
        assertThat(noStorage.code()).isEqualTo("InvalidParameter");
        assertThat(noStorage.message()).contains("nostorage");
        Resp folder = send("PUT", share + "/dataSets/labels" + V, "{\"kind\":\"BlobFolder\",\"properties\":{\"containerName\":\"meta\","
                + "\"prefix\":\"labels/\",\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"resourceGroup\":\"fl-rg\",\"storageAccountName\":\"flstorage\"}}");
        assertThat(folder.status()).isEqualTo(201);

        Resp inv = send("PUT", share + "/invitations/bob" + V, "{\"properties\":{\"targetEmail\":\"bob@partner.example\","
                + "\"expirationDate\":\"2099-01-01T00:00:00Z\"}}");
        assertThat(inv.status()).isEqualTo(201);
        assertThat(inv.json().path("properties").path("invitationStatus").asText()).isEqualTo("Pending");
        assertThat(inv.json().path("properties").path("sentAt").asText()).isNotEmpty();
        Resp byObject = send("PUT", share + "/invitations/app" + V, "{\"properties\":{\"targetObjectId\":\""
                + "33333333-3333-3333-3333-333333333333\",\"targetActiveDirectoryId\":\"44444444-4444-4444-4444-444444444444\"}}");
        assertThat(byObject.status()).isEqualTo(201);
        assertThat(send("PUT", share + "/invitations/both" + V, "{\"properties\":{\"targetEmail\":\"a@b.example\","
                + "\"targetObjectId\":\"33333333-3333-3333-3333-333333333333\"}}").message()).contains("cannot be combined");
        assertThat(send("PUT", share + "/invitations/half" + V, "{\"properties\":{\"targetObjectId\":\""
                + "33333333-3333-3333-3333-333333333333\"}}").message()).contains("targetActiveDirectoryId");
        assertThat(send("PUT", share + "/invitations/bob" + V, "{\"properties\":{\"targetEmail\":\"eve@partner.example\"}}").status())
                .isEqualTo(409);

        Resp setting = send("PUT", share + "/synchronizationSettings/daily" + V, "{\"kind\":\"ScheduleBased\",\"properties\":"
                + "{\"recurrenceInterval\":\"Day\",\"synchronizationTime\":\"2026-12-01T02:00:00Z\"}}");
        assertThat(setting.status()).isEqualTo(201);
        assertThat(setting.json().path("properties").path("synchronizationTime").asText()).isEqualTo("2026-12-01T02:00:00Z");

        assertThat(send("GET", share + "/dataSets" + V, null).json().path("value").findValuesAsText("name"))
                .containsExactly("images", "labels");
        assertThat(send("GET", share + "/invitations" + V, null).json().path("value").size()).isEqualTo(2);
        assertThat(send("GET", share + "/synchronizationSettings" + V, null).json().path("value").get(0).path("kind").asText())
                .isEqualTo("ScheduleBased");

        // withdrawing: the invitation is deleted (not long-running)
        assertThat(send("DELETE", share + "/invitations/bob" + V, null).status()).isEqualTo(200);
        assertThat(sim.resource(share + "/invitations/bob")).isNull();
        // data set delete is long-running
        SyncPoller<PollResult<Doc>, Doc> poller = poller("DELETE", share + "/dataSets/images" + V, null);
        assertThat(poller.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(sim.resource(share + "/dataSets/images")).isNull();
    }

    @Test
    void resourcesListByResourceGroupListsTheGroupsTopLevelResourcesPaged() {
        createAccountAndShare();
        sim.seedStorageAccount(SUBSCRIPTION, "other-rg", "elsewhere");
        sim.pageSize(1);
        String url = RG + "/resources?api-version=2021-04-01";
        List<JsonNode> items = new ArrayList<>();
        int pages = 0;
        String next = url;
        while (next != null) {
            Resp r = next.startsWith("https:") ? sendUrl("GET", next, null) : send("GET", next, null);
            assertThat(r.status()).isEqualTo(200);
            r.json().path("value").forEach(items::add);
            next = r.json().hasNonNull("nextLink") ? r.json().path("nextLink").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(items).extracting(i -> i.path("type").asText() + " " + i.path("name").asText())
                .containsExactlyInAnyOrder("Microsoft.DataShare/accounts acct", "Microsoft.Storage/storageAccounts flstorage");
        assertThat(items).allSatisfy(i -> assertThat(i.path("id").asText()).startsWith(RG + "/providers/"));
        assertThat(send("GET", RG + "/resources" + V, null).code()).isEqualTo("InvalidApiVersionParameter");
        assertThat(send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/nope/resources?api-version=2021-04-01", null)
                .code()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void listsPageWithNextLinkAndAccountsListBySubscription() {
        sim.seedAccounts(SUBSCRIPTION, "big-rg", 7, 2, 3);
        sim.pageSize(3);
        String url = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/big-rg/providers/Microsoft.DataShare/accounts" + V;
        List<String> names = new ArrayList<>();
        int pages = 0;
        String next = url;
        while (next != null) {
            Resp r = next.startsWith("https:") ? sendUrl("GET", next, null) : send("GET", next, null);
            assertThat(r.status()).isEqualTo(200);
            r.json().path("value").forEach(a -> names.add(a.path("name").asText()));
            next = r.json().hasNonNull("nextLink") ? r.json().path("nextLink").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("account-001", "account-002", "account-003", "account-004", "account-005",
                "account-006", "account-007");
        Resp bySub = send("GET", "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.DataShare/accounts" + V, null);
        assertThat(bySub.json().path("value").size()).isEqualTo(3);
        assertThat(bySub.json().path("nextLink").asText()).contains("api-version=2021-08-01").contains("$skipToken=");
        Resp datasets = send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/big-rg/providers/Microsoft.DataShare"
                + "/accounts/account-002/shares/share-002/dataSets" + V, null);
        assertThat(datasets.json().path("value").findValuesAsText("name")).containsExactly("dataset-001", "dataset-002", "dataset-003");
        assertThat(datasets.json().has("nextLink")).isFalse();
        assertThat(send("GET", url + "&$skipToken=bad!token", null).code()).isEqualTo("InvalidParameter");
    }

    @Test
    void requestLogCountsAndSeedingCountsNothing() {
        sim.seedAccounts(SUBSCRIPTION, "fl-rg", 2, 1, 1);
        assertThat(sim.requestCount()).isZero();
        send("GET", ACCOUNTS + V, null);
        send("PUT", account("acct") + "/shares/s" + V, "{}");
        assertThat(sim.requestCount()).isEqualTo(2);
        DataShareSimulator.Request last = sim.requests().get(1);
        assertThat(last.method()).isEqualTo("PUT");
        assertThat(last.query()).isEqualTo("api-version=2021-08-01");
        assertThat(last.body()).isEqualTo("{}");
        sim.resetCounts();
        assertThat(sim.requestCount()).isZero();
        sim.tamper(ACCOUNTS + "/account-001", doc -> doc.putObject("tags").put("changed", "outside"));
        assertThat(send("GET", ACCOUNTS + "/account-001" + V, null).json().path("tags").path("changed").asText()).isEqualTo("outside");
    }

    @Test
    void everyStorageKindHasItsOwnRequiredMembers() {
        createAccountAndShare();
        String share = account("acct") + "/shares/train/dataSets/";
        String storage = "\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"resourceGroup\":\"fl-rg\",\"storageAccountName\":\"flstorage\"";
        Map<String, String> complete = Map.of(
                "Blob", "\"containerName\":\"c\",\"filePath\":\"a.csv\"",
                "Container", "\"containerName\":\"c\"",
                "BlobFolder", "\"containerName\":\"c\",\"prefix\":\"p/\"",
                "AdlsGen2File", "\"fileSystem\":\"fs\",\"filePath\":\"a.parquet\"",
                "AdlsGen2Folder", "\"fileSystem\":\"fs\",\"folderPath\":\"f\"",
                "AdlsGen2FileSystem", "\"fileSystem\":\"fs\"");
        Map<String, String> missing = Map.of("Blob", "properties.filePath", "Container", "properties.containerName",
                "BlobFolder", "properties.prefix", "AdlsGen2File", "properties.filePath",
                "AdlsGen2Folder", "properties.folderPath", "AdlsGen2FileSystem", "properties.fileSystem");
        for (Map.Entry<String, String> e : complete.entrySet()) {
            String kind = e.getKey();
            Resp ok = send("PUT", share + kind.toLowerCase() + V, "{\"kind\":\"" + kind + "\",\"properties\":{" + e.getValue()
                    + "," + storage + "}}");
            assertThat(ok.status()).as(kind).isEqualTo(201);
            assertThat(ok.json().path("kind").asText()).isEqualTo(kind);
            String lacking = e.getValue().replaceAll(",?\"" + missing.get(kind).substring(11) + "\":\"[^\"]*\"", "");
            Resp bad = send("PUT", share + kind.toLowerCase() + "-bad" + V, "{\"kind\":\"" + kind + "\",\"properties\":{"
                    + (lacking.isEmpty() ? "" : lacking.replaceFirst("^,", "") + ",") + storage + "}}");
            assertThat(bad.json().path("error").path("target").asText()).as(kind).isEqualTo(missing.get(kind));
        }
        // members of another kind are not members of this one
        assertThat(send("PUT", share + "mixed" + V, "{\"kind\":\"Container\",\"properties\":{\"containerName\":\"c\","
                + "\"prefix\":\"p/\"," + storage + "}}").message()).contains("'properties.prefix' is not a member of BlobContainerProperties");
        assertThat(send("GET", account("acct") + "/shares/train/dataSets" + V, null).json().path("value").size()).isEqualTo(6);
    }

    @Test
    void seedsAnEstateOfTenThousandDataSetsWithoutRequestsAndAddsLatency() {
        sim.seedAccounts(SUBSCRIPTION, "bench-rg", 50, 20, 10);
        assertThat(sim.requestCount()).isZero();
        assertThat(sim.resource("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/bench-rg/providers/Microsoft.DataShare"
                + "/accounts/account-050/shares/share-020/dataSets/dataset-010")).isNotNull();
        Resp shares = send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/bench-rg/providers/Microsoft.DataShare"
                + "/accounts/account-017/shares" + V, null);
        assertThat(shares.json().path("value").size()).isEqualTo(20);
        sim.latency(Duration.ofMillis(150));
        long start = System.nanoTime();
        send("GET", ACCOUNTS + V, null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at least the latency").isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    // ------------------------------------------------------------------ validation: what ARM refuses

    @Test
    void refusesAMissingRequiredProperty() {
        createAccountAndShare();
        Resp r = send("PUT", account("acct") + "/shares/train/dataSets/d" + V, "{\"kind\":\"Blob\",\"properties\":{"
                + "\"containerName\":\"c\",\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"resourceGroup\":\"fl-rg\","
                + "\"storageAccountName\":\"flstorage\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.json().path("error").path("target").asText()).isEqualTo("properties.filePath");
        assertThat(send("PUT", account("acct2") + V, "{\"location\":\"westeurope\"}").json().path("error").path("target").asText())
                .isEqualTo("identity");
        assertThat(send("PUT", account("acct2") + V, "{\"identity\":{\"type\":\"SystemAssigned\"}}").code()).isEqualTo("LocationRequired");
        assertThat(send("PUT", account("acct") + "/shares/train/dataSets/d" + V, "{\"properties\":{}}").message())
                .contains("'kind' is required");
        assertThat(send("PUT", account("acct") + "/shares/train/synchronizationSettings/s" + V,
                "{\"kind\":\"ScheduleBased\",\"properties\":{\"recurrenceInterval\":\"Day\"}}").json().path("error").path("target").asText())
                .isEqualTo("properties.synchronizationTime");
    }

    @Test
    void refusesABadEnumAndAnUnknownKind() {
        createAccountAndShare();
        Resp r = send("PUT", account("acct") + "/shares/train/synchronizationSettings/s" + V,
                "{\"kind\":\"ScheduleBased\",\"properties\":{\"recurrenceInterval\":\"Week\",\"synchronizationTime\":\"2026-12-01T02:00:00Z\"}}");
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.message()).contains("'Week'").contains("Hour, Day");
        assertThat(send("PUT", account("acct") + "/shares/s2" + V, "{\"properties\":{\"shareKind\":\"Copy\"}}").message())
                .contains("CopyBased, InPlace");
        assertThat(send("PUT", account("acct") + "/shares/train/dataSets/d" + V, "{\"kind\":\"Table\",\"properties\":{}}").message())
                .contains("'Table'").contains("AdlsGen2FileSystem");
        assertThat(send("PUT", account("x") + V, "{\"location\":\"westeurope\",\"identity\":{\"type\":\"UserAssigned\"}}").message())
                .contains("SystemAssigned");
    }

    @Test
    void refusesReadOnlyPropertiesSentByAClient() {
        createAccountAndShare();
        Resp r = send("PUT", account("acct") + "/shares/s2" + V, "{\"properties\":{\"shareKind\":\"CopyBased\",\"provisioningState\":\"Succeeded\"}}");
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.message()).contains("'properties.provisioningState' is read-only");
        assertThat(send("PUT", account("acct") + "/shares/s2" + V, "{\"properties\":{\"createdAt\":\"2026-01-01T00:00:00Z\"}}").message())
                .contains("createdAt");
        assertThat(send("PUT", account("acct") + "/shares/train/invitations/i" + V, "{\"properties\":{\"targetEmail\":\"a@b.example\","
                + "\"invitationStatus\":\"Accepted\"}}").message()).contains("invitationStatus").contains("read-only");
        assertThat(send("PUT", account("y") + V, "{\"id\":\"x\",\"location\":\"westeurope\",\"identity\":{}}").message())
                .contains("'id' is read-only");
        assertThat(send("PUT", account("y") + V, "{\"location\":\"westeurope\",\"identity\":{\"principalId\":\"p\"}}").message())
                .contains("identity.principalId");
        Resp unknown = send("PUT", account("acct") + "/shares/s2" + V, "{\"properties\":{\"sharekind\":\"CopyBased\"}}");
        assertThat(unknown.message()).contains("'properties.sharekind' is not a member of ShareProperties");
    }

    @Test
    void refusesBadDateTimesAndGuids() {
        createAccountAndShare();
        Resp r = send("PUT", account("acct") + "/shares/train/invitations/i" + V,
                "{\"properties\":{\"targetEmail\":\"a@b.example\",\"expirationDate\":\"tomorrow\"}}");
        assertThat(r.code()).isEqualTo("InvalidParameter");
        assertThat(r.message()).contains("'tomorrow'").contains("date-time");
        assertThat(send("PUT", account("acct") + "/shares/train/synchronizationSettings/s" + V, "{\"kind\":\"ScheduleBased\","
                + "\"properties\":{\"recurrenceInterval\":\"Hour\",\"synchronizationTime\":\"2026-12-01 02:00\"}}").message())
                .contains("date-time");
        assertThat(send("PUT", account("acct") + "/shares/train/invitations/i" + V,
                "{\"properties\":{\"targetEmail\":\"a@b.example\",\"expirationDate\":\"2020-01-01T00:00:00Z\"}}").message())
                .contains("future");
        assertThat(send("PUT", account("acct") + "/shares/train/invitations/i" + V, "{\"properties\":{\"targetObjectId\":\"nope\","
                + "\"targetActiveDirectoryId\":\"44444444-4444-4444-4444-444444444444\"}}").message()).contains("GUID");
        assertThat(send("PUT", "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Authorization/roleAssignments/"
                + "55555555-5555-5555-5555-555555555555?api-version=2022-04-01", "{\"properties\":{\"roleDefinitionId\":\"r\","
                + "\"principalId\":\"not-a-guid\"}}").message()).contains("GUID");
        assertThat(send("PUT", account("acct") + "/shares/s3" + V, "{not json").code()).isEqualTo("InvalidRequestContent");
    }

    @Test
    void refusesABodyThatIsNotDeclaredJson() {
        HttpRequest r = new HttpRequest(HttpMethod.PUT, sim.endpoint() + account("acct").substring(1) + V);
        r.setHeader(HttpHeaderName.CONTENT_TYPE, "text/plain");
        r.setBody(accountBody());
        try (HttpResponse answer = pipeline.sendSync(r, Context.NONE)) {
            assertThat(answer.getStatusCode()).isEqualTo(415);
            assertThat(answer.getBodyAsBinaryData().toString()).contains("UnsupportedMediaType").contains("text/plain");
        }
        assertThat(sim.resource(account("acct"))).isNull();
    }

    @Test
    void refusesAWrongOrMissingApiVersion() {
        Resp wrong = send("GET", ACCOUNTS + "?api-version=2020-09-01", null);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.code()).isEqualTo("InvalidApiVersionParameter");
        assertThat(wrong.message()).contains("2021-08-01");
        assertThat(send("GET", ACCOUNTS, null).code()).isEqualTo("MissingApiVersionParameter");
        assertThat(send("GET", "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/fl-rg" + V, null).code())
                .isEqualTo("InvalidApiVersionParameter");
    }

    @Test
    void refusesAMissingParent() {
        Resp noAccount = send("PUT", account("ghost") + "/shares/s" + V, "{\"properties\":{}}");
        assertThat(noAccount.status()).isEqualTo(404);
        assertThat(noAccount.code()).isEqualTo("ParentResourceNotFound");
        assertThat(noAccount.message()).contains("'ghost'");
        createAccountAndShare();
        assertThat(send("PUT", account("acct") + "/shares/ghost/dataSets/d" + V, containerDataSet("c")).code())
                .isEqualTo("ParentResourceNotFound");
        assertThat(send("GET", account("acct") + "/shares/nope" + V, null).code()).isEqualTo("ResourceNotFound");
        Resp noGroup = send("PUT", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/none/providers/Microsoft.DataShare/accounts/a" + V,
                accountBody());
        assertThat(noGroup.code()).isEqualTo("ResourceGroupNotFound");
        assertThat(send("GET", "/subscriptions/12345678-0000-0000-0000-000000000000/providers/Microsoft.DataShare/accounts" + V, null)
                .code()).isEqualTo("SubscriptionNotFound");
        assertThat(send("GET", "/subscriptions/" + SUBSCRIPTION + "?api-version=2022-12-01", null).json().path("tenantId").asText())
                .isEqualTo(DataShareSimulator.TENANT);
    }

    // ------------------------------------------------------------------ consumer side

    @Test
    void acceptingAReceivedInvitationMappingTriggerAndSynchronization() {
        String invitationId = sim.seedReceivedInvitation("provider@hospital.example", "imaging", "westeurope");
        sim.lroPolls(0);
        send("PUT", account("consumer") + V, accountBody());
        sim.lroPolls(1);
        Resp received = send("GET", "/providers/Microsoft.DataShare/listInvitations" + V, null);
        JsonNode ci = received.json().path("value").get(0);
        assertThat(ci.path("properties").path("invitationId").asText()).isEqualTo(invitationId);
        assertThat(ci.path("properties").path("providerEmail").asText()).isEqualTo("provider@hospital.example");
        assertThat(ci.path("properties").path("shareName").asText()).isEqualTo("imaging");
        assertThat(ci.path("properties").path("dataSetCount").asInt()).isEqualTo(2);
        assertThat(ci.path("properties").path("invitationStatus").asText()).isEqualTo("Pending");

        String ssub = account("consumer") + "/shareSubscriptions/imaging-in";
        Resp wrongLocation = send("PUT", ssub + V, "{\"properties\":{\"invitationId\":\"" + invitationId
                + "\",\"sourceShareLocation\":\"eastus\"}}");
        assertThat(wrongLocation.message()).contains("sourceShareLocation");
        Resp created = send("PUT", ssub + V, "{\"properties\":{\"invitationId\":\"" + invitationId
                + "\",\"sourceShareLocation\":\"westeurope\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("properties").path("shareSubscriptionStatus").asText()).isEqualTo("Active");
        assertThat(created.json().path("properties").path("providerEmail").asText()).isEqualTo("provider@hospital.example");
        assertThat(send("GET", "/providers/Microsoft.DataShare/locations/westeurope/consumerInvitations/" + invitationId + V, null)
                .json().path("properties").path("invitationStatus").asText()).isEqualTo("Accepted");
        assertThat(send("PUT", account("consumer") + "/shareSubscriptions/again" + V, "{\"properties\":{\"invitationId\":\""
                + invitationId + "\",\"sourceShareLocation\":\"westeurope\"}}").status()).isEqualTo(409);

        JsonNode sources = send("GET", ssub + "/consumerSourceDataSets" + V, null).json().path("value");
        assertThat(sources.findValuesAsText("dataSetName")).containsExactly("labels", "training");
        String trainingId = sources.get(1).path("properties").path("dataSetId").asText();
        assertThat(sources.get(1).path("properties").path("dataSetType").asText()).isEqualTo("Container");
        assertThat(send("POST", ssub + "/listSourceShareSynchronizationSettings" + V, null).json().path("value").get(0)
                .path("properties").path("recurrenceInterval").asText()).isEqualTo("Day");

        Resp badMapping = send("PUT", ssub + "/dataSetMappings/m" + V, "{\"kind\":\"Container\",\"properties\":{\"dataSetId\":\""
                + "66666666-6666-6666-6666-666666666666\",\"containerName\":\"in\",\"subscriptionId\":\"" + SUBSCRIPTION
                + "\",\"resourceGroup\":\"fl-rg\",\"storageAccountName\":\"flstorage\"}}");
        assertThat(badMapping.json().path("error").path("target").asText()).isEqualTo("properties.dataSetId");
        Resp mapping = send("PUT", ssub + "/dataSetMappings/training-map" + V, "{\"kind\":\"Container\",\"properties\":{\"dataSetId\":\""
                + trainingId + "\",\"containerName\":\"incoming\",\"subscriptionId\":\"" + SUBSCRIPTION
                + "\",\"resourceGroup\":\"fl-rg\",\"storageAccountName\":\"flstorage\"}}");
        assertThat(mapping.status()).isEqualTo(201);
        assertThat(mapping.json().path("properties").path("dataSetMappingStatus").asText()).isEqualTo("Ok");

        SyncPoller<PollResult<Doc>, Doc> trigger = poller("PUT", ssub + "/triggers/nightly" + V, "{\"kind\":\"ScheduleBased\","
                + "\"properties\":{\"recurrenceInterval\":\"Day\",\"synchronizationTime\":\"2026-12-04T01:00:00Z\","
                + "\"synchronizationMode\":\"Incremental\"}}");
        assertThat(trigger.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(sim.resource(ssub + "/triggers/nightly").path("properties").path("triggerStatus").asText()).isEqualTo("Active");

        sim.lroPolls(2);
        SyncPoller<PollResult<Doc>, Doc> sync = poller("POST", ssub + "/synchronize" + V, "{\"synchronizationMode\":\"FullSync\"}");
        assertThat(sync.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        Map<String, Object> result = sync.getFinalResult();
        assertThat(result).containsEntry("status", "Succeeded").containsEntry("synchronizationMode", "FullSync");

        JsonNode history = send("POST", ssub + "/listSynchronizations" + V, null).json().path("value");
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).path("status").asText()).isEqualTo("Succeeded");
        assertThat(history.get(0).path("endTime").asText()).isNotEmpty();
        String syncId = history.get(0).path("synchronizationId").asText();
        JsonNode details = send("POST", ssub + "/listSynchronizationDetails" + V, "{\"synchronizationId\":\"" + syncId + "\"}")
                .json().path("value");
        assertThat(details.size()).isEqualTo(1);
        assertThat(details.get(0).path("name").asText()).isEqualTo("training-map");
        assertThat(details.get(0).path("filesWritten").asLong()).isPositive();

        // a failed synchronization
        sim.failSynchronization("imaging-in", "The target container is not writable.");
        PollResponse<PollResult<Doc>> failed = poller("POST", ssub + "/synchronize" + V, "{}").waitForCompletion(Duration.ofSeconds(30));
        assertThat(failed.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        JsonNode latest = send("POST", ssub + "/listSynchronizations" + V, null).json().path("value").get(0);
        assertThat(latest.path("status").asText()).isEqualTo("Failed");
        assertThat(latest.path("message").asText()).isEqualTo("The target container is not writable.");
        assertThat(latest.path("synchronizationMode").asText()).isEqualTo("Incremental");
    }

    @Test
    void cancelSynchronizationAndProviderInvitationsToTheConsumer() {
        createAccountAndShare();
        String share = account("acct") + "/shares/train";
        send("PUT", share + "/dataSets/images" + V, containerDataSet("images"));
        send("PUT", share + "/synchronizationSettings/daily" + V, "{\"kind\":\"ScheduleBased\",\"properties\":"
                + "{\"recurrenceInterval\":\"Hour\",\"synchronizationTime\":\"2026-12-01T02:00:00Z\"}}");
        sim.consumerEmail("me@consumer.example");
        Resp inv = send("PUT", share + "/invitations/me" + V, "{\"properties\":{\"targetEmail\":\"ME@consumer.example\"}}");
        String invitationId = inv.json().path("properties").path("invitationId").asText();
        Resp other = send("PUT", share + "/invitations/other" + V, "{\"properties\":{\"targetEmail\":\"x@elsewhere.example\"}}");
        JsonNode received = send("GET", "/providers/Microsoft.DataShare/listInvitations" + V, null).json().path("value");
        assertThat(received.findValuesAsText("invitationId")).containsExactly(invitationId)
                .doesNotContain(other.json().path("properties").path("invitationId").asText());

        String ssub = account("acct") + "/shareSubscriptions/loop";
        assertThat(send("PUT", ssub + V, "{\"properties\":{\"invitationId\":\"" + invitationId
                + "\",\"sourceShareLocation\":\"westeurope\"}}").status()).isEqualTo(201);
        assertThat(sim.resource(share + "/invitations/me").path("properties").path("invitationStatus").asText()).isEqualTo("Accepted");
        JsonNode settings = send("POST", ssub + "/listSourceShareSynchronizationSettings" + V, null).json().path("value");
        assertThat(settings.get(0).path("properties").path("recurrenceInterval").asText()).isEqualTo("Hour");
        assertThat(send("GET", share + "/providerShareSubscriptions" + V, null).json().path("value").get(0)
                .path("properties").path("shareSubscriptionStatus").asText()).isEqualTo("Active");

        sim.lroPolls(5);
        Resp started = send("POST", ssub + "/synchronize" + V, "{\"synchronizationMode\":\"Incremental\"}");
        assertThat(started.status()).isEqualTo(202);
        String syncId = started.json().path("synchronizationId").asText();
        assertThat(started.json().path("status").asText()).as("the spec's example 202").isEqualTo("Accepted");
        Resp poll = sendUrl("GET", started.headers().getValue(HttpHeaderName.LOCATION), null);
        assertThat(poll.status()).isEqualTo(202);
        assertThat(send("POST", ssub + "/listSynchronizations" + V, null).json().path("value").get(0).path("status").asText())
                .isEqualTo("InProgress");
        assertThat(send("POST", ssub + "/synchronize" + V, "{}").code()).as("one at a time").isEqualTo("Conflict");
        sim.lroPolls(1);
        SyncPoller<PollResult<Doc>, Doc> cancel = poller("POST", ssub + "/cancelSynchronization" + V,
                "{\"synchronizationId\":\"" + syncId + "\"}");
        assertThat(cancel.waitForCompletion(Duration.ofSeconds(30)).getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        JsonNode history = send("POST", ssub + "/listSynchronizations" + V, null).json().path("value");
        assertThat(history.get(0).path("status").asText()).isEqualTo("Canceled");
        JsonNode providerView = send("POST", share + "/listSynchronizations" + V, null).json().path("value");
        assertThat(providerView.get(0).path("synchronizationId").asText()).isEqualTo(syncId);
        assertThat(providerView.get(0).path("consumerEmail").asText()).isEqualTo(DataShareSimulator.USER_EMAIL);
        Resp status = sendUrl("GET", started.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation")), null);
        assertThat(status.json().path("status").asText()).isEqualTo("Canceled");
        assertThat(send("POST", ssub + "/cancelSynchronization" + V, "{\"synchronizationId\":\"" + syncId + "\"}").code())
                .isEqualTo("Conflict");
        assertThat(send("POST", ssub + "/cancelSynchronization" + V, "{}").json().path("error").path("target").asText())
                .isEqualTo("synchronizationId");
    }

    @Test
    void withdrawnAndRejectedInvitations() {
        String first = sim.seedReceivedInvitation("p@example.org", "a", "westeurope");
        String second = sim.seedReceivedInvitation("p@example.org", "b", "northeurope");
        sim.setInvitationStatus(first, "Withdrawn");
        JsonNode list = send("GET", "/providers/Microsoft.DataShare/listInvitations" + V, null).json().path("value");
        assertThat(list.findValuesAsText("invitationStatus")).containsExactly("Withdrawn", "Pending");
        assertThat(send("PUT", account("c") + V, accountBody()).status()).isEqualTo(201);
        Resp refused = send("PUT", account("c") + "/shareSubscriptions/s" + V, "{\"properties\":{\"invitationId\":\"" + first
                + "\",\"sourceShareLocation\":\"westeurope\"}}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.message()).contains("Withdrawn");
        Resp rejected = send("POST", "/providers/Microsoft.DataShare/locations/northeurope/rejectInvitation" + V,
                "{\"properties\":{\"invitationId\":\"" + second + "\"}}");
        assertThat(rejected.json().path("properties").path("invitationStatus").asText()).isEqualTo("Rejected");
        // a provider deleting a pending invitation withdraws it: the consumer still sees it, as Withdrawn
        String third = sim.seedReceivedInvitation("p@example.org", "c", "westeurope");
        String providerInvitation = "/subscriptions/" + DataShareSimulator.PROVIDER_SUBSCRIPTION
                + "/resourceGroups/provider-rg/providers/Microsoft.DataShare/accounts/provider-3/shares/c/invitations/invitation-3";
        assertThat(send("DELETE", providerInvitation + V, null).status()).isEqualTo(200);
        assertThat(send("GET", "/providers/Microsoft.DataShare/locations/westeurope/consumerInvitations/" + third + V, null)
                .json().path("properties").path("invitationStatus").asText()).isEqualTo("Withdrawn");
    }

    // ------------------------------------------------------------------ role assignments, faults

    @Test
    void roleAssignmentsAtScopeAndDeniedReads() {
        String storage = RG + "/providers/Microsoft.Storage/storageAccounts/flstorage";
        String principal = "77777777-7777-7777-7777-777777777777";
        sim.grantRole(RG, principal, DataShareSimulator.STORAGE_BLOB_DATA_READER);
        sim.grantRole(storage + "/blobServices/default/containers/c", principal, DataShareSimulator.STORAGE_BLOB_DATA_CONTRIBUTOR);
        String q = "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()";
        JsonNode atStorage = send("GET", storage + q, null).json().path("value");
        assertThat(atStorage.size()).as("inherited from the resource group, not the container below").isEqualTo(1);
        assertThat(atStorage.get(0).path("properties").path("roleDefinitionId").asText())
                .isEqualTo("/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + DataShareSimulator.STORAGE_BLOB_DATA_READER);
        assertThat(atStorage.get(0).path("properties").path("principalId").asText()).isEqualTo(principal);
        assertThat(send("GET", storage + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01", null)
                .json().path("value").size()).as("without atScope(): also below").isEqualTo(2);
        assertThat(send("GET", storage + q.replace("2022-04-01", "2021-08-01"), null).code()).isEqualTo("InvalidApiVersionParameter");
        sim.denyRoleReads(storage);
        Resp denied = send("GET", storage + q, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("AuthorizationFailed");
        assertThat(denied.message()).contains("Microsoft.Authorization/roleAssignments/read").contains(storage);
        assertThat(send("GET", RG + q, null).status()).as("other scopes still readable").isEqualTo(200);
    }

    @Test
    void throttlingIsRetriedByThePipelineAndFailNextInjectsAnArmError() {
        sim.throttleNext(1, 0);
        Resp r = send("GET", ACCOUNTS + V, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(sim.requestCount()).as("the 429 and its retry").isEqualTo(2);
        HttpPipeline noRetry = new HttpPipelineBuilder().httpClient(sim.httpClient())
                .policies(new BearerTokenAuthenticationPolicy(req -> Mono.just(new AccessToken("t", OffsetDateTime.now().plusHours(1))),
                        "https://management.azure.com/.default")).build();
        sim.throttleNext(1, 9);
        Resp throttled = send(noRetry, "GET", ACCOUNTS + V, null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("9");
        assertThat(throttled.code()).isEqualTo("TooManyRequests");

        sim.failNext("PUT", "/accounts/acct", 409, "Conflict", "The account name is taken.");
        Resp conflict = send("PUT", account("acct") + V, accountBody());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.message()).isEqualTo("The account name is taken.");
        assertThat(send("PUT", account("acct") + V, accountBody()).status()).as("only the next one").isEqualTo(201);
    }

    @Test
    void fakeAzCliPrintsWhatAzureCliCredentialParses(@TempDir Path dir) throws Exception {
        Path az = DataShareSimulator.fakeAzCli(dir, "cli-token-123");
        assertThat(Files.isExecutable(az)).isTrue();
        Process p = new ProcessBuilder("/bin/sh", "-c", az + " account get-access-token --output json --resource https://management.azure.com")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        try (var reader = com.azure.json.JsonProviders.createReader(out)) {
            var token = com.azure.identity.implementation.models.AzureCliToken.fromJson(reader);
            assertThat(token.getAccessToken()).isEqualTo("cli-token-123");
            assertThat(token.getTokenType()).isEqualTo("Bearer");
            assertThat(token.getSubscription()).isEqualTo(SUBSCRIPTION);
            assertThat(token.getTenant()).isEqualTo(DataShareSimulator.TENANT);
            assertThat(token.getTokenExpiration()).isAfter(OffsetDateTime.now().plusMinutes(50));
        }
        Process bad = new ProcessBuilder(az.toString(), "login").start();
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isNotZero();
    }
}
