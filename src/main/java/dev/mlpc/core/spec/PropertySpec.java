package dev.mlpc.core.spec;

import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * What one property of a resource type accepts and how it behaves in a plan.
 *
 * @param name        snake_case property name, as the provider names it
 * @param kind        value kind
 * @param required    must be present
 * @param updatable   can change in place; if false a change means replace (destructive)
 * @param compared    compared against the live value (false for secrets and write-only settings)
 * @param enumValues  allowed values for {@link Kind#ENUM} / {@link Kind#ENUM_LIST}, in canonical spelling
 * @param min         lower bound for integers (inclusive), or null
 * @param max         upper bound for integers (inclusive), or null
 * @param references  the resource type a name refers to (dependency ordering), or null
 * @param container   the referenced resource contains this one (a schema's database): replacing it recreates this
 * @param description one sentence for the schema and the UI
 * @param fields      for {@link Kind#OBJECT_LIST}: the fields of each item; for {@link Kind#OBJECT}: the fields of the
 *                    mapping (a property spec each, any kind, {@code OBJECT} again for deeper levels), else empty
 * @param itemKey     for {@link Kind#OBJECT_LIST}: the field that identifies an item (items are then compared by it,
 *                    in any order, and it must be unique), or null to compare items by position
 * @param replaceWhen for an updatable property: the particular changes (desired, live) that still need a replace
 *                    (a table column whose type changes), or null when every change is in place
 * @param sequence    for a list kind: order matters and entries may repeat (a function's argument types), so it is
 *                    compared as a list, not as a set
 */
public record PropertySpec(String name, Kind kind, boolean required, boolean updatable, boolean compared,
                           List<String> enumValues, Long min, Long max, String references, boolean container,
                           String description, List<PropertySpec> fields, String itemKey,
                           BiPredicate<Object, Object> replaceWhen, boolean sequence) {

    public enum Kind {
        /** free text */
        STRING,
        /** an object name checked by the provider's identifier rule */
        IDENTIFIER,
        /** list of identifiers, compared as a set */
        IDENTIFIER_LIST,
        INTEGER,
        BOOLEAN,
        /** one of {@code enumValues}, compared without regard to case */
        ENUM,
        /** list of {@code enumValues}, compared as a set without regard to case */
        ENUM_LIST,
        /** list of free strings, compared as a set */
        STRING_LIST,
        /** a secret reference {@code ${env:NAME}} or {@code ${keychain:service/account}}; never a value */
        SECRET,
        /** string to string map (tags) */
        STRING_MAP,
        /** list of mappings whose fields are described by {@link PropertySpec#fields()} (a table's columns) */
        OBJECT_LIST,
        /**
         * one mapping whose fields are described by {@link PropertySpec#fields()}, each with its own kind, required,
         * immutable and compared flags (SageMaker's {@code default_user_settings.sharing_settings}, ARM's
         * {@code properties}); compared field by field, only the fields the stack writes
         */
        OBJECT;

        public String jsonType() {
            return switch (this) {
                case STRING, IDENTIFIER, ENUM, SECRET -> "string";
                case INTEGER -> "integer";
                case BOOLEAN -> "boolean";
                case IDENTIFIER_LIST, ENUM_LIST, STRING_LIST, OBJECT_LIST -> "array";
                case STRING_MAP, OBJECT -> "object";
            };
        }

        public boolean isList() {
            return this == IDENTIFIER_LIST || this == ENUM_LIST || this == STRING_LIST;
        }
    }

    public PropertySpec {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** True when changing this property from {@code have} to {@code want} needs a replace (drop and create). */
    public boolean needsReplace(Object want, Object have) {
        return !updatable || (replaceWhen != null && replaceWhen.test(want, have));
    }

    /** The field of an {@link Kind#OBJECT_LIST} item or of an {@link Kind#OBJECT}, if declared. */
    public java.util.Optional<PropertySpec> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public static Builder of(String name, Kind kind) {
        return new Builder(name, kind);
    }

    /** The canonical spelling of an enum value, or null when it is not allowed. */
    public String canonicalEnum(String value) {
        for (String v : enumValues) {
            if (v.equalsIgnoreCase(value)) return v;
        }
        return null;
    }

    public static final class Builder {
        private final String name;
        private final Kind kind;
        private boolean required;
        private boolean updatable = true;
        private boolean compared = true;
        private List<String> enumValues = List.of();
        private Long min;
        private Long max;
        private String references;
        private boolean container;
        private String description = "";
        private List<PropertySpec> fields = List.of();
        private String itemKey;
        private BiPredicate<Object, Object> replaceWhen;
        private boolean sequence;

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
            if (kind == Kind.SECRET) compared = false;
        }

        public Builder required() { required = true; return this; }
        /** Changing it needs a replace (drop and create). */
        public Builder immutable() { updatable = false; return this; }
        public Builder notCompared() { compared = false; return this; }
        public Builder values(String... values) { enumValues = List.of(values); return this; }
        public Builder range(long lo, long hi) { min = lo; max = hi; return this; }
        public Builder references(String type) { references = type; return this; }
        /** The referenced resource contains this one: when it is replaced, this one is created again with it. */
        public Builder container() { container = true; return this; }
        public Builder describe(String text) { description = text; return this; }
        /** The fields of each item of an {@link Kind#OBJECT_LIST}, or of an {@link Kind#OBJECT}. */
        public Builder fields(PropertySpec.Builder... specs) {
            fields = java.util.Arrays.stream(specs).map(PropertySpec.Builder::build).toList();
            return this;
        }
        /** The field that identifies an item of an {@link Kind#OBJECT_LIST} (unique; items compared by it). */
        public Builder keyedBy(String field) { itemKey = field; return this; }
        /** An updatable property whose changes matching {@code test(desired, live)} still need a replace. */
        public Builder replaceWhen(BiPredicate<Object, Object> test) { replaceWhen = test; return this; }

        /** A list whose order matters and whose entries may repeat; see {@link PropertySpec#sequence()}. */
        public Builder sequence() { sequence = true; return this; }

        public PropertySpec build() {
            if ((kind == Kind.ENUM || kind == Kind.ENUM_LIST) && enumValues.isEmpty()) {
                throw new IllegalStateException(name + ": enum without values");
            }
            if (kind == Kind.OBJECT_LIST && fields.isEmpty()) throw new IllegalStateException(name + ": object list without fields");
            if (kind == Kind.OBJECT && fields.isEmpty()) throw new IllegalStateException(name + ": object without fields");
            if (kind == Kind.OBJECT && itemKey != null) throw new IllegalStateException(name + ": an object has no item key");
            if (itemKey != null && fields.stream().noneMatch(f -> f.name().equals(itemKey))) {
                throw new IllegalStateException(name + ": item key " + itemKey + " is not a field");
            }
            return new PropertySpec(name.toLowerCase(Locale.ROOT), kind, required, updatable, compared, enumValues,
                    min, max, references, container, description, fields, itemKey, replaceWhen, sequence);
        }
    }
}
