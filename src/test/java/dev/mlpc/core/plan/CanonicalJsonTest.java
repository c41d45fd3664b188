package dev.mlpc.core.plan;

import dev.mlpc.core.spec.ResourceKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request documents (map statements) are written the same way in every JVM: keys sorted, numbers normalised. */
class CanonicalJsonTest {

    @Test
    void keysAreSortedAtEveryLevelAndNumbersOfAnyTypeWriteAlike() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 5);
        a.put("a", Map.of("y", 5.0, "x", List.of(new BigDecimal("1.50"), 2L, 0.1f)));
        Map<String, Object> b = new HashMap<>();
        b.put("a", Map.of("x", List.of(1.5, new BigInteger("2"), 0.1), "y", new BigDecimal("5.000")));
        b.put("b", 5L);
        assertThat(CanonicalJson.compact(a)).isEqualTo("{\"a\":{\"x\":[1.5,2,0.1],\"y\":5},\"b\":5}")
                .isEqualTo(CanonicalJson.compact(b));
        assertThat(CanonicalJson.compact(Map.of("n", new BigDecimal("1E+3"), "m", new BigDecimal("0.0000001"),
                "z", new BigDecimal("0.000"), "neg", -0.0)))
                .isEqualTo("{\"m\":0.0000001,\"n\":1000,\"neg\":0,\"z\":0}");
        assertThat(CanonicalJson.compact(Set.of("b", "a", "c"))).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(CanonicalJson.pretty(Map.of("k", List.of(1, 2), "e", Map.of())))
                .isEqualTo("{\n  \"e\" : { },\n  \"k\" : [ 1, 2 ]\n}");
    }

    @Test
    void valuesWithoutOneJsonFormAreRefusedNamingWhere() {
        assertThatThrownBy(() -> CanonicalJson.compact(Map.of("body", Map.of("ratio", Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.body.ratio");
        assertThatThrownBy(() -> CanonicalJson.compact(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.when").hasMessageContaining("not a JSON value");
        Map<Object, Object> clash = new LinkedHashMap<>();
        clash.put(1, "a");
        clash.put("1", "b");
        assertThatThrownBy(() -> CanonicalJson.compact(clash)).hasMessageContaining("\"1\"");
    }

    @Test
    void sqlPlansKeepTheirBytesAndOnlyKeysInsideRequestsAreSorted() {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("operation", "CreateDomain");
        req.put("request", Map.of("DomainName", "ml"));
        Change c = new Change(Action.CREATE, new ResourceKey("x.domain", "ml"), Safety.SAFE,
                List.of(Statement.of(req), Statement.of("CREATE ROLE \"r\"")), Set.of(), "");
        Plan p = new Plan("s", "x", List.of(c), List.of(), true);
        String json = p.toJson();
        // the plan's own field order is the contract's, not sorted
        assertThat(json.indexOf("\"stack\"")).isLessThan(json.indexOf("\"summary\""));
        assertThat(json.indexOf("\"summary\"")).isLessThan(json.indexOf("\"changes\""));
        assertThat(json.indexOf("\"changes\"")).isLessThan(json.indexOf("\"warnings\""));
        assertThat(json.indexOf("\"create\"")).isLessThan(json.indexOf("\"update\""));
        assertThat(json).contains("\"CREATE ROLE \\\"r\\\"\"")
                .contains("{\n      \"operation\" : \"CreateDomain\",\n      \"request\" : {\n        \"DomainName\" : \"ml\"\n      }\n    }");
        assertThat(p.toText()).contains("    {\"operation\":\"CreateDomain\",\"request\":{\"DomainName\":\"ml\"}}\n");
    }

    @Test
    void thePlanDocumentHashesTheSameInTwoJvmsWithOtherMapsAndNumberTypes() throws Exception {
        Plan here = RequestPlanMain.plan(false);
        List<String> a = run("2", "a");
        List<String> b = run("5", "b");
        // the two programs really hold their documents differently: another HashMap order, other number types
        assertThat(a.get(1)).isNotEqualTo(b.get(1));
        assertThat(RequestPlanMain.plan(false).changes().get(0).statements().get(0).display())
                .isNotEqualTo(RequestPlanMain.plan(true).changes().get(0).statements().get(0).display());
        // and write the same bytes, with the same hash, here and in both child JVMs
        assertThat(a.get(0)).isEqualTo(here.sha256()).isEqualTo(b.get(0));
        assertThat(String.join("\n", a.subList(2, a.size())) + "\n").isEqualTo(here.toJson());
        assertThat(String.join("\n", b.subList(2, b.size())) + "\n").isEqualTo(here.toJson());
        assertThat(here.toJson()).contains("\"big\" : 123456789012345678901234567890,")
                .contains("\"Key1\" : 1,").contains("\"Key4\" : [ \"cost-centre\", \"env\", \"owner\", \"team\" ]")
                .contains("\"ratio\" : 0.25,");
    }

    @Test
    void theGeneratedRequestDocumentIsCanonicalToo() {
        String a = CanonicalJson.requestDocument(RequestPlanMain.plan(false));
        assertThat(a).isEqualTo(CanonicalJson.requestDocument(RequestPlanMain.plan(true))).endsWith("}\n")
                .startsWith("{\n  \"changes\" : [ {\n    \"action\" : \"create\",\n    \"name\" : \"ml\",\n    \"statements\" : [ {")
                .contains("\"stack\" : \"s\"");
    }

    /** Runs {@link RequestPlanMain} in a new JVM with another identity hash code algorithm. */
    private static List<String> run(String hashCodeMode, String variant) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=" + hashCodeMode,
                "-cp", System.getProperty("java.class.path"), RequestPlanMain.class.getName(), variant));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }
}
