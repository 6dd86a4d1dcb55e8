package io.agentevents.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one JSON request to the registry and answers the JSON body of a 2xx answer, or throws a
 * {@link SchemaRegistryException}. Tries the base URLs in turn, starting from the last one that
 * answered, when one cannot be reached; each try is bounded by the connect timeout plus the
 * request timeout. Thread-safe.
 */
final class RegistryTransport {

    /** The media type of the registry API, version 1. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's own client accepts, most preferred first. */
    static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final int MAX_QUOTED_BODY = 300;

    private final List<String> bases;
    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Optional<String> authorization;
    private final ObjectMapper json;
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryTransport(SchemaRegistryConfig config, ObjectMapper json) {
        this.bases = config.urls().stream().map(RegistryTransport::withoutTrailingSlash).toList();
        this.connectTimeout = config.connectTimeout();
        this.requestTimeout = config.requestTimeout();
        this.authorization = config.basicAuthUserInfo().map(info -> "Basic "
                + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The base URLs, as they appear in messages. */
    List<String> bases() {
        return bases;
    }

    /**
     * A 2xx answer.
     *
     * @param base    the base URL that answered
     * @param request the request, e.g. {@code GET /schemas/ids/7}
     * @param subject the subject the request was about, or null
     * @param status  the HTTP status
     * @param body    the parsed body ({@code MissingNode} when empty)
     */
    record Answer(String base, String request, String subject, int status, JsonNode body) {

        /** An error for an answer that cannot be understood. */
        SchemaRegistryException bad(String problem, Throwable cause) {
            return new SchemaRegistryException(SchemaRegistryException.Kind.BAD_RESPONSE,
                    "schema registry " + base + ": " + request + (subject == null ? "" : " (subject " + subject + ")")
                            + " answered HTTP " + status + " but " + problem,
                    status, 0, subject, cause);
        }
    }

    /**
     * Sends the request and answers the parsed body of a 2xx answer.
     *
     * @param method  GET, POST or PUT
     * @param path    the encoded path from the API root, with any query, e.g. {@code /schemas/ids/7}
     * @param body    the JSON body, or null for none
     * @param subject the subject the request is about, or null; named in errors
     */
    Answer send(String method, String path, JsonNode body, String subject) {
        String request = method + " " + path;
        int start = preferred.get();
        List<String> failures = new ArrayList<>(bases.size());
        IOException lastFailure = null;
        for (int i = 0; i < bases.size(); i++) {
            int index = (start + i) % bases.size();
            String base = bases.get(index);
            HttpResponse<String> response;
            try {
                response = exchange(build(base, method, path, body));
            } catch (IOException e) {
                String reason = describe(e);
                failures.add(base + " (" + reason + ")");
                lastFailure = e;
                if (i + 1 < bases.size()) {
                    LOG.warn("schema registry {} unreachable ({}); trying {}", base, reason,
                            bases.get((index + 1) % bases.size()));
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(SchemaRegistryException.Kind.INTERRUPTED,
                        "interrupted while waiting for schema registry " + base + " to answer " + request
                                + (subject == null ? "" : ", subject " + subject), 0, 0, subject, e);
            }
            preferred.set(index);
            return answer(base, request, subject, response);
        }
        String where = bases.size() == 1
                ? "schema registry " + bases.get(0) + " unreachable: " + describe(lastFailure)
                : "schema registry unreachable at every address: " + String.join(", ", failures);
        throw new SchemaRegistryException(SchemaRegistryException.Kind.UNREACHABLE,
                where + "; request " + request + (subject == null ? "" : ", subject " + subject),
                0, 0, subject, lastFailure);
    }

    private HttpRequest build(String base, String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write request body " + body, e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder.build();
    }

    /** One exchange, bounded by connect + request timeout even if the body trickles in. */
    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return future.get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + connectTimeout.plus(requestTimeout).toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private Answer answer(String base, String request, String subject, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            try {
                return new Answer(base, request, subject, status, json.readTree(body));
            } catch (JsonProcessingException e) {
                throw new Answer(base, request, subject, status, null).bad("the body is not JSON: " + quote(body), e);
            }
        }
        int errorCode = 0;
        String message = body.isBlank() ? "(no message)" : quote(body);
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(0);
                if (error.hasNonNull("message")) {
                    message = error.get("message").asText();
                }
            }
        } catch (JsonProcessingException e) {
            // not Confluent's JSON error (a proxy's HTML page, say): the raw body is the message
        }
        throw SchemaRegistryException.httpError(base, request, subject, status, errorCode, message);
    }

    /** Why an address could not be reached, in a few words. */
    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + connectTimeout.toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        if (e instanceof ConnectException) {
            String detail = firstMessage(e);
            return detail == null || detail.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused" : "cannot connect: " + detail;
        }
        String detail = firstMessage(e);
        return e.getClass().getSimpleName() + (detail == null ? "" : ": " + detail);
    }

    private static String firstMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static String quote(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return "'" + (flat.length() > MAX_QUOTED_BODY ? flat.substring(0, MAX_QUOTED_BODY) + "..." : flat) + "'";
    }

    private static String withoutTrailingSlash(URI url) {
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
