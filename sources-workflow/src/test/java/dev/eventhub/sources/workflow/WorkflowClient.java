package dev.eventhub.sources.workflow;

import dev.eventhub.runtime.testing.ApiClient;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The workflow API over real HTTP, for tests: each call asserts the status it expects. */
final class WorkflowClient extends ApiClient {
  static final String JOBS = "/api/workflow/jobs";

  WorkflowClient(TestHub hub) {
    super(hub, "workflow");
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

  static JsonObject step(JsonObject job, String name) {
    return job.getJsonArray("steps").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals(name)).findFirst().orElseThrow();
  }
}
