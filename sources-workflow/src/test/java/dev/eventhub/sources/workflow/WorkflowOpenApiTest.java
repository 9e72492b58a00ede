package dev.eventhub.sources.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class WorkflowOpenApiTest extends PluginTestBase {
  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() {
    start();
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    JsonObject job = new JsonObject().put("job_id", "j-1").put("name", "build").put("steps", new JsonArray().add("a").add("b"));
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs", token, job).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs", token, job.copy().put("job_id", "j-2")).statusCode())
        .isEqualTo(201);
    assertThat(api.send(HttpMethod.GET, "/api/workflow/jobs?limit=1", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/steps/a/start", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/steps/a/complete", token,
        new JsonObject().put("duration_ms", 5).put("output", "fine")).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/steps/b/start", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/steps/b/fail", token,
        new JsonObject().put("error", "broken")).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/fail", token, new JsonObject().put("error", "b failed"))
        .statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-2/complete", token, new JsonObject().put("output", "ok"))
        .statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/workflow/jobs/j-1", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs/j-1/steps/b/start", token, null).statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.GET, "/api/workflow/jobs/nope", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs", token, new JsonObject()).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/api/workflow/jobs", hub.token("subscribe:workflow"), job).statusCode())
        .isEqualTo(403);
  }
}
