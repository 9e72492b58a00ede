package dev.eventhub.sources.webhook.impl;

import static dev.eventhub.runtime.testing.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered ids, on the hub's real storage. */
class ReplayGuardTest {
  @TempDir Path dir;
  TestHub hub;
  PluginStorage storage;
  ReplayGuard guard;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    storage = hub.hub().log().storage("replay-test");
    guard = new ReplayGuard(storage);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldRefuseAnIdUntilItExpiresThenTakeItAsNew() {
    assertThat(await(guard.remember("ep", "msg_1", 2_000, 1_000))).isTrue();
    assertThat(await(guard.remember("ep", "msg_1", 3_000, 1_500))).isFalse();
    assertThat(await(guard.remember("other", "msg_1", 2_000, 1_500))).isTrue();
    assertThat(await(guard.remember("ep", "msg_1", 5_000, 2_000))).isTrue();
    assertThat(await(guard.remember("ep", "msg_1", 6_000, 4_999))).isFalse();
  }

  @Test
  void shouldPruneOnlyExpiredIdsAndForgetAllOfADeletedEndpoint() {
    for (int i = 0; i < 5; i++) {
      await(guard.remember("ep", "old-" + i, 1_000, 0));
      await(guard.remember("ep", "new-" + i, 10_000, 0));
      await(guard.remember("gone", "x-" + i, 10_000, 0));
    }

    assertThat(await(guard.prune(5_000))).isEqualTo(5);
    assertThat(await(storage.count(ReplayGuard.COLLECTION, "ep/"))).isEqualTo(5);
    await(guard.forgetEndpoint("gone"));
    assertThat(await(storage.count(ReplayGuard.COLLECTION, null))).isEqualTo(5);
    assertThat(await(guard.remember("ep", "new-0", 20_000, 5_000))).isFalse();
    assertThat(await(guard.forget("ep", "new-0"))).isTrue();
    assertThat(await(guard.remember("ep", "new-0", 20_000, 5_000))).isTrue();
  }
}
