package io.agentevents.streams.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import static org.awaitility.Awaitility.await;

/** Test helper: GETs on the query API, as JSON. */
final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body, String retryAfter) {
    }

    private ApiClient() {
    }

    /**
     * {@link #get}, polled while it answers 503, for up to 30 s: with two stream threads the projections
     * may rebalance once more just after they first run, and a 503 with Retry-After is the API's answer then.
     * For checks of another status right after a start.
     */
    static Answer getPast503(String url) {
        return past503(() -> get(url), Answer::status);
    }

    /** The first answer of {@code request}, asked at once and then every 100 ms for up to 30 s, whose status is not 503. */
    static <T> T past503(Callable<T> request, ToIntFunction<T> status) {
        return await("an answer other than 503").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(request, answer -> status.applyAsInt(answer) != 503);
    }

    static Answer get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
