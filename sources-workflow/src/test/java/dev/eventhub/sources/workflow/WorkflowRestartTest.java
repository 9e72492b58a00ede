package dev.eventhub.sources.workflow;

import static dev.eventhub.sources.workflow.WorkflowClient.JOBS;
import static dev.eventhub.sources.workflow.WorkflowClient.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs survive a restart of the hub and go on from where they were. */
class WorkflowRestartTest {
  @TempDir Path dir;

  @Test
  void shouldKeepJobsAndStepsAcrossARestartAndGoOnFromThere() {
    JsonObject before;
    try (TestHub hub = TestHub.start(dir)) {
      WorkflowClient api = new WorkflowClient(hub);
      api.startJob("ended", "first", "x");
      api.expect(200, HttpMethod.POST, JOBS + "/ended/fail", new JsonObject().put("error", "broken"));
      api.startJob("ci", "build", "compile", "test", "package");
      api.startStep("ci", "compile");
      api.step("ci", "compile", "complete", new JsonObject().put("duration_ms", 900).put("output", "ok"));
      api.startStep("ci", "test");
      before = api.job("ci");
    }

    try (TestHub hub = TestHub.start(dir)) {
      WorkflowClient api = new WorkflowClient(hub);
      JsonObject after = api.job("ci");
      assertThat(after.getJsonArray("steps")).isEqualTo(before.getJsonArray("steps"));
      assertThat(after.getString("started_at")).isEqualTo(before.getString("started_at"));
      assertThat(after.getInteger("percent_done")).isEqualTo(33);
      assertThat(step(after, "compile").getString("output")).isEqualTo("ok");
      assertThat(WorkflowApiTest.ids(api.get(JOBS))).containsExactly("ci", "ended");

      api.completeStep("ci", "test");
      api.startStep("ci", "package");
      api.completeStep("ci", "package");
      JsonObject done = api.expect(200, HttpMethod.POST, JOBS + "/ci/complete", null);

      assertThat(done.getString("state")).isEqualTo("succeeded");
      assertThat(done.getInteger("percent_done")).isEqualTo(100);
      assertThat(api.error(409, "conflict", HttpMethod.POST, JOBS + "/ended/steps/x/start", null)
          .getString("message")).startsWith("job 'ended' already failed");
      assertThat(api.job("ended").getString("error")).isEqualTo("broken");
      assertThat(api.historyTypes()).containsExactly("job-started", "job-failed", "job-started", "step-started",
          "job-progress", "step-completed", "job-progress", "step-started", "job-progress", "step-completed",
          "job-progress", "step-started", "job-progress", "step-completed", "job-progress", "job-completed");
    }
  }
}
