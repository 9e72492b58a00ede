package dev.eventhub.sources.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class DlqOpenApiTest extends PluginTestBase {
  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() {
    start();
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    JsonObject entry = DlqTestBase.entry("nobody", null, new JsonObject().put("n", 1));
    JsonObject parked = api.send(HttpMethod.POST, "/api/dlq/entries", token, entry).bodyAsJsonObject();
    api.send(HttpMethod.POST, "/api/dlq/entries", token, entry);
    String id = parked.getString("id");
    assertThat(api.send(HttpMethod.GET, "/api/dlq/entries?limit=1&order=desc", token, null).bodyAsJsonObject()
        .getBoolean("more")).isTrue();
    assertThat(api.send(HttpMethod.GET, "/api/dlq/entries/" + id, token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/dlq/entries/" + id + "/resubmit", token, null).statusCode()).isIn(200, 409);
    assertThat(api.send(HttpMethod.POST, "/api/dlq/entries/" + id + "/resolve", token, new JsonObject().put("note", "done"))
        .statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/dlq/entries/" + id + "/resolve", token, null).statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.GET, "/api/dlq/counts", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/dlq/purge", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/dlq/entries/nope", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.GET, "/api/dlq/entries?limit=0", token, null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/api/dlq/counts", hub.token("subscribe:other"), null).statusCode()).isEqualTo(403);
  }
}
