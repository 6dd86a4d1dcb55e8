package io.agentevents.local.testing.faults;

import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.kafka.NodeRoutes.Kind;
import io.agentevents.local.kafka.NodeRoutes.Link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One proxy per link, kept across restarts, and a node's isolation cutting exactly its links to other nodes. */
@Timeout(30)
class FaultNetworkTest {

    @Test
    void eachLinkGetsAProxyToItsTargetKeptWhileTheTargetStaysTheSame() throws IOException {
        try (EchoServer echo = new EchoServer(); EchoServer moved = new EchoServer();
             FaultNetwork network = new FaultNetwork()) {
            InetSocketAddress routed = network.route(new Link(Kind.CLIENT, 0, 1), echo.address());
            assertThat(network.client(1).port()).isEqualTo(routed.getPort());
            assertThat(echoes(routed)).isEqualTo("hello");

            // a restart asks again: same target, same proxy (and toxics); a new target, a new proxy on the same port
            network.client(1).add(new Toxic.Slicer(1, java.time.Duration.ZERO));
            assertThat(network.route(new Link(Kind.CLIENT, 0, 1), echo.address())).isEqualTo(routed);
            assertThat(network.client(1).toxics(Direction.UPSTREAM)).hasSize(1);
            assertThat(network.route(new Link(Kind.CLIENT, 0, 1), moved.address()).getPort()).isEqualTo(routed.getPort());
            assertThat(network.client(1).upstream()).isEqualTo(moved.address());
            assertThat(echoes(routed)).isEqualTo("hello");
            assertThat(moved.received()).isEqualTo(5);
            assertThat(EmbeddedKafkaConfig.nodes(3).withRoutes(network).routes()).containsSame(network);
        }
    }

    @Test
    void isolatingANodeCutsItsControllerAndBrokerLinksBothWaysButNotItsClients() throws IOException {
        try (EchoServer echo = new EchoServer(); FaultNetwork network = new FaultNetwork()) {
            for (int to = 1; to <= 3; to++) {
                network.route(new Link(Kind.CLIENT, 0, to), echo.address());
                for (int from = 1; from <= 3; from++) {
                    if (from != to) {
                        network.route(new Link(Kind.CONTROLLER, from, to), echo.address());
                        network.route(new Link(Kind.BROKER, from, to), echo.address());
                    }
                }
            }
            assertThat(network.proxies()).hasSize(15);

            List<FaultProxy> cut = network.isolate(2);

            assertThat(cut).hasSize(8).containsExactlyInAnyOrder(network.controller(1, 2), network.controller(3, 2),
                    network.controller(2, 1), network.controller(2, 3), network.broker(1, 2), network.broker(3, 2),
                    network.broker(2, 1), network.broker(2, 3));
            assertThat(network.client(2).toxics(Direction.UPSTREAM)).isEmpty();
            assertThat(network.controller(1, 3).toxics(Direction.UPSTREAM)).isEmpty();
            assertThat(network.broker(2, 1).toxics(Direction.DOWNSTREAM)).containsExactly(new Toxic.Cut());
            network.healAll();
            assertThat(network.proxies().values()).allMatch(proxy -> proxy.toxics(Direction.UPSTREAM).isEmpty()
                    && proxy.toxics(Direction.DOWNSTREAM).isEmpty());
        }
    }

    @Test
    void aLinkTheClusterNeverAskedForIsAClearError() {
        try (FaultNetwork network = new FaultNetwork()) {
            assertThatThrownBy(() -> network.broker(1, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no proxy for Link[kind=BROKER, from=1, to=2]");
        }
    }

    private static String echoes(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8);
        }
    }
}
