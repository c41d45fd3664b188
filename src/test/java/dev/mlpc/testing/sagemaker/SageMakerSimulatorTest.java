package dev.mlpc.testing.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AuthMode;
import software.amazon.awssdk.services.sagemaker.model.CreateDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.DomainStatus;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.AppNetworkAccessType;
import software.amazon.awssdk.services.sagemaker.model.NotebookOutputOption;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.RetentionType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TagPropagation;
import software.amazon.awssdk.services.sagemaker.model.UserProfileDetails;
import software.amazon.awssdk.services.sagemaker.model.UserProfileStatus;
import software.amazon.awssdk.services.sagemaker.model.ListDomainsResponse;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real AWS SDK for Java v2 SageMaker client against {@link SageMakerSimulator}. */
@ExtendWith(OnlyLoopback.class)
class SageMakerSimulatorTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-exec";

    private SageMakerSimulator sim;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        sim = SageMakerSimulator.start();
        client = client(RetryMode.STANDARD);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    private SageMakerClient client(RetryMode retryMode) {
        return builder().overrideConfiguration(c -> c.retryStrategy(retryMode)).build();
    }

    private software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder builder() {
        return SageMakerClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    private String domainId(CreateDomainResponse created) {
        return created.domainArn().substring(created.domainArn().indexOf('/') + 1);
    }

    /** The request fails with a SageMakerException of HTTP 400 and this AWS error code; returns it for more checks. */
    private static SageMakerException awsError(Runnable call, String errorCode) {
        try {
            call.run();
        } catch (SageMakerException e) {
            assertThat(e.statusCode()).as("HTTP status of " + e.getMessage()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).as("error code of " + e.getMessage()).isEqualTo(errorCode);
            return e;
        }
        throw new AssertionError("expected " + errorCode);
    }

    private CreateDomainResponse createDomain(String name) {
        return client.createDomain(r -> r.domainName(name).authMode(AuthMode.IAM).vpcId("vpc-0abc")
                .subnetIds("subnet-0abc", "subnet-0def").defaultUserSettings(u -> u.executionRole(ROLE))
                .tags(Tag.builder().key("owner").value("ml-team").build()));
    }

    @Test
    void createDescribeListAndDeleteADomain() {
        CreateDomainResponse created = createDomain("governed-1");
        assertThat(created.domainArn()).matches("arn:aws:sagemaker:eu-west-1:123456789012:domain/d-[a-z0-9]{12}");
        String id = created.domainArn().substring(created.domainArn().indexOf("/") + 1);
        assertThat(created.url()).isEqualTo("https://" + id + ".studio.eu-west-1.sagemaker.aws");

        DescribeDomainResponse first = client.describeDomain(r -> r.domainId(id));
        assertThat(first.status()).isEqualTo(DomainStatus.PENDING);
        DescribeDomainResponse second = client.describeDomain(r -> r.domainId(id));
        assertThat(second.status()).isEqualTo(DomainStatus.IN_SERVICE);
        assertThat(second.domainName()).isEqualTo("governed-1");
        assertThat(second.authMode()).isEqualTo(AuthMode.IAM);
        assertThat(second.subnetIds()).containsExactly("subnet-0abc", "subnet-0def");
        assertThat(second.defaultUserSettings().executionRole()).isEqualTo(ROLE);
        assertThat(second.homeEfsFileSystemId()).matches("fs-[0-9a-f]{17}");
        assertThat(second.creationTime()).isNotNull();

        List<DomainDetails> listed = client.listDomains(r -> {}).domains();
        assertThat(listed).extracting(DomainDetails::domainId).containsExactly(id);
        assertThat(listed.get(0).url()).isEqualTo(created.url());

        client.deleteDomain(r -> r.domainId(id));
        assertThat(client.describeDomain(r -> r.domainId(id)).status()).isEqualTo(DomainStatus.DELETING);
        assertThatThrownBy(() -> client.describeDomain(r -> r.domainId(id)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.getMessage()).contains(id);
                });
        assertThat(sim.retainedFileSystems()).containsExactly(second.homeEfsFileSystemId());
        assertThat(sim.requests("CreateDomain")).isEqualTo(1);
        assertThat(sim.requests("DescribeDomain")).isEqualTo(4);
        assertThat(sim.accessKeyIds()).containsOnly("AKIDTEST");
        JsonNode body = sim.recorded("CreateDomain").get(0);
        assertThat(body.get("DomainName").asText()).isEqualTo("governed-1");
        assertThat(body.get("Tags").get(0).get("Key").asText()).isEqualTo("owner");
    }

    @Test
    void updateGoesThroughUpdatingAndMergesWhatItNames() {
        String id = domainId(createDomain("governed-2"));
        assertThat(client.describeDomain(r -> r.domainId(id)).status()).isEqualTo(DomainStatus.PENDING);
        // an update before the domain is InService is refused
        SageMakerException early = awsError(() -> client.updateDomain(r -> r.domainId(id).subnetIds("subnet-0new")), "ResourceInUse");
        assertThat(early).isInstanceOf(ResourceInUseException.class);
        assertThat(early.getMessage()).contains(id).contains("Pending");
        assertThat(client.describeDomain(r -> r.domainId(id)).status()).isEqualTo(DomainStatus.IN_SERVICE);

        // members newer than botocore's 2022 model (the overlay) go through the real SDK
        String arn = client.updateDomain(r -> r.domainId(id)
                .subnetIds("subnet-0new")
                .appNetworkAccessType(AppNetworkAccessType.VPC_ONLY)
                .tagPropagation(TagPropagation.ENABLED)
                .domainSettingsForUpdate(d -> d.securityGroupIds("sg-0aaa", "sg-0bbb"))
                .defaultSpaceSettings(d -> d.executionRole(ROLE + "-space"))
                .defaultUserSettings(u -> u.sharingSettings(sh -> sh.notebookOutputOption(NotebookOutputOption.ALLOWED)
                        .s3OutputPath("s3://bucket/out")))).domainArn();
        assertThat(arn).endsWith("/" + id);
        assertThat(client.describeDomain(r -> r.domainId(id)).status()).isEqualTo(DomainStatus.UPDATING);
        awsError(() -> client.updateDomain(r -> r.domainId(id).subnetIds("subnet-0x")), "ResourceInUse");
        DescribeDomainResponse d = client.describeDomain(r -> r.domainId(id));
        assertThat(d.status()).isEqualTo(DomainStatus.IN_SERVICE);
        assertThat(d.subnetIds()).containsExactly("subnet-0new");
        assertThat(d.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.VPC_ONLY);
        assertThat(d.tagPropagation()).isEqualTo(TagPropagation.ENABLED);
        assertThat(d.domainSettings().securityGroupIds()).containsExactly("sg-0aaa", "sg-0bbb");
        assertThat(d.defaultSpaceSettings().executionRole()).isEqualTo(ROLE + "-space");
        // DefaultUserSettings merged: the execution role set at creation is still there
        assertThat(d.defaultUserSettings().executionRole()).isEqualTo(ROLE);
        assertThat(d.defaultUserSettings().sharingSettings().notebookOutputOption()).isEqualTo(NotebookOutputOption.ALLOWED);
        JsonNode sent = sim.recorded("UpdateDomain").get(1);
        assertThat(sent.at("/DomainSettingsForUpdate/SecurityGroupIds/1").asText()).isEqualTo("sg-0bbb");
        assertThat(sent.get("TagPropagation").asText()).isEqualTo("ENABLED");
    }

    @Test
    void tagsAreAddedDeletedAndListedPageByPage() {
        String arn = createDomain("tagged").domainArn();
        client.addTags(r -> r.resourceArn(arn).tags(Tag.builder().key("data-classification").value("internal").build(),
                Tag.builder().key("owner").value("platform").build(), Tag.builder().key("cost-center").value("42").build()));
        assertThat(sim.tags(arn)).containsExactly(Map.entry("owner", "platform"),
                Map.entry("data-classification", "internal"), Map.entry("cost-center", "42"));
        client.deleteTags(r -> r.resourceArn(arn).tagKeys("cost-center"));
        sim.maxPageSize(1);
        List<String> keys = new ArrayList<>();
        client.listTagsPaginator(r -> r.resourceArn(arn)).tags().forEach(t -> keys.add(t.key() + "=" + t.value()));
        assertThat(keys).containsExactly("owner=platform", "data-classification=internal");
        assertThat(sim.requests("ListTags")).isEqualTo(2);
        SageMakerException e = awsError(() -> client.listTags(r -> r.resourceArn(arn.replace("domain/", "domain/d-nothere"))),
                "ValidationException");
        assertThat(e.getMessage()).contains("not found");
    }

    @Test
    void listsFollowNextTokenAcrossPages() {
        List<String> ids = sim.seedDomains("bulk", 7);
        ListDomainsResponse p1 = client.listDomains(r -> r.maxResults(3));
        assertThat(p1.domains()).hasSize(3);
        assertThat(p1.nextToken()).isNotNull();
        ListDomainsResponse p2 = client.listDomains(r -> r.maxResults(3).nextToken(p1.nextToken()));
        ListDomainsResponse p3 = client.listDomains(r -> r.maxResults(3).nextToken(p2.nextToken()));
        assertThat(p3.domains()).hasSize(1);
        assertThat(p3.nextToken()).isNull();
        List<String> seen = new ArrayList<>();
        for (ListDomainsResponse p : List.of(p1, p2, p3)) p.domains().forEach(x -> seen.add(x.domainId()));
        assertThat(seen).containsExactlyElementsOf(ids);
        // the SDK's paginator follows the same tokens
        sim.resetCounts();
        assertThat(client.listDomainsPaginator(r -> r.maxResults(3)).domains()).extracting(DomainDetails::domainId)
                .containsExactlyElementsOf(ids);
        assertThat(sim.requests("ListDomains")).isEqualTo(3);
        // a token from another listing is refused
        awsError(() -> client.listUserProfiles(r -> r.nextToken(p1.nextToken())), "ValidationException");

        sim.seedUserProfiles(ids.get(0), "alice", 5);
        sim.seedUserProfiles(ids.get(1), "bob", 2);
        sim.maxPageSize(2);
        List<UserProfileDetails> users = new ArrayList<>();
        client.listUserProfilesPaginator(r -> r.domainIdEquals(ids.get(0))).userProfiles().forEach(users::add);
        assertThat(users).extracting(UserProfileDetails::userProfileName)
                .containsExactly("alice-1", "alice-2", "alice-3", "alice-4", "alice-5");
        assertThat(users).allMatch(u -> u.status() == UserProfileStatus.IN_SERVICE && u.domainId().equals(ids.get(0)));
        assertThat(sim.requests("ListUserProfiles")).isEqualTo(1 + 3);
    }

    @Test
    void requestsAreValidatedAgainstAwsModel() {
        SageMakerException name = awsError(() -> client.createDomain(r -> r.domainName("bad_name").authMode(AuthMode.IAM)
                .vpcId("vpc-1").subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole(ROLE))), "ValidationException");
        assertThat(name.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'bad_name' at 'domainName' "
                + "failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

        SageMakerException missing = awsError(() -> client.createDomain(r -> r.domainName("ok").authMode(AuthMode.IAM)
                .subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole(ROLE))), "ValidationException");
        assertThat(missing.getMessage()).contains("Value null at 'vpcId' failed to satisfy constraint: Member must not be null");

        SageMakerException enumValue = awsError(() -> client.createDomain(r -> r.domainName("ok").authMode("OIDC")
                .vpcId("vpc-1").subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole(ROLE))), "ValidationException");
        assertThat(enumValue.getMessage()).contains("Value 'OIDC' at 'authMode' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [SSO, IAM]");

        // nested: a role ARN that is not one, a list too long
        SageMakerException nested = awsError(() -> client.createDomain(r -> r.domainName("ok").authMode(AuthMode.IAM)
                .vpcId("vpc-1").subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole("role/x")
                        .securityGroups("sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"))), "ValidationException");
        assertThat(nested.getMessage()).startsWith("3 validation errors detected: ")
                .contains("at 'defaultUserSettings.executionRole' failed to satisfy constraint: Member must have length greater than or equal to 20")
                .contains("Value 'role/x' at 'defaultUserSettings.executionRole' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws")
                .contains("at 'defaultUserSettings.securityGroups' failed to satisfy constraint: Member must have length less than or equal to 5");

        // a member AWS added after botocore's 2022 model and not in the overlay is refused as unknown
        SageMakerException unknown = awsError(() -> client.createDomain(r -> r.domainName("ok").authMode(AuthMode.IAM)
                .vpcId("vpc-1").subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole(ROLE).defaultLandingUri("studio::"))),
                "ValidationException");
        assertThat(unknown.getMessage()).contains("Member 'defaultUserSettings.defaultLandingUri' is not a member of UserSettings");

        // structures inside lists: Tags.N.member.Key
        SageMakerException tag = awsError(() -> client.addTags(r -> r.resourceArn("arn:aws:sagemaker:eu-west-1:123456789012:domain/d-x")
                .tags(Tag.builder().key("ok").value("v").build(), Tag.builder().key("").value("v").build())), "ValidationException");
        assertThat(tag.getMessage()).contains("Value '' at 'tags.2.member.key' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1");

        awsError(() -> client.listDomains(r -> r.maxResults(0)), "ValidationException");
        assertThat(sim.domainIds()).isEmpty();
        assertThat(sim.recorded()).allMatch(r -> r.status() == 400 && r.errorCode().equals("ValidationException"));
    }

    @Test
    void theWireRefusesUnknownMembersAndWrongContentTypes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(sim.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "SageMaker.ListDomains")
                .POST(HttpRequest.BodyPublishers.ofString("{\"MaxResults\": 5, \"Colour\": \"red\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(unknown.body()).contains("\"__type\":\"ValidationException\"").contains("Member 'colour' is not a member of ListDomainsRequest");

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(sim.endpoint())
                .header("Content-Type", "application/json").header("X-Amz-Target", "SageMaker.ListDomains")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("SerializationException");

        HttpResponse<String> op = http.send(HttpRequest.newBuilder(sim.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "SageMaker.LaunchRockets")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(op.statusCode()).isEqualTo(400);
        assertThat(op.body()).contains("UnknownOperationException");
    }

    @Test
    void throttlingIsRetriedByTheSdkOrSurfacesWithoutRetries() {
        sim.seedDomain("one");
        sim.throttleNext(2);
        // the SDK's standard strategy (3 attempts), with a short throttling back-off to keep the test fast
        try (SageMakerClient standard = builder().overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
                .toBuilder().throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(20))).build())).build()) {
            assertThat(standard.listDomains(r -> {}).domains()).hasSize(1);
        }
        assertThat(sim.requests("ListDomains")).isEqualTo(3);
        assertThat(sim.recorded()).extracting(SageMakerSimulator.Recorded::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", null);

        try (SageMakerClient once = builder().overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            sim.throttleNext(1);
            SageMakerException e = awsError(() -> once.listDomains(r -> {}), "ThrottlingException");
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.getMessage()).contains("Rate exceeded");
            assertThat(once.listDomains(r -> {}).domains()).hasSize(1);
        }
    }

    @Test
    void injectedErrorsParseIntoTheSdksExceptions() {
        try (SageMakerClient once = builder().overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            sim.errorNext("ListDomains", "AccessDeniedException", "User: arn:aws:iam::123456789012:user/x is not authorized");
            SageMakerException denied = awsError(() -> once.listDomains(r -> {}), "AccessDeniedException");
            assertThat(denied.getMessage()).contains("not authorized");
            assertThat(once.listDomains(r -> {}).domains()).isEmpty();

            sim.domainLimit(1);
            once.createDomain(r -> r.domainName("a").authMode(AuthMode.IAM).vpcId("vpc-1").subnetIds("subnet-1")
                    .defaultUserSettings(u -> u.executionRole(ROLE)));
            SageMakerException limit = awsError(() -> once.createDomain(r -> r.domainName("b").authMode(AuthMode.IAM)
                    .vpcId("vpc-1").subnetIds("subnet-1").defaultUserSettings(u -> u.executionRole(ROLE))), "ResourceLimitExceeded");
            assertThat(limit).isInstanceOf(ResourceLimitExceededException.class);
        }
    }

    @Test
    void aDomainWithUserProfilesCannotBeDeleted() {
        sim.settleAfterDescribes(0);
        String id = domainId(createDomain("with-users"));
        String userArn = client.createUserProfile(r -> r.domainId(id).userProfileName("alice")
                .userSettings(u -> u.executionRole(ROLE + "-alice"))
                .tags(Tag.builder().key("owner").value("alice").build())).userProfileArn();
        assertThat(userArn).isEqualTo("arn:aws:sagemaker:eu-west-1:123456789012:user-profile/" + id + "/alice");
        awsError(() -> client.createUserProfile(r -> r.domainId(id).userProfileName("alice")), "ResourceInUse");

        SageMakerException refused = awsError(() -> client.deleteDomain(r -> r.domainId(id)), "ResourceInUse");
        assertThat(refused).isInstanceOf(ResourceInUseException.class);
        assertThat(refused.getMessage()).contains(id).contains("user profile");

        sim.settleManually();
        client.deleteUserProfile(r -> r.domainId(id).userProfileName("alice"));
        assertThat(client.describeUserProfile(r -> r.domainId(id).userProfileName("alice")).status())
                .isEqualTo(UserProfileStatus.DELETING);
        // a profile being deleted still holds the domain
        awsError(() -> client.deleteDomain(r -> r.domainId(id)), "ResourceInUse");
        assertThat(sim.settle(id + "/alice")).isTrue();
        assertThatThrownBy(() -> client.describeUserProfile(r -> r.domainId(id).userProfileName("alice")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("alice");
        assertThat(sim.tags(userArn)).isEmpty();

        client.deleteDomain(r -> r.domainId(id).retentionPolicy(p -> p.homeEfsFileSystem(RetentionType.DELETE)));
        assertThat(sim.status(id)).isEqualTo("Deleting");
        assertThat(sim.settleAll()).isEqualTo(1);
        assertThat(sim.status(id)).isNull();
        assertThat(sim.retainedFileSystems()).isEmpty();
        assertThat(sim.recorded("DeleteDomain").get(2).at("/RetentionPolicy/HomeEfsFileSystem").asText()).isEqualTo("Delete");
    }

    @Test
    void transitionsCanEndFailedWithAReason() {
        sim.failNext("CreateDomain", "The subnet subnet-0abc is not in vpc-0abc.");
        String id = domainId(createDomain("doomed"));
        assertThat(client.describeDomain(r -> r.domainId(id)).status()).isEqualTo(DomainStatus.PENDING);
        DescribeDomainResponse failed = client.describeDomain(r -> r.domainId(id));
        assertThat(failed.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("The subnet subnet-0abc is not in vpc-0abc.");

        String ok = domainId(createDomain("fine"));
        sim.settleAll();
        sim.failNext("UpdateDomain", "Security group sg-0zzz does not exist.");
        client.updateDomain(r -> r.domainId(ok).domainSettingsForUpdate(d -> d.securityGroupIds("sg-0zzz")));
        client.describeDomain(r -> r.domainId(ok));
        DescribeDomainResponse updateFailed = client.describeDomain(r -> r.domainId(ok));
        assertThat(updateFailed.status()).isEqualTo(DomainStatus.UPDATE_FAILED);
        assertThat(updateFailed.failureReason()).contains("sg-0zzz");
        // a failed update can be retried; success clears the reason
        client.updateDomain(r -> r.domainId(ok).domainSettingsForUpdate(d -> d.securityGroupIds("sg-0aaa")));
        sim.settleAll();
        assertThat(client.describeDomain(r -> r.domainId(ok)).failureReason()).isNull();

        sim.failNext("DeleteDomain", "The home EFS file system is in use.");
        client.deleteDomain(r -> r.domainId(ok));
        sim.settleAll();
        DescribeDomainResponse deleteFailed = client.describeDomain(r -> r.domainId(ok));
        assertThat(deleteFailed.status()).isEqualTo(DomainStatus.DELETE_FAILED);
        assertThat(deleteFailed.failureReason()).isEqualTo("The home EFS file system is in use.");
        assertThat(client.listDomains(r -> {}).domains()).extracting(DomainDetails::status)
                .containsExactly(DomainStatus.FAILED, DomainStatus.DELETE_FAILED);
    }

    @Test
    void transitionsFollowTheClockOrTheTest() {
        sim.settleAfter(Duration.ofHours(1));
        String slow = domainId(createDomain("slow"));
        for (int i = 0; i < 3; i++) {
            assertThat(client.describeDomain(r -> r.domainId(slow)).status()).isEqualTo(DomainStatus.PENDING);
        }
        sim.settleAfter(Duration.ZERO);
        assertThat(client.describeDomain(r -> r.domainId(slow)).status()).isEqualTo(DomainStatus.IN_SERVICE);

        sim.settleManually();
        String manual = domainId(createDomain("manual"));
        for (int i = 0; i < 3; i++) {
            assertThat(client.describeDomain(r -> r.domainId(manual)).status()).isEqualTo(DomainStatus.PENDING);
        }
        awsError(() -> client.createUserProfile(r -> r.domainId(manual).userProfileName("early")), "ResourceInUse");
        assertThat(sim.settle(manual)).isTrue();
        assertThat(sim.settle(manual)).isFalse();
        assertThat(client.describeDomain(r -> r.domainId(manual)).status()).isEqualTo(DomainStatus.IN_SERVICE);
    }

    @Test
    void requestsAreAnsweredInParallelWithLatency() throws Exception {
        List<String> ids = sim.seedDomains("par", 4);
        sim.latency(Duration.ofMillis(300));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DomainStatus>> f = new ArrayList<>();
            for (String id : ids) f.add(pool.submit(() -> client.describeDomain(r -> r.domainId(id)).status()));
            for (Future<DomainStatus> x : f) assertThat(x.get()).isEqualTo(DomainStatus.IN_SERVICE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.maxInFlight()).isBetween(2, 4);
        assertThat(sim.requestCounts()).containsEntry("DescribeDomain", 4);
    }

    @Test
    void seedingBuildsABenchmarkSizedAccountFast() {
        List<String> ids = sim.seedDomains("bench", 500);
        for (String id : ids) sim.seedUserProfiles(id, "user", 20);
        assertThat(sim.totalRequests()).isZero();
        assertThat(client.listDomainsPaginator(r -> r.maxResults(100)).domains()).hasSize(500);
        assertThat(sim.requests("ListDomains")).isEqualTo(5);
        assertThat(client.listUserProfilesPaginator(r -> r.domainIdEquals(ids.get(499)).maxResults(100)).userProfiles())
                .hasSize(20).allMatch(u -> u.domainId().equals(ids.get(499)));
        assertThat(client.describeDomain(r -> r.domainId(ids.get(0))).status()).isEqualTo(DomainStatus.IN_SERVICE);
        // seeded requests are validated too
        assertThatThrownBy(() -> sim.seedDomain("not_valid")).hasMessageContaining("domainName");
    }

    @Test
    void aTestCanChangeAResourceBehindTheClientsBack() {
        String id = sim.seedDomain("drifting", Map.of("AppNetworkAccessType", "VpcOnly",
                "Tags", List.of(Map.of("Key", "owner", "Value", "ops"))));
        String carol = sim.seedUserProfile(id, "carol", Map.of("UserSettings", Map.of("ExecutionRole", ROLE)));
        assertThat(client.describeDomain(r -> r.domainId(id)).appNetworkAccessType()).isEqualTo(AppNetworkAccessType.VPC_ONLY);
        assertThat(client.listTags(r -> r.resourceArn(sim.domain(id).get("DomainArn").asText())).tags())
                .containsExactly(Tag.builder().key("owner").value("ops").build());
        assertThat(client.describeUserProfile(r -> r.domainId(id).userProfileName("carol")).userSettings().executionRole())
                .isEqualTo(ROLE);
        assertThat(carol).endsWith("/" + id + "/carol");
        assertThatThrownBy(() -> sim.seedUserProfile(id, "dan", Map.of("UserSettings", Map.of("ExecutionRole", "nope"))))
                .hasMessageContaining("userSettings.executionRole");
        sim.tamper(id, d -> d.putArray("SubnetIds").add("subnet-0elsewhere"));
        sim.tamper(id + "/carol", p -> p.putObject("UserSettings").put("ExecutionRole", ROLE + "-other"));
        assertThat(client.describeDomain(r -> r.domainId(id)).subnetIds()).containsExactly("subnet-0elsewhere");
        assertThat(client.describeUserProfile(r -> r.domainId(id).userProfileName("carol")).userSettings().executionRole())
                .isEqualTo(ROLE + "-other");
        assertThatThrownBy(() -> sim.tamper("d-none", d -> {})).hasMessageContaining("d-none");
    }

    @Test
    void userProfilesUpdateMergeSortAndFail() {
        String id = sim.seedDomain("team");
        sim.settleAfterDescribes(0);
        client.createUserProfile(r -> r.domainId(id).userProfileName("dave").userSettings(u -> u.executionRole(ROLE + "-dave")
                .securityGroups("sg-0d1")));
        client.createUserProfile(r -> r.domainId(id).userProfileName("erin"));
        sim.settleAfterDescribes(1);
        client.updateUserProfile(r -> r.domainId(id).userProfileName("dave")
                .userSettings(u -> u.sharingSettings(sh -> sh.notebookOutputOption(NotebookOutputOption.DISABLED))));
        assertThat(client.describeUserProfile(r -> r.domainId(id).userProfileName("dave")).status())
                .isEqualTo(UserProfileStatus.UPDATING);
        awsError(() -> client.deleteUserProfile(r -> r.domainId(id).userProfileName("dave")), "ResourceInUse");
        var dave = client.describeUserProfile(r -> r.domainId(id).userProfileName("dave"));
        assertThat(dave.status()).isEqualTo(UserProfileStatus.IN_SERVICE);
        assertThat(dave.userSettings().executionRole()).isEqualTo(ROLE + "-dave");
        assertThat(dave.userSettings().sharingSettings().notebookOutputOption()).isEqualTo(NotebookOutputOption.DISABLED);
        // an empty list clears a list
        client.updateUserProfile(r -> r.domainId(id).userProfileName("dave").userSettings(u -> u.securityGroups(List.of())));
        sim.settleAll();
        assertThat(sim.userProfile(id, "dave").at("/UserSettings/SecurityGroups").size()).isZero();
        assertThat(client.listUserProfiles(r -> r.domainIdEquals(id).sortBy("CreationTime").sortOrder("Descending"))
                .userProfiles()).extracting(UserProfileDetails::userProfileName).containsExactly("erin", "dave");
        assertThat(client.listUserProfiles(r -> r.userProfileNameContains("ri")).userProfiles())
                .extracting(UserProfileDetails::userProfileName).containsExactly("erin");

        sim.failNext("UpdateUserProfile", "Role arn:aws:iam::123456789012:role/x cannot be assumed.");
        client.updateUserProfile(r -> r.domainId(id).userProfileName("erin").userSettings(u -> u.executionRole(ROLE)));
        sim.settleAll();
        var erin = client.describeUserProfile(r -> r.domainId(id).userProfileName("erin"));
        assertThat(erin.status()).isEqualTo(UserProfileStatus.UPDATE_FAILED);
        assertThat(erin.failureReason()).contains("cannot be assumed");
        assertThat(erin.userProfileArn()).endsWith(":user-profile/" + id + "/erin");
        assertThat(erin.homeEfsFileSystemUid()).matches("\\d+");
        awsError(() -> client.describeUserProfile(r -> r.domainId(id).userProfileName("nobody")), "ResourceNotFound");
    }
}
