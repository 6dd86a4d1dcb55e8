package io.agentevents.platform.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One demo agent, run as its own process ({@code eventbus agent}): it emits through a
 * {@link KafkaEventBus} and handles events through an {@link EventSubscriber}, as its
 * {@link AgentRole} says.
 *
 * <p>It talks to the demo ({@link AgentProcess}) over its standard streams: it writes
 * {@code ready <pid>} once subscribed, {@code progress emitted=N handled=M done=K} twice a second and
 * {@code summary <json>} (what it emitted, per plan; see {@link EmittedCounts}) when it stops; it
 * stops when its standard input closes (the demo is done with it, or died) or, for a planner, when
 * all its plans are closed.
 *
 * <p>Every event an agent emits carries the run id as its project name, and agents ignore events of
 * other runs, so several demos can share a cluster.
 */
public final class DemoAgent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentSettings settings;
    private final PrintStream out;
    private final EmittedCounts counts = new EmittedCounts();
    private final AtomicLong handled = new AtomicLong();
    private final Map<String, String> closed = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    private DemoAgent(AgentSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs the agent until it is done or {@code in} ends, talking on {@code out}.
     *
     * @return 0 when it stopped cleanly, 1 when it failed or was stopped before finishing its plans
     */
    public static int run(AgentSettings settings, InputStream in, PrintStream out) throws InterruptedException {
        DemoAgent agent = new DemoAgent(settings, out);
        agent.watch(in);
        return agent.run();
    }

    private int run() throws InterruptedException {
        AgentRole role = settings.role();
        TopicLayout topics = TopicLayout.local(1).withPrefix(settings.prefix());
        KafkaEventBusConfig busConfig = KafkaEventBusConfig.local(settings.cluster()).withTopics(topics)
                .withProvision(false).withClientId(settings.run() + "-" + settings.name());
        List<String> ownPlans = role == AgentRole.PLANNER
                ? DemoPlans.rootsOf(settings.run(), settings.plans(), settings.index(), settings.of()) : List.of();
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
            AgentBehaviour behaviour = new AgentBehaviour(settings.run(), settings.name(), bus, counts);
            try (EventSubscriber subscriber = subscriber(behaviour, expectedClosed, allClosed).start()) {
                out.println("ready " + ProcessHandle.current().pid());
                out.flush();
                ticker.scheduleAtFixedRate(this::progress, 0, 500, TimeUnit.MILLISECONDS);
                boolean finished;
                if (role == AgentRole.PLANNER) {
                    for (String root : ownPlans) {
                        if (stop.getCount() == 0) {
                            break;
                        }
                        behaviour.createTree(root);
                    }
                    finished = awaitEither(allClosed, settings.timeout());
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
                progress();
                summary(behaviour);
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

    private EventSubscriber subscriber(AgentBehaviour behaviour, Set<String> expectedClosed, CountDownLatch allClosed) {
        SubscriberConfig subscriberConfig = SubscriberConfig.builder(settings.cluster(), group())
                .topicPrefix(settings.prefix())
                .startPosition(StartPosition.earliest())
                .maxConcurrency(8)
                .retries(4, Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        EventSubscriber.Builder builder = EventSubscriber.builder(subscriberConfig);
        switch (settings.role()) {
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
        return builder.build();
    }

    private void summary(AgentBehaviour behaviour) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("agent", settings.name());
        summary.put("role", settings.role().label());
        summary.put("emitted", counts.total());
        summary.put("handled", handled.get());
        summary.put("retried", behaviour.retried());
        summary.put("plans", counts.toMap());
        try {
            out.println("summary " + JSON.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            out.println("error cannot write the summary: " + e.getOriginalMessage());
        }
        out.flush();
    }

    private String group() {
        return settings.role() == AgentRole.PLANNER ? settings.run() + "-planner-" + settings.index()
                : settings.run() + "-" + settings.role().label() + "s";
    }

    private boolean ofThisRun(DomainEvent event) {
        return settings.run().equals(event.projectName());
    }

    private void progress() {
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
    private void watch(InputStream in) {
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
}
