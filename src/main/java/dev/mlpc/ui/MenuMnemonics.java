package dev.mlpc.ui;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyEvent;

import java.util.List;

/**
 * Menu letters below the menu bar: in an open context menu (or an open submenu), typing an item's underlined letter
 * ({@code _X} in its text), with or without Alt, runs that item, or opens it when it is a submenu, as on every
 * desktop. JavaFX underlines the letters but only the menu bar's top level reacts to them by itself.
 */
public final class MenuMnemonics {
    private MenuMnemonics() { }

    /** Turns on mnemonic parsing on every item of {@code menu} (and of its submenus) and makes their letters work. */
    public static void install(ContextMenu menu) {
        menu.getItems().forEach(MenuMnemonics::parse);
        menu.getItems().addListener((javafx.collections.ListChangeListener<MenuItem>) c -> menu.getItems().forEach(MenuMnemonics::parse));
        menu.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            String letter = letter(e);
            if (letter == null) return;
            if (trigger(menu.getItems(), letter, menu::hide)) e.consume();
        });
    }

    /** Mnemonic parsing on an item and everything under it. */
    public static void parse(MenuItem item) {
        if (item instanceof SeparatorMenuItem) return;
        item.setMnemonicParsing(true);
        if (item instanceof Menu m) m.getItems().forEach(MenuMnemonics::parse);
    }

    /** The one letter or digit a key press typed, without Ctrl / Meta / Shortcut; null otherwise. */
    public static String letter(KeyEvent e) {
        if (e.isControlDown() || e.isMetaDown() || e.isShortcutDown()) return null;
        String t = e.getText();
        if (t == null || t.length() != 1 || !Character.isLetterOrDigit(t.charAt(0))) {
            if (e.getCode() != null && (e.getCode().isLetterKey() || e.getCode().isDigitKey())) return e.getCode().getChar();
            return null;
        }
        return t;
    }

    /**
     * Runs the item of {@code items} whose mnemonic is {@code letter} — in the deepest submenu showing, if one is —
     * after {@code hide} closed the menu; a submenu is opened instead. False when no enabled item has that letter.
     */
    public static boolean trigger(List<MenuItem> items, String letter, Runnable hide) {
        for (MenuItem i : items) {
            if (i instanceof Menu m && m.isShowing()) return trigger(m.getItems(), letter, hide);
        }
        for (MenuItem i : items) {
            if (i instanceof SeparatorMenuItem || i.isDisable() || !i.isVisible() || !matches(i, letter)) continue;
            if (i instanceof Menu m) {
                m.show();
                return true;
            }
            hide.run();
            i.fire();
            return true;
        }
        return false;
    }

    /** True when {@code item}'s text marks {@code letter} with {@code _} (case-insensitive). */
    static boolean matches(MenuItem item, String letter) {
        String t = item.getText();
        if (t == null || !item.isMnemonicParsing()) return false;
        int u = t.indexOf('_');
        return u >= 0 && u + 1 < t.length() && t.substring(u + 1, u + 2).equalsIgnoreCase(letter);
    }
}
