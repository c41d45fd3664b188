package dev.mlpc.ui;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/** Feather icons used across the console, so every screen draws the same thing for the same kind of object. */
public final class Icons {
    private Icons() { }

    /** A font icon; its colour follows the text colour of the theme. */
    public static FontIcon of(Ikon ikon) {
        return new FontIcon(ikon);
    }

    /** The icon for a live node kind as providers name them (database, schema, table, role, …). */
    public static Ikon forKind(String kind) {
        if (kind == null) return Feather.CIRCLE;
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "database", "databases" -> Feather.DATABASE;
            case "schema", "schemas" -> Feather.LAYERS;
            case "table", "tables", "partitioned_table", "foreign_table" -> Feather.GRID;
            case "view", "materialized_view" -> Feather.EYE;
            case "role", "user" -> Feather.USER;
            case "roles", "users", "group" -> Feather.USERS;
            case "extension", "extensions" -> Feather.PACKAGE;
            case "function", "procedure" -> Feather.CODE;
            case "sequence" -> Feather.HASH;
            case "folder" -> Feather.FOLDER;
            case "warehouse" -> Feather.CPU;
            case "model" -> Feather.BOX;
            case "version" -> Feather.TAG;
            default -> Feather.CIRCLE;
        };
    }
}
