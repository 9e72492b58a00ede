package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 20: the checkpoint source sets the session (and the checkpoint) as attributes. */
class CheckpointAttributesTest extends PluginTestBase {
  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "checkpoint");
  }

  @Test
  void shouldSetTheSessionAndCheckpointAttributes() {
    start();
    JsonObject created = new CheckpointClient(hub).create("agent-1", "after planning", new JsonObject().put("n", 1));
    HubEvent event = events.await(1).get(0);
    assertThat(event.attribute("session_id")).isEqualTo("agent-1");
    assertThat(event.attribute("checkpoint_id")).isEqualTo(created.getString("checkpoint_id"));
  }
}
