package dev.mlpc.ui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.IkonResolverProvider;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.javafx.JavaFXFontLoader;
import org.testfx.api.FxToolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatherIconsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void theConsolesResolverServesFeatherIconsWithTheirFont() throws Exception {
        Icons.prepare();
        // an icon made before Icons was loaded (another test in this JVM) has let Ikonli make its own resolver
        if (!(IkonResolverProvider.getInstance(JavaFXFontLoader.getInstance()) instanceof FeatherIcons)) {
            assertThat(FeatherIcons.install()).as("an install keeps the resolver Ikonli has").isFalse();
            forgetResolver();
            assertThat(FeatherIcons.install()).isTrue();
        }
        assertThat(IkonResolverProvider.getInstance(JavaFXFontLoader.getInstance())).isInstanceOf(FeatherIcons.class);
        FontIcon icon = UiTestKit.fx(() -> Icons.of(Feather.DATABASE));
        assertThat(icon.getIconCode()).isEqualTo(Feather.DATABASE);
        assertThat(icon.getStyle()).contains("-fx-font-family: 'FeatherIcons'");
        assertThat(javafx.scene.text.Font.getFamilies()).as("the pack's font is loaded").contains("FeatherIcons");
        assertThat(icon.getText()).isEqualTo(String.valueOf((char) Feather.DATABASE.getCode()));
        // a description of a pack the console does not ship goes to Ikonli's own resolver, which knows none either
        assertThatThrownBy(() -> IkonResolverProvider.getInstance(JavaFXFontLoader.getInstance()).resolve("mdi2a-account"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(FeatherIcons.install()).as("installed once").isFalse();
    }

    private static void forgetResolver() throws ReflectiveOperationException {
        java.lang.reflect.Field f = IkonResolverProvider.class.getDeclaredField("instance");
        f.setAccessible(true);
        f.set(null, null);
    }
}
