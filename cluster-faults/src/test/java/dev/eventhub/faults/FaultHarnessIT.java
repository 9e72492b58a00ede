package dev.eventhub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short seeded run of the fault harness against three hubs of the built distribution and three
 * brokers: each kind of fault once, in a seeded order (about a minute and a half of faults, recoveries
 * included; the whole test two to three minutes). {@code -Dfaults.seed=N} repeats a run; {@code
 * -Dfaults.duration=3m} adds random faults until then.
 */
class FaultHarnessIT {
  @Test
  void noAcknowledgedEventIsLostAndEveryPromiseHolds(@TempDir Path dir) throws Exception {
    Duration duration = FaultHarness.duration(System.getProperty("faults.duration", "30s"));
    FaultRun.Result result = FaultHarness.run(duration, dir);

    assertThat(result.windows()).as("faults injected").isNotEmpty();
    assertThat(result.facts().acks).as("publishes acknowledged").isNotEmpty();
    assertThat(result.violations()).as(result.report()).isEmpty();
  }
}
