package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class CheckpointOpenApiTest extends PluginTestBase {
  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() {
    start();
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    String base = "/api/checkpoint/sessions/s-1";
    JsonObject created = api.send(HttpMethod.POST, base + "/checkpoints", token,
        new JsonObject().put("label", "one").put("state", new JsonObject().put("n", 1))).bodyAsJsonObject();
    api.send(HttpMethod.POST, base + "/checkpoints", token, new JsonObject().put("label", "two").put("state", 2));
    String id = created.getString("checkpoint_id");
    assertThat(api.send(HttpMethod.GET, "/api/checkpoint/sessions?limit=1", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, base, token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, base + "/checkpoints?limit=1", token, null).bodyAsJsonObject().getBoolean("more"))
        .isTrue();
    assertThat(api.send(HttpMethod.GET, base + "/checkpoints/" + id, token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, base + "/checkpoints/" + id + "/restore", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, base + "/compact", token, new JsonObject().put("keep", 1)).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.DELETE, base + "/checkpoints/" + id, token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, base + "/checkpoints", token, new JsonObject().put("label", "x")).statusCode())
        .isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/api/checkpoint/sessions/nobody", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.GET, base, hub.token("subscribe:other"), null).statusCode()).isEqualTo(403);
    assertThat(api.send(HttpMethod.GET, base, null, null).statusCode()).isEqualTo(401);
  }
}
