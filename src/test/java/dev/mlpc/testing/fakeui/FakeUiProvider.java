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
 * resource types. It connects only to {@link #LIVE_ENDPOINT}: a live tree of one widget, {@code w1}, which offers
 * two live actions ({@link dev.mlpc.core.provider.NodeAction}): {@code restart} (choices {@code Soft}, {@code Hard},
 * {@code Stuck}: Stuck waits until cancelled) and the destructive {@code wipe}, which the fake system refuses with an
 * outcome that failed. Every run is recorded in {@link #runs()}.
 */
public final class FakeUiProvider implements Provider {
    public static final String ID = "fakeapi";
    public static final String WIZARD = "fake-thing";
    public static final String WIZARD_TITLE = "Fake API thing";
    /** The one endpoint the fake connects to. */
    public static final String LIVE_ENDPOINT = "https://live.fake.test";

    /** One run of a live action, as the fake system saw it. */
    public record Run(String node, String action, String choice) { }

    private final List<Run> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The live actions the fake ran, in order. */
    public List<Run> runs() { return runs; }

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
        if (LIVE_ENDPOINT.equals(profile.setting("endpoint"))) return new LiveSession();
        throw new ProviderException("connection '" + profile.name() + "': the fake API is never reachable");
    }

    /** The fake live system: one widget with two actions. */
    private final class LiveSession implements ProviderSession {
        private static final dev.mlpc.core.provider.NodeAction RESTART = new dev.mlpc.core.provider.NodeAction("restart",
                "_Restart widget…", "Restarts the widget; a hard restart drops its sessions.", List.of("Soft", "Hard", "Stuck"), false);
        private static final dev.mlpc.core.provider.NodeAction WIPE = new dev.mlpc.core.provider.NodeAction("wipe",
                "_Wipe widget", "Deletes everything the widget holds.", List.of(), true);

        @Override
        public dev.mlpc.core.plan.Inventory read(java.util.Collection<dev.mlpc.core.spec.Resource> managed,
                                                  dev.mlpc.core.provider.Progress progress) {
            return new dev.mlpc.core.plan.Inventory(List.of(), false, 0);
        }

        @Override
        public dev.mlpc.core.provider.ApplyResult apply(Plan plan, dev.mlpc.core.provider.Progress progress) throws ProviderException {
            throw new ProviderException("the fake API has nothing to apply");
        }

        @Override
        public List<dev.mlpc.core.provider.LiveNode> children(dev.mlpc.core.provider.LiveNode parent,
                                                             dev.mlpc.core.provider.Progress progress) {
            if (parent != null) return List.of();
            return List.of(new dev.mlpc.core.provider.LiveNode("widgets/w1", "w1", "widget", true, null,
                    Map.of("status", "running", "restarts", runs.stream().filter(r -> r.action().equals("restart")).count())));
        }

        @Override
        public List<dev.mlpc.core.provider.NodeAction> actions(dev.mlpc.core.provider.LiveNode node) {
            return "widget".equals(node.kind()) ? List.of(RESTART, WIPE) : List.of();
        }

        @Override
        public dev.mlpc.core.provider.NodeAction.Outcome runAction(dev.mlpc.core.provider.LiveNode node, String actionId,
                                                                  String choice, dev.mlpc.core.provider.Progress progress)
                throws ProviderException {
            runs.add(new Run(node.path(), actionId, choice));
            if ("wipe".equals(actionId)) {
                Map<String, Object> error = new java.util.LinkedHashMap<>();
                error.put("status", "Failed");
                error.put("error", "WidgetBusy: try again later");
                return new dev.mlpc.core.provider.NodeAction.Outcome(false, "Wiping widget " + node.label()
                        + " failed: the widget is busy", error);
            }
            progress.status("Restarting widget " + node.label());
            progress.worked(1, 2);
            if ("Stuck".equals(choice)) {
                while (!progress.cancelled()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                throw new dev.mlpc.core.provider.CancelledException("stopped waiting; the restart of widget " + node.label()
                        + " goes on in the fake API");
            }
            progress.worked(2, 2);
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("status", "Succeeded");
            details.put("mode", choice);
            return new dev.mlpc.core.provider.NodeAction.Outcome(true, "Widget " + node.label() + " restarted (" + choice + ")", details);
        }

        @Override
        public void close() { }
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
        return module(new FakeUiProvider());
    }

    /** The registration of this fake instance (a test reads its {@link #runs()}). */
    public static ProviderModule module(FakeUiProvider fake) {
        return new ProviderModule(fake, Map.of(WIZARD, (wb, executor) -> {
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
