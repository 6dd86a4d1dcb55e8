package io.agentevents.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmarks honest without measuring anything: every benchmark method runs once through
 * the JMH harness (in this JVM, no warm-up), and the states hold what the Javadoc says they hold.
 * Runs in {@code mvn verify} in a few seconds; the measuring is done from {@code benchmarks.jar}.
 */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsOnceThroughTheHarness() throws RunnerException {
        Options once = new OptionsBuilder()
                .include(BenchmarksSmokeTest.class.getPackageName() + "\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .measurementBatchSize(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(once).run();

        // codec 5 (encode and decode, direct and resolving, decode under the registry's text),
        // serde 2, build 2, bus emit x 3 subscriber counts, routing 3
        assertThat(results).hasSize(15);
    }

    @Test
    void theTypicalEventIsAboutFiveHundredBytesOfAvro() {
        AvroCodecBenchmark codec = new AvroCodecBenchmark();
        codec.setUp(); // also checks the round trip

        assertThat(codec.encodedSize()).isBetween(400, 650);
    }

    @Test
    void everySubscriberReceivesEachEmit() {
        InMemoryEventBusBenchmark bench = new InMemoryEventBusBenchmark();
        bench.subscribers = 10;
        bench.setUp();

        assertThat(bench.emit()).isCompleted();
        bench.emit();
        bench.tearDown();

        assertThat(bench.delivered).isEqualTo(20);
    }

    @Test
    void headerFilterAndFullDecodeWantTheSameQuarterOfTheBatch() {
        HeaderRoutingBenchmark bench = new HeaderRoutingBenchmark();
        bench.setUp();

        // types cycle through the 8 plan types; plan.completed and plan.failed come 12 times each in 100
        assertThat(bench.expectedWanted()).isEqualTo(24);
        assertThat(bench.headerFilter()).isEqualTo(24);
        assertThat(bench.headerFilterDecodingTheName()).isEqualTo(24);
        assertThat(bench.fullDecode()).isEqualTo(24);
        bench.tearDown();
    }
}
