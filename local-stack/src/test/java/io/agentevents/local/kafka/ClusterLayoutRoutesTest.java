package io.agentevents.local.kafka;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link NodeRoutes} shape the nodes' Kafka settings, and that without them nothing changes. */
class ClusterLayoutRoutesTest {

    @Test
    void withoutRoutesEveryLinkGoesStraightToTheNodesPorts() {
        Map<Integer, ClusterLayout.NodeSpec> nodes = ClusterLayout.plan(EmbeddedKafkaConfig.nodes(3), Path.of("data"),
                Optional.empty());

        ClusterLayout.NodeSpec node = nodes.get(2);
        Map<String, Object> props = node.kafkaConfig().originals();
        assertThat(node.clientAddress()).isEqualTo("127.0.0.1:" + node.brokerPort());
        assertThat(props.get("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:" + node.brokerPort());
        assertThat(props.get("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(props.get("controller.quorum.voters")).isEqualTo(
                nodes.values().stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).reduce((a, b) -> a + "," + b)
                        .orElseThrow());
    }

    @Test
    void routesGiveEveryLinkBetweenTwoNodesAndFromClientsItsOwnAddress() {
        // a fake route to host "proxy", port 40000 + kind * 100 + from * 10 + to: each address says which link it is
        Map<NodeRoutes.Link, InetSocketAddress> asked = new ConcurrentHashMap<>();
        NodeRoutes routes = (link, target) -> {
            asked.put(link, target);
            return InetSocketAddress.createUnresolved("proxy", 40_000 + link.kind().ordinal() * 100 + link.from() * 10 + link.to());
        };
        Map<Integer, ClusterLayout.NodeSpec> nodes = ClusterLayout.plan(EmbeddedKafkaConfig.nodes(3).withRoutes(routes),
                Path.of("data"), Optional.empty());

        // 3 client links, 6 controller links, 6 broker links: every directed pair, none to itself
        assertThat(asked).hasSize(15);
        ClusterLayout.NodeSpec node1 = nodes.get(1);
        Map<String, Object> props = node1.kafkaConfig().originals();
        assertThat(node1.clientAddress()).isEqualTo("proxy:40001");
        assertThat(asked.get(new NodeRoutes.Link(NodeRoutes.Kind.CLIENT, 0, 1)))
                .isEqualTo(new InetSocketAddress("127.0.0.1", node1.brokerPort()));
        // node 1 reaches its own controller directly, the others through its own routes
        assertThat(props.get("controller.quorum.voters")).isEqualTo(
                "1@127.0.0.1:" + node1.controllerPort() + ",2@proxy:40112,3@proxy:40113");
        // node 1 fetches through its own listener on every node; node 2 and 3 reach node 1 through theirs
        assertThat(props.get("inter.broker.listener.name")).isEqualTo("BROKER_FROM_1");
        assertThat((String) props.get("advertised.listeners")).contains("PLAINTEXT://proxy:40001")
                .contains("BROKER_FROM_2://proxy:40221").contains("BROKER_FROM_3://proxy:40231")
                .contains("BROKER_FROM_1://127.0.0.1:");
        // a node listens on its own ports only
        assertThat((String) props.get("listeners")).doesNotContain("proxy")
                .contains("PLAINTEXT://127.0.0.1:" + node1.brokerPort(), "CONTROLLER://127.0.0.1:" + node1.controllerPort());
        assertThat(EmbeddedKafkaConfig.nodes(3).withRoutes(routes).toString()).contains("routes=given");
    }

    @Test
    void routesCannotBeCombinedWithSecurityAndLinksMustBeBetweenTwoNodes() {
        EmbeddedKafkaSecurity security = EmbeddedKafkaSecurity.saslPlaintext("admin", "admin-s3cret");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.nodes(3).withSecurity(security)
                .withRoutes((link, target) -> target))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be combined with security");
        assertThatThrownBy(() -> new NodeRoutes.Link(NodeRoutes.Kind.BROKER, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 -> 2");
        assertThatThrownBy(() -> new NodeRoutes.Link(NodeRoutes.Kind.CONTROLLER, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONTROLLER from 0");
    }
}
