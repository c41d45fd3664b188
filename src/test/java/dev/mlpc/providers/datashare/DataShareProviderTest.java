package dev.mlpc.providers.datashare;

import dev.mlpc.Modules;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.StackException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mlpc.providers.datashare.DsKit.SUB;
import static dev.mlpc.providers.datashare.DsKit.TENANT;
import static dev.mlpc.providers.datashare.DsKit.profile;
import static org.assertj.core.api.Assertions.assertThat;

/** Connection checks, the provider's description, its registration and the types' validation (no server). */
class DataShareProviderTest {
    private static final String APP = "55555555-5555-5555-5555-555555555555";
    private final DataShareProvider provider = new DataShareProvider();
    private final ProviderRegistry registry = DsKit.registry(provider);

    @Test
    void goodProfilesHaveNoProblems() {
        assertThat(provider.checkProfile(profile("subscription_id", SUB))).isEmpty();
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "tenant_id", TENANT, "credential", "client_secret",
                "client_id", APP, "client_secret", "${env:AZURE_CLIENT_SECRET}", "cloud", "AzureUSGovernment"))).isEmpty();
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "tenant_id", "contoso.onmicrosoft.com",
                "credential", "client_certificate", "client_id", APP, "client_certificate", "/etc/sp.pem",
                "client_certificate_password", "${keychain:mlpc/fl-azure/client_certificate_password}"))).isEmpty();
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "credential", "cli", "cloud", "custom",
                "resource_manager_endpoint", "https://127.0.0.1:8443/", "authority_host", "https://127.0.0.1:8444/",
                "resource_group", "fl-rg"))).isEmpty();
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "credential", "device_code", "client_id", APP))).isEmpty();
    }

    @Test
    void eachProblemNamesItsSetting() {
        assertThat(provider.checkProfile(profile())).containsExactly("subscription_id: required, the subscription's GUID");
        assertThat(provider.checkProfile(profile("subscription_id", "my-sub"))).containsExactly("subscription_id: 'my-sub' is not a GUID");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "credential", "password"))).containsExactly(
                "credential: must be one of cli, client_secret, client_certificate, device_code, interactive_browser, managed_identity, default, not 'password'");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "credential", "client_secret"))).containsExactly(
                "client_id: required with credential: client_secret", "tenant_id: required with credential: client_secret",
                "client_secret: required with credential: client_secret, as a secret reference");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "tenant_id", TENANT, "credential", "client_secret",
                "client_id", APP, "client_secret", "s3cr3t-value"))).containsExactly(
                "client_secret: " + SecretRef.expectedForm() + "; a secret is never stored in plain text");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "client_secret", "${env:S}"))).containsExactly(
                "client_secret: only used with credential: client_secret (this connection uses cli)");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "tenant_id", TENANT, "credential", "client_certificate",
                "client_id", APP))).containsExactly("client_certificate: required with credential: client_certificate (a PEM or PFX file)");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "cloud", "custom"))).containsExactly(
                "resource_manager_endpoint: required with cloud: custom (an https URL)", "authority_host: required with cloud: custom (an https URL)");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "cloud", "custom",
                "resource_manager_endpoint", "http://127.0.0.1:8443/", "authority_host", "https://user:pw@login.example/"))).containsExactly(
                "resource_manager_endpoint: must start with https:// (bearer tokens are never sent in clear text)",
                "authority_host: must not hold a user or password");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "resource_manager_endpoint", "https://m.example/")))
                .containsExactly("resource_manager_endpoint: only used with cloud: custom (this connection uses AzureCloud)");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "cloud", "Mars"))).containsExactly(
                "cloud: must be one of AzureCloud, AzureChinaCloud, AzureUSGovernment, custom, not 'Mars'");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "resource_group", "bad/rg"))).singleElement()
                .asString().startsWith("resource_group: 'bad/rg'");
        assertThat(provider.checkProfile(profile("subscription_id", SUB, "client_id", "app"))).containsExactly(
                "client_id: 'app' is not a GUID (the application's client id)", "client_id: not used with credential: cli");
    }

    @Test
    void theDescriptionOffersTheSettingsByCredentialAndCloud() {
        ProviderDescriptor d = provider.describe();
        assertThat(d.id()).isEqualTo("datashare");
        assertThat(d.settings()).extracting(SettingSpec::key).containsExactly("subscription_id", "tenant_id", "credential",
                "client_id", "client_secret", "client_certificate", "client_certificate_password", "cloud",
                "resource_manager_endpoint", "authority_host", "resource_group");
        assertThat(d.secretKeys()).containsExactlyInAnyOrder("client_secret", "client_certificate_password");
        assertThat(d.primarySecret()).isEqualTo("client_secret");
        assertThat(d.setting("credential").orElseThrow().choices()).extracting(SettingSpec.Choice::value)
                .containsExactlyElementsOf(DataShareProvider.CREDENTIALS);
        assertThat(d.setting("credential").orElseThrow().defaultValue()).isEqualTo("cli");
        assertThat(d.setting("client_secret").orElseThrow().shownFor(java.util.Map.of("credential", "client_secret"))).isTrue();
        assertThat(d.setting("client_secret").orElseThrow().shownFor(java.util.Map.of("credential", "cli"))).isFalse();
        assertThat(d.setting("authority_host").orElseThrow().shownFor(java.util.Map.of("cloud", "custom"))).isTrue();
        assertThat(d.setting("authority_host").orElseThrow().shownFor(java.util.Map.of("cloud", "AzureCloud"))).isFalse();
        assertThat(d.generatedExtension()).isEqualTo("json");
        // one Alt+letter per field, none taken by the form's own Name, Add and Test connection
        List<Character> keys = d.settings().stream().map(x -> Character.toLowerCase(x.label().charAt(x.label().indexOf('_') + 1))).toList();
        assertThat(keys).doesNotHaveDuplicates().doesNotContain('n', 'a', 't');
        assertThat(d.wizards()).isEmpty();
    }

    @Test
    void theProviderIsRegisteredInTheStandardModules() throws Exception {
        assertThat(Modules.standard()).extracting(m -> m.provider().id()).contains("datashare");
        assertThat(Modules.registry(Modules.standard()).require("datashare")).isInstanceOf(DataShareProvider.class);
    }

    @Test
    void theNineTypesWithTheirFixedProperties() {
        assertThat(provider.resourceTypes()).extracting(ResourceType::type).containsExactly("datashare.resource_group",
                "datashare.account", "datashare.share", "datashare.dataset", "datashare.invitation",
                "datashare.synchronization_setting", "datashare.share_subscription", "datashare.dataset_mapping", "datashare.trigger");
        ResourceType account = DataShareTypes.account();
        assertThat(account.property("location").orElseThrow().updatable()).isFalse();
        assertThat(account.property("location").orElseThrow().required()).isTrue();
        assertThat(account.property("tags").orElseThrow().updatable()).isTrue();
        assertThat(account.property("identity").orElseThrow().field("type").orElseThrow().enumValues()).containsExactly("SystemAssigned");
        assertThat(DataShareTypes.share().property("share_kind").orElseThrow().enumValues()).containsExactly("CopyBased", "InPlace");
        assertThat(DataShareTypes.share().property("terms").orElseThrow().updatable()).isTrue();
        assertThat(DataShareTypes.dataset().property("kind").orElseThrow().enumValues()).containsExactlyElementsOf(DataShareTypes.STORAGE_KINDS);
        assertThat(DataShareTypes.dataset().properties()).allMatch(p -> !p.updatable());
        assertThat(DataShareTypes.invitation().properties()).allMatch(p -> !p.updatable());
        assertThat(DataShareTypes.trigger().property("recurrence_interval").orElseThrow().enumValues()).containsExactly("Hour", "Day");
        assertThat(DataShareTypes.datasetMapping().property("data_set_id").orElseThrow().required()).isTrue();
        assertThat(DataShareTypes.shareSubscription().property("account").orElseThrow().references()).isEqualTo("datashare.account");
    }

    @Test
    void theSeedStacksAreValid() throws Exception {
        assertThat(DsKit.parse(registry, DsKit.providerStack()).resources()).hasSize(6);
        assertThat(DsKit.parse(registry, DsKit.consumerStack()).resources()).hasSize(4);
    }

    @Test
    void validationNamesTheField() {
        String ok = DsKit.providerStack();
        assertThat(problems(ok.replace("share_kind: CopyBased", "share_kind: Snapshot"))).anyMatch(p -> p.startsWith("share_kind"));
        assertThat(problems(ok.replace("    prefix: images/2026\n", ""))).containsExactly("prefix: required for kind BlobFolder");
        assertThat(problems(ok.replace("kind: BlobFolder", "kind: AdlsGen2Folder"))).contains(
                "file_system: required for kind AdlsGen2Folder", "folder_path: required for kind AdlsGen2Folder",
                "container_name: not used by kind AdlsGen2Folder", "prefix: not used by kind AdlsGen2Folder");
        assertThat(problems(ok.replace("storage_account_name: flsource", "storage_account_name: FL_Source")))
                .containsExactly("storage_account_name: 'FL_Source' is not a storage account name (3-24 lower-case letters and digits)");
        assertThat(problems(ok.replace("subscription_id: " + DsKit.STORAGE_SUB, "subscription_id: prod")))
                .containsExactly("subscription_id: 'prod' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        assertThat(problems(ok.replace("target_email: consumer@example.com", "target_object_id: " + SUB)))
                .containsExactly("target_active_directory_id: target_object_id and target_active_directory_id go together");
        assertThat(problems(ok.replace("target_email: consumer@example.com", "target_email: consumer@example.com\n    target_object_id: " + SUB)))
                .anyMatch(p -> p.startsWith("target_email: give either target_email or target_object_id"));
        assertThat(problems(ok.replace("expiration_date: 2027-06-30T00:00:00Z", "expiration_date: next summer")))
                .containsExactly("expiration_date: 'next summer' is not an ISO-8601 date-time with offset, such as 2026-12-31T00:00:00Z");
        assertThat(problems(ok.replace("recurrence_interval: Day", "recurrence_interval: Week"))).anyMatch(p -> p.startsWith("recurrence_interval"));
        assertThat(problems(ok.replace("identity: {type: SystemAssigned}", "identity: {type: UserAssigned}"))).anyMatch(p -> p.startsWith("identity.type"));
        assertThat(problems(DsKit.consumerStack().replace("invitation_id: " + DsKit.INVITATION_ID, "invitation_id: abc")))
                .containsExactly("invitation_id: 'abc' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        assertThat(problems(ok.replace("tags: {Environment: Production}\n  - type: datashare.account", "tags: {azure-owner: x}\n  - type: datashare.account")))
                .containsExactly("tags: name 'azure-owner' must not start with microsoft, azure or windows (reserved)");
    }

    @Test
    void namesFollowAzureRules() {
        assertThat(provider.checkIdentifier("fl-share-account")).isNull();
        assertThat(provider.checkIdentifier("rg(prod)")).isNull();
        assertThat(provider.checkIdentifier("bad/name")).isNotNull();
        assertThat(provider.checkIdentifier("x".repeat(91))).contains("at most 90");
        assertThat(DataShareTypes.checkResourceGroupName("ends.")).isNotNull();
    }

    private List<String> problems(String yaml) {
        try {
            DsKit.parse(registry, yaml);
            return List.of();
        } catch (StackException e) {
            return e.problems().stream().map(p -> p.field().replaceFirst("^resources\\[\\d+\\]\\.", "") + ": " + p.reason()).toList();
        }
    }
}
