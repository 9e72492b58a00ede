package dev.eventhub.sources.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** The workflow API over real HTTP, for tests: each call asserts the status it expects. */
final class WorkflowClient {
  static final String JOBS = "/api/workflow/jobs";

  private final TestHub hub;
  private final String token;

  WorkflowClient(TestHub hub) {
    this.hub = hub;
    this.token = hub.token("subscribe:workflow", "publish:workflow");
  }

  JsonObject startJob(String jobId, String name, String... steps) {
    JsonObject body = new JsonObject().put("job_id", jobId).put("name", name);
    if (steps.length > 0) {
      body.put("steps", new JsonArray(List.of((Object[]) steps)));
    }
    return expect(201, hub.post(JOBS, token, body));
  }

  JsonObject step(String jobId, String step, String action, JsonObject body) {
    return expect(200, hub.post(JOBS + "/" + jobId + "/steps/" + step + "/" + action, token, body));
  }

  JsonObject startStep(String jobId, String step) {
    return step(jobId, step, "start", null);
  }

  JsonObject completeStep(String jobId, String step) {
    return step(jobId, step, "complete", new JsonObject());
  }

  JsonObject job(String jobId) {
    return get(JOBS + "/" + jobId);
  }

  JsonObject get(String path) {
    return expect(200, hub.get(path, token));
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
    return hub.send(method, path, token, body);
  }

  JsonObject expect(int status, HttpMethod method, String path, Object body) {
    return expect(status, send(method, path, body));
  }

  /** The error body of a request that must fail with {@code status} and {@code code}. */
  JsonObject error(int status, String code, HttpMethod method, String path, Object body) {
    JsonObject error = expect(status, send(method, path, body));
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  /** Every workflow event in the log, in log order. */
  List<JsonObject> history() {
    JsonArray events = expect(200, hub.get("/api/events?categories=workflow&limit=1000", token))
        .getJsonArray("events");
    return events.stream().map(JsonObject.class::cast).toList();
  }

  List<String> historyTypes() {
    return history().stream().map(e -> e.getString("event")).toList();
  }

  static JsonObject step(JsonObject job, String name) {
    return job.getJsonArray("steps").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals(name)).findFirst().orElseThrow();
  }

  static JsonObject expect(int status, HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    return response.bodyAsJsonObject();
  }
}
