package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlobTest {
  @ParameterizedTest
  @CsvSource({
    "*, anything, true",
    "schedule-*, schedule-executed, true",
    "schedule-*, execution-completed, false",
    "*-completed, step-completed, true",
    "a*b*c, axxbyyc, true",
    "a*b*c, axxbyy, false",
    "exact, exact, true",
    "exact, exactly, false",
  })
  void shouldMatchGlobs(String pattern, String value, boolean expected) {
    assertThat(Glob.matches(pattern, value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "*, sched*, true",
    "sched*, schedule-*, true",
    "sched*, s*, false",
    "schedule-*, sched*, false",
    "scheduler, scheduler, true",
    "sched*, scheduler, true",
    "dlq, sched*, false",
  })
  void shouldTellWhetherAGrantedPatternCoversARequestedOne(String granted, String requested, boolean expected) {
    assertThat(Glob.covers(granted, requested)).isEqualTo(expected);
  }

  @Test
  void shouldGrantScopesByPrefix() {
    HubPrincipal p = new HubPrincipal("s", Set.of("subscribe:sched*", "publish:dlq"), null);
    assertThat(p.canSubscribe("scheduler")).isTrue();
    assertThat(p.canSubscribe("dlq")).isFalse();
    assertThat(p.canPublish("dlq")).isTrue();
    assertThat(p.canPublish("scheduler")).isFalse();
    assertThat(p.isAdmin()).isFalse();
  }
}
