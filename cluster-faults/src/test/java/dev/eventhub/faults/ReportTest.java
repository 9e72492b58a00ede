package dev.eventhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static Publisher.Attempt ok(long at) {
    return new Publisher.Attempt(at, true);
  }

  @Test
  void theLongestGapCountsTheWindowsEdgesAndOnlySuccesses() {
    List<Publisher.Attempt> attempts = List.of(ok(50), ok(1_100), new Publisher.Attempt(3_000, false), ok(4_000),
        ok(9_000));
    assertThat(Report.longestGap(attempts, 1_000, 5_000)).isEqualTo(2_900);
    assertThat(Report.longestGap(attempts, 4_500, 5_000)).isEqualTo(500);
    assertThat(Report.longestGap(attempts, 1_000, 1_050)).isEqualTo(50);
  }

  @Test
  void theTableHasARowPerFaultAndPutsViolationsUnderTheFaultTheyHappenedIn() {
    Facts facts = new Facts();
    FaultRun.Result r = new FaultRun.Result(facts,
        List.of(new Fault.Window(Fault.KILL_HUB, "node-2", 1_000, 5_000), new Fault.Window(Fault.KILL_HUB, "node-1", 8_000, 9_000),
            new Fault.Window(Fault.PAUSE_LEADER, "node-3", 10_000, 20_000)),
        List.of(ok(500), ok(2_000), new Publisher.Attempt(3_000, false), ok(12_000), ok(30_000)),
        List.of(new Violation(1, "lost", 2_500), new Violation(2, "diverged", -1)), 0, 30_000, null);
    String table = Report.table(r);
    assertThat(table).containsPattern("kill -9 hub\\s+2\\s+1\\s+1\\s+3\\.0\\s+1");
    assertThat(table).containsPattern("pause leader\\s+1\\s+1\\s+0\\s+8\\.0\\s+0");
    assertThat(table).containsPattern("\\(no fault / end\\)\\s+-\\s+2\\s+0\\s+-\\s+1");
  }

  @Test
  void durationsAreReadWithTheirUnit() {
    assertThat(FaultHarness.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(FaultHarness.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FaultHarness.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> FaultHarness.duration("10x")).hasMessageContaining("not a duration");
  }
}
