package io.agentevents.schemas.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The transport's bounds: a trickling answer is cut off, an interrupted caller is not kept waiting. */
class RegistryTransportTest {

    private final ExecutorService server = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    @Timeout(20)
    void anAnswerThatTricklesInIsCutOffAtTheConnectPlusRequestTimeout() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a byte every 100 ms: no single read waits long, the whole answer would take 100 s
            server.submit(() -> trickle(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n["));
            Duration connect = Duration.ofMillis(200);
            Duration request = Duration.ofMillis(500);
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(
                    "http://127.0.0.1:" + socket.getLocalPort()).withConnectTimeout(connect).withRequestTimeout(request))) {
                long start = System.nanoTime();
                SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::subjects);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isGreaterThanOrEqualTo(request).isLessThan(Duration.ofSeconds(5));
                assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
                assertThat(e.retriable()).isTrue();
                assertThat(e).hasMessageContainingAll("no answer within 500 ms", "GET /subjects");
            }
        }
    }

    @Test
    void anInterruptedCallerGetsInterruptedAtOnceAndKeepsItsInterrupt() {
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of("http://127.0.0.1:1"))) {
            Thread.currentThread().interrupt();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::subjects);
            boolean stillInterrupted = Thread.interrupted();

            assertThat(stillInterrupted).isTrue();
            assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.INTERRUPTED);
            assertThat(e).hasMessageContainingAll("interrupted", "http://127.0.0.1:1", "GET /subjects");
        }
    }

    private static Void trickle(ServerSocket listener, String answer) throws IOException, InterruptedException {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            byte[] request = new byte[4096];
            int read = in.read(request); // the request fits one read
            assertThat(read).isPositive();
            OutputStream out = socket.getOutputStream();
            for (byte b : (answer + "\"a\"".repeat(300)).getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (IOException e) {
            // the client hung up: what the test wants
        }
        return null;
    }
}
