package dev.eventhub.sources.checkpoint;

import dev.eventhub.runtime.testing.ApiClient;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;

/** The checkpoint API over real HTTP, for tests: each call asserts the status it expects. */
final class CheckpointClient extends ApiClient {
  static final String BASE = "/api/checkpoint/sessions/";

  CheckpointClient(TestHub hub) {
    super(hub, "checkpoint");
  }

  JsonObject create(String session, String label, Object state) {
    return expect(201, hub.post(BASE + session + "/checkpoints", token,
        new JsonObject().put("label", label).put("state", state)));
  }
}
