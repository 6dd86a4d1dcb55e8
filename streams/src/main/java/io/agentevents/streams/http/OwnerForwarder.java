package io.agentevents.streams.http;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * Finds which instance owns a key (Kafka Streams metadata, {@code application.server}) and asks
 * that instance, asynchronously, once: a forwarded request carries {@code forwarded=1} and is never
 * forwarded again (a key moving between instances answers 503). The HTTP client is made at the first
 * forward, so a single instance never builds one. With a TLS context the owner is asked over HTTPS,
 * trusting that context's certificates (the instances serve TLS together or not at all). Thread-safe.
 */
final class OwnerForwarder {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ObjectMapper json = new ObjectMapper();
    private final Optional<SSLContext> tls;
    private volatile HttpClient http;

    OwnerForwarder(KafkaStreams streams, HostInfo self, Optional<SSLContext> tls) {
        this.streams = streams;
        this.self = self;
        this.tls = tls;
    }

    /** Where this instance is reached, {@code host:port}. */
    String self() {
        return self.host() + ":" + self.port();
    }

    /** The other instances of the application that serve the query API (as Kafka Streams knows them now). */
    List<HostInfo> others() {
        List<HostInfo> hosts = new ArrayList<>();
        for (var client : streams.metadataForAllStreamsClients()) {
            HostInfo host = client.hostInfo();
            if (!host.equals(self) && !hosts.contains(host) && host.port() > 0) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /**
     * The owner of {@code key} in {@code storeName}: empty when it is this instance, a 503 when no
     * owner is known yet.
     */
    Optional<HostInfo> owner(String storeName, String key) throws NotReady {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReady("the owner of " + storeName + " key '" + key + "' is not known yet (" + streams.state()
                    + "); retry shortly");
        }
        HostInfo owner = metadata.activeHost();
        return owner.equals(self) ? Optional.empty() : Optional.of(owner);
    }

    /** Asks {@code owner} for {@code path} with {@code parameters}; 503 when it cannot be asked. */
    CompletableFuture<ApiResponse> forward(HostInfo owner, String path, QueryParameters parameters, Duration timeout) {
        if (parameters.has("forwarded")) {
            return CompletableFuture.completedFuture(ApiResponse.notReady("the key is moving between instances; retry shortly"));
        }
        StringBuilder uri = new StringBuilder(tls.isPresent() ? "https://" : "http://").append(owner.host()).append(':').append(owner.port()).append(path)
                .append("?forwarded=1");
        parameters.query().forEach((name, value) -> uri.append('&').append(QueryParameters.encode(name)).append('=')
                .append(QueryParameters.encode(value)));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(timeout).GET();
        parameters.authorization().ifPresent(header -> builder.header("Authorization", header.value())); // the caller's, checked again there
        HttpRequest request = builder.build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    Map<String, String> headers = new HashMap<>();
                    response.headers().firstValue("Retry-After").ifPresent(value -> headers.put("Retry-After", value));
                    try {
                        return new ApiResponse(response.statusCode(), json.readTree(response.body()), headers);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .exceptionally(error -> ApiResponse.notReady("the owning instance " + owner.host() + ":" + owner.port()
                        + " did not answer (" + rootMessage(error) + "); retry shortly"));
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
                    tls.ifPresent(builder::sslContext);
                    http = builder.build();
                }
                client = http;
            }
        }
        return client;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** No owner is known for a key yet: the API answers 503. */
    static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        NotReady(String message) {
            super(message, null, false, false);
        }
    }
}
