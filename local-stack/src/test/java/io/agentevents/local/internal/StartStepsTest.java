package io.agentevents.local.internal;

import io.agentevents.local.LocalPlatformException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class StartStepsTest {

    @Test
    void runsStepsAtOnceAndReturnsWhenAllAreDone() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        try (StartSteps steps = new StartSteps("test-start", Duration.ofSeconds(5))) {
            Runnable step = () -> {
                bothRunning.countDown();
                await(bothRunning); // deadlocks unless the steps run at the same time
            };
            steps.run("a", step);
            steps.run("b", step);
            steps.awaitAll(Duration.ofSeconds(10));
        }
        assertThat(bothRunning.getCount()).isZero();
    }

    @Test
    void aFailureEndsTheWaitAtOnceNamingTheStepAndCloseStopsTheOthers() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean slowStopped = new AtomicBoolean();
        StartSteps steps = new StartSteps("test-start", Duration.ofSeconds(5));
        steps.run("slow step", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                slowStopped.set(true);
            }
        });
        steps.run("topics", () -> {
            throw new IllegalStateException("broker said no");
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> steps.awaitAll(Duration.ofSeconds(20)))
                .isInstanceOf(LocalPlatformException.class).hasMessage("topics failed: broker said no");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        steps.close();
        assertThat(slowStopped).as("the running step was interrupted and had stopped when close returned").isTrue();
    }

    @Test
    void aPlatformFailureIsPassedOnAsItIsAndALateStepIsNamed() {
        try (StartSteps steps = new StartSteps("test-start", Duration.ofSeconds(5))) {
            LocalPlatformException own = new LocalPlatformException("port 8081 is in use");
            steps.run("schema registry", () -> {
                throw own;
            });
            assertThatThrownBy(() -> steps.awaitAll(Duration.ofSeconds(10))).isSameAs(own);
        }
        try (StartSteps steps = new StartSteps("test-start", Duration.ofSeconds(5))) {
            steps.run("registry", () -> await(new CountDownLatch(1)));
            assertThatThrownBy(() -> steps.awaitAll(Duration.ofMillis(200)))
                    .isInstanceOf(LocalPlatformException.class).hasMessageContaining("registry did not finish within");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
