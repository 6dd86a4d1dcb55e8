package io.agentevents.schemas.registry;

import io.agentevents.schemas.connection.BasicCredentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one JSON request to the registry and answers the JSON body of a 2xx answer, or throws a
 * {@link SchemaRegistryException}. Tries the base URLs in turn, starting from the last one that
 * answered, when one cannot be reached; each try is bounded by the connect timeout plus the
 * request timeout. Thread-safe.
 *
 * <p>Speaks HTTP/1.1 through the JDK's {@link HttpURLConnection} (kept-alive connections are
 * reused), with no proxy. An {@code http://} registry costs no TLS set-up at all: TLS classes, the
 * default {@code SSLContext} and its trust store are touched only by an {@code https://} URL, which
 * trusts {@link SchemaRegistryConfig#trustStore()} when given (read once, here), else the JVM's
 * default trust. A failed TLS handshake is reported as such, naming the trust store setting.
 * {@code java.net.http.HttpClient} made its default
 * {@code SSLContext} and its selector and worker threads for every client, even for plain HTTP.
 */
final class RegistryTransport {

    /** The media type of the registry API, version 1. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's own client accepts, most preferred first. */
    static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final int MAX_QUOTED_BODY = 300;

    private final List<String> bases;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Optional<String> authorization;
    private final Optional<SSLSocketFactory> tls;
    private final boolean trustStoreGiven;
    private final ObjectMapper json;
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryTransport(SchemaRegistryConfig config, ObjectMapper json) {
        this.bases = config.urls().stream().map(RegistryTransport::withoutTrailingSlash).toList();
        this.connectTimeout = config.connectTimeout();
        this.requestTimeout = config.requestTimeout();
        this.authorization = config.basicAuthUserInfo().map(info -> BasicCredentials.header(info.value()));
        this.trustStoreGiven = config.trustStore().isPresent();
        this.tls = bases.stream().anyMatch(base -> base.regionMatches(true, 0, "https:", 0, 6))
                ? config.trustStore().map(store -> store.trustingContext().getSocketFactory()) : Optional.empty();
        this.json = json;
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
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(base, request, subject, null);
            }
            Response response;
            try {
                response = exchange(base, method, path, body);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(base, request, subject, e);
                }
                String reason = describe(e);
                failures.add(base + " (" + reason + ")");
                lastFailure = e;
                if (i + 1 < bases.size()) {
                    LOG.warn("schema registry {} unreachable ({}); trying {}", base, reason,
                            bases.get((index + 1) % bases.size()));
                }
                continue;
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

    /**
     * The calling thread was interrupted. Blocking socket I/O does not notice an interrupt, so one
     * that arrives during an exchange takes effect when the exchange ends (within its bound).
     */
    private static SchemaRegistryException interrupted(String base, String request, String subject, Throwable cause) {
        return new SchemaRegistryException(SchemaRegistryException.Kind.INTERRUPTED,
                "interrupted while waiting for schema registry " + base + " to answer " + request
                        + (subject == null ? "" : ", subject " + subject), 0, 0, subject, cause);
    }

    /** A status and the body as text. */
    private record Response(int status, String body) {
    }

    /** The connection could not be opened within the connect timeout. */
    private static final class ConnectTimeout extends SocketTimeoutException {
        ConnectTimeout(String message) {
            super(message);
        }
    }

    /** The answer did not come, or not completely, within the request timeout. */
    private static final class AnswerTimeout extends SocketTimeoutException {
        AnswerTimeout(String message) {
            super(message);
        }
    }

    /**
     * One exchange with one base URL: connect (bounded by the connect timeout), send, read the whole
     * answer (each read bounded by the request timeout, and the whole exchange by connect + request
     * timeout even if the answer trickles in: a deadline closes the connection).
     */
    private Response exchange(String base, String method, String path, JsonNode body) throws IOException {
        byte[] payload = body == null ? null : bodyBytes(body);
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            tls.ifPresent(https::setSSLSocketFactory);
        }
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(requestTimeout));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(method);
        connection.setRequestProperty("Accept", ACCEPT);
        authorization.ifPresent(value -> connection.setRequestProperty("Authorization", value));
        if (payload != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", CONTENT_TYPE);
        }
        long budget = connectTimeout.plus(requestTimeout).toMillis();
        CompletableFuture<Boolean> deadline = new CompletableFuture<Boolean>().completeOnTimeout(Boolean.TRUE, budget,
                TimeUnit.MILLISECONDS);
        deadline.thenAccept(expired -> {
            if (expired) {
                connection.disconnect(); // unblocks a read that would outlast the bound
            }
        });
        try {
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeout("connect timed out after " + connectTimeout.toMillis() + " ms");
            }
            if (payload != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(payload);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer;
            if (in == null) {
                answer = new byte[0];
            } else {
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new Response(status, new String(answer, StandardCharsets.UTF_8));
        } catch (IOException e) {
            connection.disconnect();
            if (e instanceof ConnectTimeout || !deadline.getNow(Boolean.FALSE)) {
                throw e;
            }
            throw new AnswerTimeout("no complete answer within " + budget + " ms");
        } finally {
            deadline.complete(Boolean.FALSE); // cancels the deadline's timer
        }
    }

    private byte[] bodyBytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write request body " + body, e);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private Answer answer(String base, String request, String subject, Response response) {
        int status = response.status();
        String body = response.body();
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
        if (e instanceof ConnectTimeout) {
            return "connect timed out after " + connectTimeout.toMillis() + " ms";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + firstMessage(t) + "); "
                        + (trustStoreGiven ? "does " + SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION + " hold the registry's certificate?"
                        : "to trust the registry's certificate set " + SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION
                        + " (EVENTBUS_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION) and its password");
            }
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
