package dev.mlpc.ui;

import dev.mlpc.Modules;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.WizardSpec;
import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.feather.Feather;

import static org.assertj.core.api.Assertions.assertThat;

class IconsTest {
    @Test
    void namesResolveToTheirFeatherIconsAndUnknownNamesToACircle() {
        assertThat(Icons.named("database")).isEqualTo(Feather.DATABASE);
        assertThat(Icons.named("cloud-snow")).isEqualTo(Feather.CLOUD_SNOW);
        assertThat(Icons.named(" Activity ")).isEqualTo(Feather.ACTIVITY);
        assertThat(Icons.named("no-such-icon")).isEqualTo(Feather.CIRCLE);
        assertThat(Icons.named(null)).isEqualTo(Feather.CIRCLE);
    }

    @Test
    void everyIconTheStandardProvidersNameExists() {
        for (Provider p : Modules.registry(Modules.standard()).providers()) {
            for (WizardSpec w : p.describe().wizards()) {
                if (w.icon() != null) assertThat(Icons.named(w.icon())).as(p.id() + " wizard " + w.id()).isNotEqualTo(Feather.CIRCLE);
            }
            p.describe().icons().forEach((kind, name) ->
                    assertThat(Icons.named(name)).as(p.id() + " icon of " + kind).isNotEqualTo(Feather.CIRCLE));
        }
    }
}
