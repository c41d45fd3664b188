package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.testing.fakeui.FakeUiProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A provider's own secret settings (from its description) are refused in plain text, on read and on write. */
class ConnectionStoreSecretsTest {
    @TempDir
    Path tmp;

    private ConnectionStore store() {
        return new ConnectionStore(tmp.resolve("connections.yaml"),
                new ProviderRegistry(List.of(new PostgresProvider(), new FakeUiProvider())));
    }

    @Test
    void aDescribedSecretInPlainTextIsRefusedWhenRead() throws Exception {
        Files.writeString(tmp.resolve("connections.yaml"), """
                connections:
                  f1:
                    type: fakeapi
                    api_key: plain-text-key-123
                """);
        assertThatThrownBy(() -> store().load()).isInstanceOf(StackException.class)
                .hasMessageContaining("connections.f1.api_key");
    }

    @Test
    void aDescribedSecretInPlainTextIsNeverWritten() {
        ConnectionProfile p = new ConnectionProfile("f1", "fakeapi", Map.of("api_key", "plain-text-key-123"));
        assertThatThrownBy(() -> store().save(List.of(p))).isInstanceOf(StackException.class)
                .hasMessageContaining("connections.f1.api_key");
        assertThat(tmp.resolve("connections.yaml")).doesNotExist();
    }
}
