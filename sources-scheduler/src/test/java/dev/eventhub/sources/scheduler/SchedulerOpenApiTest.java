package dev.eventhub.sources.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class SchedulerOpenApiTest extends PluginTestBase {
  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() {
    start();
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    JsonObject schedule = SchedulerTestBase.interval("nightly", "1h", SchedulerTestBase.publishAction("reports", "due"));
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules", token, schedule).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules", token, schedule).statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.GET, "/api/scheduler/schedules?limit=1", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/scheduler/schedules/nightly?next=2", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.PUT, "/api/scheduler/schedules/nightly", token, schedule).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules/nightly/pause", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules/nightly/pause", token, null).statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules/nightly/resume", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules/nightly/run", token, null).statusCode()).isEqualTo(202);
    assertThat(api.send(HttpMethod.GET, "/api/scheduler/schedules/nightly/executions", token, null).statusCode())
        .isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/scheduler/stats", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.DELETE, "/api/scheduler/schedules/nightly", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/scheduler/schedules/nightly", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, "/api/scheduler/schedules", token, new JsonObject().put("name", "x"))
        .statusCode()).isEqualTo(400);
  }
}
