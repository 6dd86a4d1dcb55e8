package io.agentevents.local.registry;

import io.agentevents.local.registry.ApiBodies.ErrorBody;
import io.agentevents.local.registry.ApiBodies.RawJson;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP edge: turns an exchange into a {@link Router.Request}, runs the endpoint and writes
 * the JSON answer with Confluent's media type; every failure becomes Confluent's error body
 * {@code {"error_code": ..., "message": ...}}. Bodies are read into memory up to
 * {@value #MAX_BODY_BYTES} bytes (more is 413); path segments are percent-decoded one by one and
 * are only ever names (nothing here touches the file system). When users are configured, a request
 * without valid basic-auth credentials gets 401 with Confluent's body
 * {@code {"error_code": 401, "message": "Unauthorized"}} and a {@code WWW-Authenticate} challenge,
 * before anything else is looked at (when the credentials must be checked against Kafka and Kafka
 * does not answer, HTTP 500 with error code 50002); credentials are never logged. Stateless apart
 * from the login cache of {@link BasicAuthCheck}; thread-safe.
 */
record HttpFront(Router router, ObjectMapper mapper, BasicAuthCheck auth) implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    /** Largest request body accepted: 1 MiB. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How much of an oversized body is read and discarded so the client can read the 413. */
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_CONTENT_TYPES = Set.of("application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        try {
            Object answer;
            int status = 200;
            try {
                answer = dispatch(exchange, method, rawPath);
            } catch (RegistryException e) {
                status = e.status();
                answer = new ErrorBody(e.errorCode(), e.getMessage());
                if (status >= 500) {
                    LOG.warn("{} {} answered {} {}: {}", method, rawPath, status, e.errorCode(), e.getMessage());
                }
                if (status == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", BasicAuthCheck.CHALLENGE);
                    LOG.debug("{} {} answered 401: missing or wrong credentials", method, rawPath);
                }
                if (status == 405) {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", router.methodsFor(segments(rawPath))));
                }
            } catch (RuntimeException e) {
                // a bug, not bad input: answer like Confluent does for unexpected errors, and log it
                LOG.error("{} {} failed unexpectedly", method, rawPath, e);
                status = 500;
                answer = new ErrorBody(RegistryException.STORE_ERROR, "Internal error: " + e);
            }
            send(exchange, method, status, answer);
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away: {}", method, rawPath, e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private Object dispatch(HttpExchange exchange, String method, String rawPath) throws IOException {
        if (auth.required() && !authenticated(exchange)) {
            drain(exchange.getRequestBody(), MAX_DRAIN_BYTES);
            throw RegistryException.unauthorized();
        }
        List<String> path = segments(rawPath);
        Optional<Router.Match> match = router.match(method, path);
        if (match.isEmpty()) {
            drain(exchange.getRequestBody(), MAX_DRAIN_BYTES);
            if (router.methodsFor(path).isEmpty()) {
                throw RegistryException.notFound(method, rawPath);
            }
            throw RegistryException.methodNotAllowed(method, rawPath);
        }
        JsonNode body = null;
        if (method.equals("POST") || method.equals("PUT")) {
            body = readBody(exchange);
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        return match.get().endpoint().handle(new Router.Request(method, rawPath, match.get().pathParameters(), query, body));
    }

    /** Whether the request's credentials are good; draining the body first when they could not be checked. */
    private boolean authenticated(HttpExchange exchange) throws IOException {
        try {
            return auth.authenticate(exchange.getRequestHeaders().getFirst("Authorization")).isPresent();
        } catch (RegistryException e) {
            drain(exchange.getRequestBody(), MAX_DRAIN_BYTES);
            throw e;
        }
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.isBlank()) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!ACCEPTED_CONTENT_TYPES.contains(mediaType)) {
                drain(in, MAX_DRAIN_BYTES);
                throw RegistryException.unsupportedMediaType(contentType);
            }
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > MAX_BODY_BYTES) {
            if (parseLength(declared) <= MAX_DRAIN_BYTES) {
                drain(in, MAX_DRAIN_BYTES);
            }
            throw RegistryException.bodyTooLarge(MAX_BODY_BYTES);
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            drain(in, MAX_DRAIN_BYTES);
            throw RegistryException.bodyTooLarge(MAX_BODY_BYTES);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw RegistryException.badRequest("Malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }

    private void send(HttpExchange exchange, String method, int status, Object answer) throws IOException {
        byte[] bytes = answer instanceof RawJson raw ? raw.json().getBytes(StandardCharsets.UTF_8)
                : mapper.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The percent-decoded segments of a raw path; a trailing {@code /} is ignored.
     *
     * @throws RegistryException 400 for a malformed escape or bytes that are not UTF-8
     */
    static List<String> segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of();
        }
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : trimmed.split("/", -1)) {
            segments.add(percentDecode(raw));
        }
        return segments;
    }

    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw RegistryException.badRequest("Malformed percent-encoding in path segment '" + raw + "'");
                }
                bytes.put((byte) ((Character.digit(raw.charAt(i + 1), 16) << 4) + Character.digit(raw.charAt(i + 2), 16)));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw RegistryException.badRequest("Path segment '" + raw + "' does not decode to UTF-8 text");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw RegistryException.badRequest("Malformed query parameter '" + pair + "': " + e.getMessage());
            }
        }
        return query;
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw RegistryException.badRequest("Malformed Content-Length '" + declared + "'");
        }
    }

    /** Reads and discards up to {@code limit} bytes, so the client gets to read the answer. */
    private static void drain(InputStream in, long limit) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[8192];
        int read;
        while (skipped < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - skipped))) >= 0) {
            skipped += read;
        }
    }
}
