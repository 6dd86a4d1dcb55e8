package io.agentevents.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.api.Delivery;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code eventbus agent}: one demo agent, run as its own process by {@code eventbus demo}.
 *
 * <p>It talks to the demo over its standard streams: it writes {@code ready <pid>} once subscribed,
 * {@code progress emitted=N handled=M done=K} twice a second and {@code summary <json>} (what it
 * emitted, per plan; see {@link EmittedCounts}) when it stops; it stops when its standard input
 * closes (the demo is done with it, or died) or, for a planner, when all its plans are closed.
 * Exit code 0 when it stopped cleanly, 1 when it failed or was stopped before finishing its plans.
 *
 * <p>Every event an agent emits carries the run id as its project name, and agents ignore events of
 * other runs, so several demos can share a cluster.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one demo agent (eventbus demo starts these as separate processes).",
                "Prints 'ready', 'progress' and 'summary' lines; stops when standard input closes."})
public final class AgentCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "planner, decider or tool-runner.")
    String role;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The demo run this agent belongs to.")
    String run;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I", description = "This agent's number among those of its role (from 0).")
    int index;

    @Option(names = "--of", defaultValue = "1", paramLabel = "N", description = "How many agents share this role.")
    int of;

    @Option(names = "--plans", defaultValue = "5", paramLabel = "M", description = "Root plans of the whole run (a planner takes its share).")
    int plans;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--registry", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL", description = "Schema registry URL.")
    String registry;

    @Option(names = "--prefix", defaultValue = "events", paramLabel = "PREFIX", description = "Topic prefix.")
    String prefix;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "A planner gives up (exit 1) when its plans are not all closed by then.")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final EmittedCounts counts = new EmittedCounts();
    private final AtomicLong handled = new AtomicLong();
    private final Map<String, String> closed = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        AgentRole agentRole;
        try {
            agentRole = AgentRole.parse(role);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (index < 0 || of < 1 || index >= of || plans < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need 0 <= --index < --of and --plans >= 1");
        }
        PrintStream out = System.out;
        watchStandardInput(System.in);
        TopicLayout topics = TopicLayout.local(1).withPrefix(prefix);
        KafkaEventBusConfig busConfig = KafkaEventBusConfig.local(bootstrap, registry).withTopics(topics).withProvision(false)
                .withClientId(run + "-" + agentRole.label() + "-" + index);
        List<String> ownPlans = agentRole == AgentRole.PLANNER ? DemoPlans.rootsOf(run, plans, index, of) : List.of();
        Set<String> expectedClosed = ConcurrentHashMap.newKeySet();
        ownPlans.forEach(root -> {
            expectedClosed.add(root);
            expectedClosed.add(DemoPlans.childOf(root));
        });
        CountDownLatch allClosed = new CountDownLatch(expectedClosed.size());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-progress");
            thread.setDaemon(true);
            return thread;
        });
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig)) {
            AgentBehaviour behaviour = new AgentBehaviour(run, agentRole.label() + "-" + index, bus, counts);
            SubscriberConfig subscriberConfig = SubscriberConfig.builder(bootstrap, registry, groupOf(agentRole))
                    .topicPrefix(prefix)
                    .startPosition(StartPosition.earliest())
                    .maxConcurrency(8)
                    .retries(4, Duration.ofMillis(50), Duration.ofMillis(500)).build();
            EventSubscriber.Builder builder = EventSubscriber.builder(subscriberConfig);
            switch (agentRole) {
                case PLANNER -> {
                    for (EventType type : List.of(EventType.DECISION_REJECTED, EventType.TOOL_SUCCEEDED, EventType.TOOL_FAILED)) {
                        builder.on(type, (event, delivery) -> {
                            if (ofThisRun(event) && expectedClosed.contains(event.planId())) {
                                handled.incrementAndGet();
                                behaviour.close(event, closed).ifPresent(status -> allClosed.countDown());
                            }
                        });
                    }
                }
                case DECIDER -> builder.on(EventType.PLAN_PHASE_CHANGED, (event, delivery) -> {
                    if (ofThisRun(event) && "executing".equals(event.details().get("to_phase"))) {
                        handled.incrementAndGet();
                        behaviour.decide(event);
                    }
                });
                case TOOL_RUNNER -> builder.on(EventType.DECISION_APPROVED, (event, delivery) -> {
                    if (ofThisRun(event)) {
                        handled.incrementAndGet();
                        behaviour.runTool(event, delivery);
                    }
                });
            }
            try (EventSubscriber subscriber = builder.build().start()) {
                out.println("ready " + ProcessHandle.current().pid());
                out.flush();
                ticker.scheduleAtFixedRate(() -> progress(out, allClosed), 0, 500, TimeUnit.MILLISECONDS);
                boolean finished;
                if (agentRole == AgentRole.PLANNER) {
                    for (String root : ownPlans) {
                        if (stop.getCount() == 0) {
                            break;
                        }
                        behaviour.createTree(root);
                    }
                    finished = awaitEither(allClosed, Duration.ofSeconds(timeoutSeconds));
                } else {
                    stop.await();
                    finished = true;
                }
                if (subscriber.state() == EventSubscriber.State.FAILED) {
                    out.println("error subscriber failed: " + subscriber.failure().map(Throwable::getMessage).orElse("?"));
                    finished = false;
                }
                bus.flush();
                ticker.shutdownNow();
                progress(out, allClosed);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("agent", agentRole.label() + "-" + index);
                summary.put("role", agentRole.label());
                summary.put("emitted", counts.total());
                summary.put("handled", handled.get());
                summary.put("retried", behaviour.retried());
                summary.put("plans", counts.toMap());
                out.println("summary " + JSON.writeValueAsString(summary));
                out.flush();
                if (!finished) {
                    out.println("error stopped with " + allClosed.getCount() + " of " + expectedClosed.size() + " plans still open");
                    out.flush();
                }
                return finished ? 0 : 1;
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private String groupOf(AgentRole agentRole) {
        return agentRole == AgentRole.PLANNER ? run + "-planner-" + index : run + "-" + agentRole.label() + "s";
    }

    private boolean ofThisRun(DomainEvent event) {
        return run.equals(event.projectName());
    }

    private void progress(PrintStream out, CountDownLatch allClosed) {
        out.println("progress emitted=" + counts.total() + " handled=" + handled.get() + " done=" + closed.size());
        out.flush();
    }

    /** Waits for the latch, the stop signal or the timeout; true when the latch opened. */
    private boolean awaitEither(CountDownLatch latch, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (latch.await(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (stop.getCount() == 0) {
                return false;
            }
        }
        return latch.getCount() == 0;
    }

    /** Opens {@link #stop} when standard input reaches its end (the demo closed it, or exited). */
    private void watchStandardInput(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the demo sends nothing; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe means the same as the end: the demo is gone
            }
            stop.countDown();
        }, "agent-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A helper to build the command-line arguments of an agent process. */
    static List<String> arguments(AgentRole role, String run, int index, int of, int plans, String bootstrap, String registry,
                                  String prefix) {
        return new ArrayList<>(List.of("agent", "--role", role.label(), "--run", run, "--index",
                Integer.toString(index), "--of", Integer.toString(of), "--plans", Integer.toString(plans),
                "--bootstrap", bootstrap, "--registry", registry, "--prefix", prefix));
    }
}
