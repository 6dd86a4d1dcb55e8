package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.V1_JSON;
import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.record;
import static io.agentevents.local.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.agentevents.local.registry.RegistryHttp.Reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Hostile HTTP against the registry: path traversal, 10 kB ids and names, bad parameters, bodies
 * that are not JSON, a 20 MB body, wrong content types. Every answer is Confluent's JSON error
 * with the right status (never a 500, never a hang), nothing is stored, and the registry serves
 * the next good request. Complements {@link EmbeddedSchemaRegistryBadInputIT}.
 */
class EmbeddedSchemaRegistryHostileInputIT extends RegistryTestSupport {
    private static final String GOOD = record("R", field("a", "int"));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TWENTY_MB = 20 * 1024 * 1024;

    /** After every test: the registry still answers, and a good schema still registers. */
    @AfterEach
    void stillServing() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(http.get("/subjects").status()).isEqualTo(200);
            Reply registered = http.register(subject(), GOOD);
            assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        });
    }

    @Test
    void pathTraversalIsOnlyEverASubjectNameThatDoesNotExist() {
        for (String path : List.of("/subjects/..%2F..%2Fetc%2Fpasswd/versions", "/subjects/%2e%2e%2f%2e%2e%2fetc%2fpasswd/versions",
                "/subjects/..%5C..%5Cwindows%5Cwin.ini/versions", "/subjects/..%2F..%2Fetc%2Fpasswd/versions/1/schema")) {
            Reply reply = http.get(path);
            assertConfluentError(reply, 404, 40401);
            assertThat(reply.message()).as(path).doesNotContain("root:");
        }
        for (String path : List.of("/subjects/../../etc/passwd/versions", "/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd",
                "/schemas/ids/..%2F..%2Fetc%2Fpasswd", "/schemas/ids/../../../etc/passwd")) {
            Reply reply = http.get(path);
            assertThat(reply.status()).as(path + ": " + reply.text()).isEqualTo(404);
            assertThat(reply.errorCode()).as(path).isIn(404, 40403);
            assertThat(reply.text()).as(path).doesNotContain("root:");
        }
        assertConfluentError(http.get("/config/..%2F..%2Fetc%2Fpasswd"), 404, 40408);
        assertConfluentError(http.delete("/subjects/..%2F..%2Fetc%2Fpasswd"), 404, 40401);
        assertConfluentError(http.get("/subjects/..%2F..%2Fetc%2Fpasswd"), 405, 405); // only POST (lookup) and DELETE

        // registering under such a name stores a name, and nothing on disk
        String traversal = "../../hostile-registry-probe-" + System.nanoTime();
        Reply registered = http.register(traversal, GOOD);
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        assertThat(http.get("/subjects/" + RegistryHttp.encode(traversal) + "/versions").text()).isEqualTo("[1]");
        assertThat(Files.exists(Path.of(traversal))).isFalse();
    }

    @Test
    void tenKilobyteIdsVersionsAndNamesAreRefusedOrStoredAsNames() {
        String subject = subject();
        http.register(subject, GOOD);
        String digits = "9".repeat(10_000);
        assertConfluentError(http.get("/schemas/ids/" + digits), 404, 40403);
        assertConfluentError(http.get("/schemas/ids/" + digits + "/versions"), 404, 40403);
        assertConfluentError(http.get("/subjects/" + subject + "/versions/" + digits), 422, 42202);
        assertConfluentError(http.get("/subjects/" + subject + "/versions/" + "x".repeat(10_000)), 422, 42202);
        assertConfluentError(http.delete("/subjects/" + subject + "/versions/" + digits), 422, 42202);

        String longName = "s".repeat(10_000);
        assertConfluentError(http.get("/subjects/" + longName + "/versions"), 404, 40401);
        assertConfluentError(http.get("/config/" + longName), 404, 40408);
        Reply registered = http.register(longName, GOOD);
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        assertThat(http.get("/subjects/" + longName + "/versions").text()).isEqualTo("[1]");

        // 300 kB is still a name; past the JDK server's limit on a request's line and headers
        // (sun.net.httpserver.maxReqHeaderSize, 380 KiB) it closes the connection without an answer
        Reply big = http.get("/subjects/" + "s".repeat(300_000) + "/versions");
        assertThat(big.status()).isEqualTo(404);
        assertThat(big.errorCode()).isEqualTo(40401);
        assertThatThrownBy(() -> http.get("/subjects/" + "s".repeat(1_000_000) + "/versions"))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void badQueryParametersAreIgnoredOrRefusedWithAJsonError() {
        String subject = subject();
        http.register(subject, GOOD);
        for (String query : List.of("deleted=maybe", "deleted=" + "x".repeat(10_000), "deleted=true&deleted=false",
                "x=" + "y".repeat(10_000), "a=1&".repeat(2_000) + "b=2", "%C3%28=%FF", "deleted", "=", "&&&")) {
            Reply reply = http.get("/subjects?" + query);
            assertThat(reply.status()).as(query.substring(0, Math.min(60, query.length())) + ": " + reply.text())
                    .isIn(200, 400);
            if (reply.status() == 400) {
                assertConfluentError(reply, 400, 400);
            }
        }
        // a flag is true only when it says true (any case), as JAX-RS reads it
        assertConfluentError(http.delete("/subjects/" + subject + "?permanent=TRUE"), 422, 42205);
        Reply verbose = http.send("POST", "/compatibility/subjects/" + subject + "/versions/latest?verbose="
                + "v".repeat(10_000), schemaBody(GOOD).toString(), V1_JSON);
        assertThat(verbose.status()).as(verbose.text()).isEqualTo(200);
        Reply defaulted = http.get("/config/" + subject + "?defaultToGlobal=" + "z".repeat(10_000));
        assertThat(defaulted.status()).as(defaulted.text()).isIn(200, 404);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1]");
        Reply soft = http.delete("/subjects/" + subject + "?permanent=yes-please");
        assertThat(soft.text()).as("not true, so a soft delete").isEqualTo("[1]");
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").text()).isEqualTo("[1]");
    }

    @Test
    void bodiesThatAreNotJsonTextAreRefused() throws Exception {
        String subject = subject();
        String path = "/subjects/" + subject + "/versions";
        List<byte[]> bodies = List.of(
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE}, // not UTF-8
                "{\"schema\": \"\u0000\"}".getBytes(StandardCharsets.UTF_16), // another charset
                "{\"schema\": 1e99999999}".getBytes(StandardCharsets.UTF_8),
                ("{\"schema\": \"" + "\\u0041".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                ("{\"a\":".repeat(100_000)).getBytes(StandardCharsets.UTF_8),
                "\uFEFF{\"schema\": \"\\\"int\\\"\"".getBytes(StandardCharsets.UTF_8));
        for (byte[] body : bodies) {
            Reply reply = send("POST", path, body, V1_JSON);
            assertThat(reply.status()).as(reply.text()).isIn(400, 422);
            assertThat(reply.errorCode()).as(reply.text()).isIn(400, 42201);
            assertThat(reply.contentType()).contains(V1_JSON);
        }
        Reply subjects = http.get("/subjects");
        assertThat(subjects.json()).extracting(JsonNode::asText).doesNotContain(subject);
    }

    @Test
    void wrongContentTypesAre415() {
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x", "image/png",
                "application/x-www-form-urlencoded", ";;;", "application", "text/html; charset=utf-8")) {
            assertConfluentError(http.send("POST", "/subjects/" + subject() + "/versions", schemaBody(GOOD).toString(), type),
                    415, 415);
            assertConfluentError(http.send("PUT", "/config", "{\"compatibility\":\"NONE\"}", type), 415, 415);
        }
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void aTwentyMegabyteBodyIsRefusedWith413BeforeItIsAllSent() throws Exception {
        String path = "/subjects/" + subject() + "/versions";
        // declared length: the answer comes before the client has sent even 2 MB of the 20
        RawReply declared = rawPost(path, TWENTY_MB, false, 2 * 1024 * 1024);
        assertThat(declared.status()).as(declared.text()).isEqualTo(413);
        assertThat(declared.json().path("error_code").asInt()).isEqualTo(413);
        assertThat(declared.contentType()).contains(V1_JSON);

        // chunked, no length, endless: refused once more than the limit has come (the server reads
        // 1 MiB and discards at most 16 MiB more), not after all of it
        int endless = 50 * TWENTY_MB;
        RawReply chunked = rawPost(path, endless, true, endless);
        assertThat(chunked.status()).as(chunked.text()).isEqualTo(413);
        assertThat(chunked.json().path("error_code").asInt()).isEqualTo(413);
        assertThat(chunked.bodyBytesSent()).as("bytes the client got to send").isLessThan(endless);
        System.out.printf("registry: 413 for a declared 20 MiB body after %d KiB sent; for an endless chunked body after %d MiB%n",
                declared.bodyBytesSent() / 1024, chunked.bodyBytesSent() >> 20);

        // and through a real client, which sends it all (or is cut off) and reads the 413
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", V1_JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[TWENTY_MB])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
        } catch (IOException cutOff) {
            // the server answered 413 and closed the connection while the client was still sending
        }
        assertThat(http.get("/subjects").json()).isEmpty();
    }

    // ---- raw HTTP, to send what a polite client would not ----

    private Reply send(String method, String path, byte[] body, String contentType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = MAPPER.missingNode();
        }
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(), json, response);
    }

    record RawReply(int status, String contentType, String text, JsonNode json, long bodyBytesSent) {
    }

    /**
     * POSTs {@code total} zero bytes (declared with Content-Length, or chunked) over a plain socket,
     * sending at most {@code sendAtMost} of them, and reads the answer while still sending.
     */
    private RawReply rawPost(String path, int total, boolean chunked, int sendAtMost) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", registry.port()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + V1_JSON + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            long[] sent = {0};
            Thread sender = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (sent[0] < Math.min(total, sendAtMost)) {
                        if (chunked) {
                            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        sent[0] += chunk.length;
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // expected once the server has answered
                }
            }, "hostile-sender");
            sender.setDaemon(true);
            sender.start();
            String response = readResponse(socket.getInputStream());
            sender.join(30_000);
            String[] lines = response.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = Arrays.stream(lines).filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            JsonNode json;
            try {
                json = MAPPER.readTree(body);
            } catch (IOException e) {
                json = MAPPER.missingNode();
            }
            return new RawReply(status, contentType, body, json, sent[0]);
        }
    }

    /** Reads a response with a Content-Length (as the registry's always have). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] soFar = head.toByteArray();
            int n = soFar.length;
            if (n >= 4 && soFar[n - 4] == '\r' && soFar[n - 3] == '\n' && soFar[n - 2] == '\r' && soFar[n - 1] == '\n') {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = Arrays.stream(headers.split("\r\n")).filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .findFirst().map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
