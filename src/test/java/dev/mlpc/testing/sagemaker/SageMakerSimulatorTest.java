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

import java.util.List;

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
        return SageMakerClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(retryMode))
                .build();
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
}
