package dev.mlpc.providers.sagemaker;

import dev.mlpc.Modules;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.sagemaker.SmKit.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connection checks, the provider's description, its registration and the types' validation (no server). */
class SageMakerProviderTest {
    private final SageMakerProvider provider = new SageMakerProvider();
    private final ProviderRegistry registry = SmKit.registry(provider);

    private static ConnectionProfile profile(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new ConnectionProfile("ml-aws", "sagemaker", m);
    }

    @Test
    void aGoodProfileHasNoProblems() {
        assertThat(provider.checkProfile(profile("region", "eu-west-1"))).isEmpty();
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "profile", "profile", "ml-admin"))).isEmpty();
        assertThat(provider.checkProfile(profile("region", "us-gov-west-1", "credentials", "static",
                "access_key_id", "${env:AWS_ACCESS_KEY_ID}", "secret_access_key", "${keychain:mlpc/ml-aws}",
                "session_token", "${env:AWS_SESSION_TOKEN}", "endpoint_url", "https://api.sagemaker.eu-west-1.amazonaws.com"))).isEmpty();
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "web_identity",
                "endpoint_url", "http://127.0.0.1:8080"))).isEmpty();
    }

    @Test
    void eachProblemNamesItsSetting() {
        assertThat(provider.checkProfile(profile())).containsExactly("region: required, e.g. eu-west-1");
        assertThat(provider.checkProfile(profile("region", "Ireland"))).containsExactly(
                "region: 'Ireland' is not an AWS region name such as eu-west-1");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "instance"))).containsExactly(
                "credentials: must be one of default, profile, static, web_identity, not 'instance'");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "profile"))).containsExactly(
                "profile: required with credentials: profile (the name of a profile in ~/.aws/config)");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "static",
                "access_key_id", "AKIAIOSFODNN7EXAMPLE", "secret_access_key", "${env:S}")))
                .containsExactly("access_key_id: must be a reference ${env:NAME} or ${keychain:service/account}; a key is never stored in plain text"
                        .replace("must be a reference ${env:NAME} or ${keychain:service/account}", dev.mlpc.core.spec.SecretRef.expectedForm()));
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "credentials", "static")))
                .containsExactly("access_key_id: required with credentials: static, as a secret reference",
                        "secret_access_key: required with credentials: static, as a secret reference");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "secret_access_key", "${env:S}")))
                .containsExactly("secret_access_key: only used with credentials: static (this connection uses default)");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "endpoint_url", "http://sagemaker.example.com")))
                .containsExactly("endpoint_url: http is allowed only for 127.0.0.1 or localhost (a local simulator); use https");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "endpoint_url", "https://user:pw@example.com")))
                .containsExactly("endpoint_url: must not hold a user or password");
        assertThat(provider.checkProfile(profile("region", "eu-west-1", "endpoint_url", "ftp://127.0.0.1")))
                .containsExactly("endpoint_url: must start with https:// (or http:// for 127.0.0.1)");
    }

    @Test
    void connectRefusesABadProfileBeforeAnyRequest() {
        assertThatThrownBy(() -> provider.connect(profile("region", "nowhere"), ref -> "x", Duration.ofSeconds(1)))
                .isInstanceOf(ProviderException.class).hasMessage("connection 'ml-aws': region: 'nowhere' is not an AWS region name such as eu-west-1");
    }

    @Test
    void theDescriptionShowsKeysOnlyForStaticCredentials() {
        ProviderDescriptor d = provider.describe();
        assertThat(d.settings()).extracting(SettingSpec::key).containsExactly("region", "credentials", "profile",
                "access_key_id", "secret_access_key", "session_token", "endpoint_url");
        assertThat(d.secretKeys()).containsExactlyInAnyOrder("access_key_id", "secret_access_key", "session_token");
        Map<String, String> staticCreds = Map.of("credentials", "static");
        Map<String, String> defaults = Map.of("credentials", "default");
        for (String key : List.of("access_key_id", "secret_access_key", "session_token")) {
            SettingSpec s = d.setting(key).orElseThrow();
            assertThat(s.shownFor(staticCreds)).as(key).isTrue();
            assertThat(s.shownFor(defaults)).as(key).isFalse();
        }
        assertThat(d.setting("profile").orElseThrow().shownFor(Map.of("credentials", "profile"))).isTrue();
        assertThat(d.generatedExtension()).isEqualTo("json");
        assertThat(d.treeContainers()).containsExactly("domain");
        assertThat(d.wizards()).isEmpty();
    }

    @Test
    void theProviderIsRegisteredInTheStandardModules() throws Exception {
        assertThat(Modules.standard()).extracting(m -> m.provider().id()).contains("sagemaker");
        assertThat(Modules.registry(Modules.standard()).require("sagemaker")).isInstanceOf(SageMakerProvider.class);
    }

    private List<String> problems(String yaml) {
        try {
            SmKit.parse(registry, yaml);
            return List.of();
        } catch (StackException e) {
            return e.problems().stream().map(p -> p.field().replaceFirst("^resources\\[\\d+\\]\\.", "") + ": " + p.reason()).toList();
        }
    }

    @Test
    void validationFollowsTheApiConstraints() {
        String ok = SmKit.seedStack();
        assertThat(problems(ok)).isEmpty();
        assertThat(problems(ok.replace("name: my-sagemaker-domain", "name: bad_name"))).anyMatch(p -> p.contains("pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"));
        assertThat(problems(ok.replace("auth_mode: IAM", "auth_mode: LDAP"))).anyMatch(p -> p.startsWith("auth_mode"));
        assertThat(problems(ok.replace("execution_role: " + ROLE + "\n      security_groups", "execution_role: my-role\n      security_groups")))
                .contains("default_user_settings.execution_role: must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution");
        assertThat(problems(ok.replace("s3://my-sagemaker-bucket/output", "my-sagemaker-bucket/output")))
                .contains("default_user_settings.sharing_settings.s3_output_path: must be an S3 URI such as s3://bucket/prefix (at most 1024 characters)");
        assertThat(problems(ok.replace("security_groups: [sg-01]", "security_groups: [sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]")))
                .contains("default_user_settings.security_groups: at most 5 security groups (it lists 6)");
        assertThat(problems(ok.replace("security_group_ids: [sg-02]", "security_group_ids: [sg-1, sg-2, sg-3, sg-4]")))
                .contains("domain_settings.security_group_ids: at most 3 security groups (it lists 4)");
        assertThat(problems(ok.replace("subnet_ids: [subnet-0abc, subnet-0def]", "subnet_ids: []")))
                .contains("subnet_ids: must list 1 to 16 subnets (it lists 0)");
        assertThat(problems(ok.replace("vpc_id: vpc-0abc", "vpc_id: vpc_0abc")))
                .contains("vpc_id: 'vpc_0abc' is not an AWS id (letters, digits and '-', at most 32 characters)");
        assertThat(problems(ok.replace("notebook_output_option: Allowed", "notebook_output_option: Sometimes")))
                .anyMatch(p -> p.startsWith("default_user_settings.sharing_settings.notebook_output_option"));
        assertThat(problems(ok.replace("tags: {owner: alice}", "tags: {'aws:owner': alice}")))
                .contains("tags: key 'aws:owner' must not start with aws: (reserved by AWS)");
        assertThat(problems(ok.replace("    vpc_id: vpc-0abc\n", ""))).anyMatch(p -> p.startsWith("vpc_id: required"));
        assertThat(problems(ok.replace("    domain: my-sagemaker-domain\n", ""))).anyMatch(p -> p.startsWith("domain: required"));
    }
}
