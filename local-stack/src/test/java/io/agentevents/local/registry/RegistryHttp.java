package io.agentevents.local.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** A raw HTTP client for the registry's REST API, for tests: plain java.net.http and Jackson. */
final class RegistryHttp {
    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One answer: status, content type, body text, and the body as JSON when it is JSON. */
    record Reply(int status, Optional<String> contentType, String text, JsonNode json, HttpResponse<String> raw) {
        int errorCode() {
            return json.path("error_code").asInt(-1);
        }

        String message() {
            return json.path("message").asText("");
        }
    }

    private final String baseUrl;
    private final String userInfo;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RegistryHttp(String baseUrl) {
        this(baseUrl, null);
    }

    /** Sends every request with HTTP basic auth as {@code user:password}; null sends none. */
    RegistryHttp(String baseUrl, String userInfo) {
        this.baseUrl = baseUrl;
        this.userInfo = userInfo;
    }

    /** The same registry, as another user. */
    RegistryHttp as(String otherUserInfo) {
        return new RegistryHttp(baseUrl, otherUserInfo);
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    Reply post(String path, JsonNode body) {
        return send("POST", path, body.toString(), V1_JSON);
    }

    Reply put(String path, JsonNode body) {
        return send("PUT", path, body.toString(), V1_JSON);
    }

    /** Registers an Avro schema under a subject (raw, unencoded subject name is encoded here). */
    Reply register(String subject, String avro) {
        return post("/subjects/" + encode(subject) + "/versions", schemaBody(avro));
    }

    Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (userInfo != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(response.body());
            } catch (IOException e) {
                json = MAPPER.missingNode();
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(),
                    json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static ObjectNode schemaBody(String avro) {
        return MAPPER.createObjectNode().put("schema", avro);
    }

    static ObjectNode json(String field, String value) {
        return MAPPER.createObjectNode().put(field, value);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percent-encodes one path segment (spaces as %20, '/' as %2F). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A record schema named {@code name} with int fields {@code fields}. */
    static String record(String name, String... fields) {
        StringBuilder json = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            json.append(i == 0 ? "" : ",").append(fields[i]);
        }
        return json.append("]}").toString();
    }

    static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }

    static String fieldWithDefault(String name, String type, String defaultJson) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"default\":" + defaultJson + "}";
    }
}
