package dev.mlpc.core.run;

import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretResolver;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Output placeholders in statements: detected, never confused with secret references, filled in at apply time. */
class StatementOutputsTest {
    private static final Statement.OutputLookup KNOWN = ref -> switch (ref.id()) {
        case "sagemaker.domain.ml-domain.DomainId" -> "d-abc123";
        case "fakeapi.widget.w.1.Size" -> 7L;
        default -> null;
    };

    @Test
    void placeholdersAreFoundInNestedRequestMapsAndNotInSecretReferences() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("DomainId", Statement.output(new ResourceKey("sagemaker.domain", "ml-domain"), "DomainId"));
        request.put("Secret", "${env:TOKEN}");
        request.put("Tags", List.of(Map.of("Key", "size", "Value", "${fakeapi.widget.w.1.Size}")));
        request.put("Other", "${keychain:mlpc/x}");
        Statement st = Statement.withOutputs(Map.of("operation", "CreateUserProfile", "request", request));

        assertThat(request.get("DomainId")).isEqualTo("${sagemaker.domain.ml-domain.DomainId}");
        assertThat(st.outputs()).extracting(Statement.OutputRef::id)
                .containsExactly("sagemaker.domain.ml-domain.DomainId", "fakeapi.widget.w.1.Size");
        assertThat(st.outputs().get(1).resource()).isEqualTo(new ResourceKey("fakeapi.widget", "w.1"));
    }

    @Test
    void bindingReplacesPlaceholdersKeepingTypesAndTheDisplayForm() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("DomainId", "${sagemaker.domain.ml-domain.DomainId}");
        request.put("Size", "${fakeapi.widget.w.1.Size}");
        request.put("Note", "domain ${sagemaker.domain.ml-domain.DomainId} of size ${fakeapi.widget.w.1.Size}");
        request.put("Secret", "${env:TOKEN}");
        Statement st = Statement.withOutputs(Map.of("request", request));

        Object bound = st.bindOutputs(st.executable(SecretResolver.NONE), KNOWN);

        assertThat(bound).isEqualTo(Map.of("request", Map.of("DomainId", "d-abc123", "Size", 7L,
                "Note", "domain d-abc123 of size 7", "Secret", "${env:TOKEN}")));
        assertThat(st.display().toString()).contains("${sagemaker.domain.ml-domain.DomainId}").doesNotContain("d-abc123");
    }

    @Test
    void sqlTextIsBoundThroughTheDialectsLiteralQuotingOnly() throws Exception {
        Statement st = Statement.withOutputs("COMMENT ON ROLE r IS ${sagemaker.domain.ml-domain.DomainId}",
                v -> dev.mlpc.providers.postgres.PgSql.literal(String.valueOf(v)));
        assertThat(st.bindOutputs(st.display(), KNOWN)).isEqualTo("COMMENT ON ROLE r IS 'd-abc123'");
        // a value the system returned stays one literal
        assertThat(st.bindOutputs(st.display(), ref -> "x'; DROP ROLE r; --"))
                .isEqualTo("COMMENT ON ROLE r IS 'x''; DROP ROLE r; --'");
        assertThatThrownBy(() -> Statement.withOutputs("COMMENT ON ROLE r IS '${sagemaker.domain.ml-domain.DomainId}'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("literal");
    }

    @Test
    void aStatementNotBuiltWithOutputsIsNeverSearched() throws Exception {
        Statement st = Statement.of("COMMENT ON ROLE r IS '${sagemaker.domain.ml-domain.DomainId}'");
        assertThat(st.needsOutputs()).isFalse();
        assertThat(st.bindOutputs(st.display(), ref -> null)).isEqualTo(st.display());
    }

    @Test
    void aMissingOutputNamesThePlaceholderAndTheResource() {
        Statement st = Statement.withOutputs(Map.of("UserProfile", "${sagemaker.domain.gone.DomainId}"));
        assertThatThrownBy(() -> st.bindOutputs(st.display(), KNOWN))
                .isInstanceOf(Statement.MissingOutputException.class)
                .hasMessage("${sagemaker.domain.gone.DomainId}: no earlier statement returned output DomainId of sagemaker.domain gone");
    }
}
