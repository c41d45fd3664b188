package dev.mlpc.core.provider;

import java.util.Objects;

/**
 * A wizard a provider offers in the console's File → New menu, as data: the console builds the menu item from it and
 * opens the window that the provider's registration ({@code dev.mlpc.Modules}) maps to {@link #id()}.
 *
 * @param id           unique among all providers' wizards ({@code postgres-backend}); the menu item's id is
 *                     {@code menu-new-<id>}
 * @param title        the menu text, {@code _} before the mnemonic letter ({@code _PostgreSQL model-management backend…})
 * @param accelerator  a key combination as {@code javafx.scene.input.KeyCombination.valueOf} reads it
 *                     ({@code Shortcut+Shift+S}), or null
 * @param description  one sentence: what the wizard sets up (the item's tooltip)
 * @param icon         an icon name ({@code database}, {@code cloud-snow}); see {@link ProviderDescriptor#icons()}
 * @param toolbarLabel when not null, the tool bar gets a "New …" button with this label for the wizard
 */
public record WizardSpec(String id, String title, String accelerator, String description, String icon, String toolbarLabel) {
    public WizardSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) throw new IllegalArgumentException("wizard id: lower-case letters, digits and '-': " + id);
    }

    /** The title without its mnemonic marker. */
    public String caption() { return title.replace("_", ""); }
}
