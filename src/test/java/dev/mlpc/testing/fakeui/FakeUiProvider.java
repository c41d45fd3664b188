package dev.mlpc.testing.fakeui;

import dev.mlpc.ProviderModule;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.provider.SettingSpec.Choice;
import dev.mlpc.core.provider.WizardSpec;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provider that exists only in the tests, to prove that a new system reaches the console through its description
 * and its registration alone: an API with an {@code endpoint} (required), a {@code region} choice and an
 * {@code api_key} secret, one wizard ("Fake API thing", Ctrl+Shift+F) whose window is a plain test stage. It has no
 * resource types and never connects.
 */
public final class FakeUiProvider implements Provider {
    public static final String ID = "fakeapi";
    public static final String WIZARD = "fake-thing";
    public static final String WIZARD_TITLE = "Fake API thing";

    @Override
    public String id() { return ID; }

    @Override
    public String displayName() { return "Fake API"; }

    @Override
    public List<ResourceType> resourceTypes() { return List.of(); }

    @Override
    public String checkIdentifier(String name) { return null; }

    /** Never called: the fake has no resource types, so nothing of it is planned or rendered. */
    @Override
    public Renderer renderer() { return null; }

    @Override
    public String generatedExtension() { return "json"; }

    @Override
    public String renderDocument(Plan offlinePlan) { return "{}\n"; }

    @Override
    public List<String> checkProfile(ConnectionProfile profile) {
        List<String> problems = new ArrayList<>();
        String endpoint = profile.setting("endpoint");
        if (endpoint != null && !endpoint.isBlank() && !endpoint.startsWith("https://")) {
            problems.add("endpoint: must start with https://");
        }
        String key = profile.setting("api_key");
        if (key != null && !SecretRef.isReference(key)) problems.add("api_key: " + SecretRef.expectedForm());
        return problems;
    }

    @Override
    public ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) throws ProviderException {
        throw new ProviderException("connection '" + profile.name() + "': the fake API is never reachable");
    }

    @Override
    public ProviderDescriptor describe() {
        return ProviderDescriptor.builder(ID, displayName())
                .setting(SettingSpec.url("endpoint", "_Endpoint").asRequired("required: the API's base URL")
                        .withPrompt("https://api.example.test"))
                .setting(SettingSpec.choice("region", "Re_gion", new Choice("eu-west", "eu-west (Europe)", null),
                        new Choice("us-east", "us-east (America)", null)).withDefault("eu-west"))
                .setting(SettingSpec.secret("api_key", "API _key", "key").withPrompt("${env:FAKE_API_KEY}")
                        .withHint("Only a reference is saved, never the key."))
                .primarySecret("api_key")
                .location(true, "endpoint")
                .wizard(new WizardSpec(WIZARD, "_Fake API thing…", "Shortcut+Shift+F", "Sets up a fake thing.", "zap", null))
                .icon("star", "widget")
                .generatedExtension(generatedExtension())
                .build();
    }

    /** The fake's registration: the provider and its wizard, whose window is a stage titled {@link #WIZARD_TITLE}. */
    public static ProviderModule module() {
        return new ProviderModule(new FakeUiProvider(), Map.of(WIZARD, (wb, executor) -> {
            Stage stage = new Stage();
            stage.setTitle(WIZARD_TITLE);
            stage.setScene(new Scene(new StackPane(new Label("a fake wizard over " + wb.registry().providers().size() + " providers")), 320, 120));
            return ProviderModule.WizardWindow.of((owner, onCommitted) -> {
                if (owner != null && stage.getOwner() == null) stage.initOwner(owner);
                stage.show();
            }, () -> stage);
        }));
    }
}
