package dev.mlpc.core.spec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A small type catalog for core tests: a provider "t" with a few kinds that refer to each other. */
public final class TestCatalog implements TypeCatalog {
    private final Map<String, ResourceType> types = new LinkedHashMap<>();

    public TestCatalog() {
        add(ResourceType.builder("t.role").describe("a role")
                .property(PropertySpec.of("login", PropertySpec.Kind.BOOLEAN))
                .property(PropertySpec.of("password", PropertySpec.Kind.SECRET))
                .property(PropertySpec.of("member_of", PropertySpec.Kind.IDENTIFIER_LIST).references("t.role")));
        add(ResourceType.builder("t.db").describe("a database")
                .property(PropertySpec.of("owner", PropertySpec.Kind.IDENTIFIER).references("t.role"))
                .property(PropertySpec.of("encoding", PropertySpec.Kind.STRING).immutable())
                .property(PropertySpec.of("connection_limit", PropertySpec.Kind.INTEGER).range(-1, 1000))
                .property(PropertySpec.of("kind", PropertySpec.Kind.ENUM).values("SMALL", "LARGE"))
                .property(PropertySpec.of("tags", PropertySpec.Kind.STRING_MAP))
                .check((r, sink) -> {
                    if ("forbidden".equals(r.string("owner"))) sink.problem(r, "owner", "may not be forbidden");
                }));
        add(ResourceType.builder("t.schema")
                .property(PropertySpec.of("db", PropertySpec.Kind.IDENTIFIER).required().immutable().references("t.db").container())
                .property(PropertySpec.of("privileges", PropertySpec.Kind.ENUM_LIST).values("USAGE", "CREATE")));
        add(ResourceType.builder("t.table")
                .property(PropertySpec.of("columns", PropertySpec.Kind.OBJECT_LIST).required().keyedBy("name")
                        .fields(PropertySpec.of("name", PropertySpec.Kind.IDENTIFIER).required(),
                                PropertySpec.of("type", PropertySpec.Kind.STRING).required(),
                                PropertySpec.of("nullable", PropertySpec.Kind.BOOLEAN))
                        .replaceWhen(TestCatalog::typeChanged)));
    }

    /**
     * The catalog with one more type whose properties are objects inside objects, three levels deep, shaped like
     * SageMaker's {@code default_user_settings}: {@code t.domain} with {@code settings.sharing.retention.days}.
     */
    public static TestCatalog withObjects() {
        TestCatalog c = new TestCatalog();
        c.add(ResourceType.builder("t.domain").describe("a domain with nested settings")
                .property(PropertySpec.of("auth_mode", PropertySpec.Kind.ENUM).values("IAM", "SSO").immutable())
                .property(PropertySpec.of("settings", PropertySpec.Kind.OBJECT).describe("default settings of users")
                        .fields(PropertySpec.of("execution_role", PropertySpec.Kind.STRING).required().describe("a role ARN"),
                                PropertySpec.of("security_groups", PropertySpec.Kind.STRING_LIST),
                                PropertySpec.of("sharing", PropertySpec.Kind.OBJECT).fields(
                                        PropertySpec.of("notebook_output", PropertySpec.Kind.ENUM).values("Allowed", "Disabled"),
                                        PropertySpec.of("s3_output_path", PropertySpec.Kind.STRING),
                                        PropertySpec.of("kms_key_id", PropertySpec.Kind.STRING).immutable(),
                                        PropertySpec.of("owner_role", PropertySpec.Kind.IDENTIFIER).references("t.role"),
                                        PropertySpec.of("token", PropertySpec.Kind.SECRET),
                                        PropertySpec.of("retention", PropertySpec.Kind.OBJECT).fields(
                                                PropertySpec.of("days", PropertySpec.Kind.INTEGER).required().range(1, 365),
                                                PropertySpec.of("mode", PropertySpec.Kind.ENUM).values("GOVERNANCE", "COMPLIANCE").immutable())),
                                PropertySpec.of("apps", PropertySpec.Kind.OBJECT_LIST).keyedBy("name").fields(
                                        PropertySpec.of("name", PropertySpec.Kind.IDENTIFIER).required(),
                                        PropertySpec.of("instance_type", PropertySpec.Kind.STRING)))));
        return c;
    }

    /** A column kept by name whose type differs: a replace (as a table's column type change is). */
    static boolean typeChanged(Object want, Object have) {
        if (!(want instanceof java.util.List<?> w) || !(have instanceof java.util.List<?> h)) return false;
        Map<Object, Object> types = new java.util.HashMap<>();
        h.forEach(c -> { if (c instanceof Map<?, ?> m) types.put(m.get("name"), m.get("type")); });
        return w.stream().anyMatch(c -> c instanceof Map<?, ?> m && types.containsKey(m.get("name"))
                && !java.util.Objects.equals(types.get(m.get("name")), m.get("type")));
    }

    private void add(ResourceType.Builder b) {
        ResourceType t = b.build();
        types.put(t.type(), t);
    }

    @Override
    public Optional<ResourceType> type(String type) { return Optional.ofNullable(types.get(type)); }

    @Override
    public Collection<ResourceType> types() { return types.values(); }

    @Override
    public String checkIdentifier(String provider, String name) {
        if (name.length() > 20) return "is " + name.length() + " characters; at most 20";
        if (name.equalsIgnoreCase("select")) return "'" + name + "' is a reserved word";
        return null;
    }
}
