package dev.mlpc.providers.datashare;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An azure-core {@link HttpClient} answering from a script, for ArmClient tests without a server: each request is
 * recorded (method, URL, Authorization header) and answered by the handler.
 */
final class FakeArm implements HttpClient {
    record Seen(String method, String url, String authorization, String body) { }

    record Answer(int status, String body, HttpHeaders headers) {
        static Answer of(int status, String body, String... headers) {
            HttpHeaders h = new HttpHeaders();
            for (int i = 0; i < headers.length; i += 2) h.set(HttpHeaderName.fromString(headers[i]), headers[i + 1]);
            return new Answer(status, body, h);
        }
    }

    static final String ENDPOINT = "https://arm.test/";
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final Function<HttpRequest, Answer> handler;

    FakeArm(Function<HttpRequest, Answer> handler) {
        this.handler = handler;
    }

    /** An ArmClient over this fake with the production pipeline and a fixed token. */
    ArmClient client() {
        TokenCredential token = ctx -> Mono.just(new AccessToken("fake-token", OffsetDateTime.now().plusHours(1)));
        return new ArmClient(DataShareConnector.pipeline(this, token, ENDPOINT + ".default", URI.create(ENDPOINT)), URI.create(ENDPOINT), "fl-azure");
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendSync(request, com.azure.core.util.Context.NONE));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, com.azure.core.util.Context context) {
        String body = request.getBodyAsBinaryData() == null ? null : request.getBodyAsBinaryData().toString();
        seen.add(new Seen(request.getHttpMethod().name(), request.getUrl().toString(),
                request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION), body));
        Answer a = handler.apply(request);
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders(a.headers());
        if (a.body() != null) headers.set(HttpHeaderName.CONTENT_TYPE, "application/json");
        return new HttpResponse(request) {
            @Override public int getStatusCode() { return a.status(); }
            @Override public String getHeaderValue(String name) { return headers.getValue(HttpHeaderName.fromString(name)); }
            @Override public HttpHeaders getHeaders() { return headers; }
            @Override public Flux<ByteBuffer> getBody() { return Flux.just(ByteBuffer.wrap(bytes)); }
            @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.just(bytes); }
            @Override public Mono<String> getBodyAsString() { return Mono.just(new String(bytes, StandardCharsets.UTF_8)); }
            @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.just(new String(bytes, charset)); }
        };
    }
}
