package dev.eventhub.sources.workflow;

import static dev.eventhub.sources.workflow.WorkflowClient.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurable limits, retention, and transitions that race. */
class WorkflowLimitsTest {
  @TempDir Path dir;

  @Test
  void shouldRejectStepsOverTheLimitNamingIt() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.maxStepsPerJob", 3))) {
      WorkflowClient api = new WorkflowClient(hub);

      JsonObject tooMany = api.error(413, "too_large", HttpMethod.POST, JOBS, new JsonObject().put("name", "n")
          .put("steps", new JsonArray().add("a").add("b").add("c").add("d")));
      api.startJob("j", "build", "a", "b", "c");
      JsonObject oneMore = api.error(409, "conflict", HttpMethod.POST, JOBS + "/j/steps/d/start", null);

      assertThat(tooMany.getString("message")).contains("4 steps").contains("maxStepsPerJob").contains("3");
      assertThat(oneMore.getString("message")).contains("maxStepsPerJob").contains("'d'");
      assertThat(api.job("j").getInteger("total_steps")).isEqualTo(3);
      assertThat(api.historyTypes()).containsExactly("job-started");
      api.startStep("j", "c");
    }
  }

  @Test
  void shouldCapTheListOfRecentJobs() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.recentJobsLimit", 2))) {
      WorkflowClient api = new WorkflowClient(hub);
      for (int i = 0; i < 3; i++) {
        api.startJob("j" + i, "n");
      }

      JsonObject error = api.error(400, "bad_request", HttpMethod.GET, JOBS + "?limit=3", null);

      assertThat(error.getString("message")).contains("'limit'").contains("1 to 2");
      JsonObject page = api.get(JOBS);
      assertThat(WorkflowApiTest.ids(page)).containsExactly("j2", "j1");
      assertThat(page.getBoolean("more")).isTrue();
    }
  }

  @Test
  void shouldDeleteTheOldestFinishedJobsBeyondMaxJobs() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.maxJobs", 2))) {
      WorkflowClient api = new WorkflowClient(hub);
      api.startJob("old-running", "n");
      api.startJob("old-done", "n");
      api.expect(200, HttpMethod.POST, JOBS + "/old-done/complete", null);

      api.startJob("new", "n");

      api.error(404, "not_found", HttpMethod.GET, JOBS + "/old-done", null);
      assertThat(api.job("old-running").getString("state")).isEqualTo("running");
      assertThat(WorkflowApiTest.ids(api.get(JOBS))).containsExactly("new", "old-running");
      // Its events stay in the log.
      assertThat(api.history()).filteredOn(e -> e.getString("key").equals("old-done")).hasSize(2);
    }
  }

  @Test
  void shouldRejectTextsOverTheConfiguredLength() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.maxTextLength", 10))) {
      WorkflowClient api = new WorkflowClient(hub);
      api.startJob("j", "n");
      api.startStep("j", "a");

      JsonObject error = api.error(400, "bad_request", HttpMethod.POST, JOBS + "/j/steps/a/fail",
          new JsonObject().put("error", "e".repeat(11)));

      assertThat(error.getString("message")).contains("'error'").contains("10");
      api.step("j", "a", "fail", new JsonObject().put("error", "e".repeat(10)));
    }
  }

  @Test
  void shouldRejectAReportThatWouldMakeTheJobTooLargeToStore() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.maxTextLength", 65_536))) {
      WorkflowClient api = new WorkflowClient(hub);
      api.startJob("j", "chatty");
      JsonObject output = new JsonObject().put("output", "o".repeat(65_000));
      int stored = 0;
      HttpResponse<Buffer> refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        api.startStep("j", "s" + i);
        HttpResponse<Buffer> r = api.send(HttpMethod.POST, JOBS + "/j/steps/s" + i + "/complete", output);
        if (r.statusCode() == 200) {
          stored++;
        } else {
          refused = r;
        }
      }

      assertThat(refused).isNotNull();
      JsonObject error = WorkflowClient.expect(413, refused);
      assertThat(error.getString("error")).isEqualTo("too_large");
      assertThat(error.getString("message")).contains("job 'j'").contains("shorter");
      assertThat(api.job("j").getJsonObject("counts").getInteger("succeeded")).isEqualTo(stored);
      assertThat(api.historyTypes()).filteredOn("step-completed"::equals).hasSize(stored);
      api.step("j", "s" + stored, "fail", new JsonObject().put("error", "short"));
    }
  }

  @Test
  void shouldApplyRacingTransitionsOneAtATime() {
    try (TestHub hub = TestHub.start(dir)) {
      WorkflowClient api = new WorkflowClient(hub);
      api.startJob("j", "fan-out");
      String token = hub.token("publish:workflow");

      List<Future<HttpResponse<Buffer>>> starts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        starts.add(hub.client().post(JOBS + "/j/steps/s" + i + "/start").bearerTokenAuthentication(token).send());
      }
      TestHub.await(Future.join(starts));
      List<Future<HttpResponse<Buffer>>> completes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        completes.add(hub.client().post(JOBS + "/j/steps/s0/complete").bearerTokenAuthentication(token).send());
      }
      TestHub.await(Future.join(completes));

      assertThat(starts).allMatch(f -> f.result().statusCode() == 200);
      assertThat(completes.stream().map(f -> f.result().statusCode()).toList())
          .containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
      JsonObject job = api.job("j");
      assertThat(job.getInteger("total_steps")).isEqualTo(10);
      assertThat(job.getJsonObject("counts").getInteger("running")).isEqualTo(9);
      assertThat(job.getJsonObject("counts").getInteger("succeeded")).isEqualTo(1);
      assertThat(api.historyTypes()).filteredOn("step-completed"::equals).hasSize(1);
    }
  }

  @Test
  void shouldNotStartWithAnInvalidSettingAndSayWhichOne() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.maxStepsPerJob", 0))) {
      JsonObject plugin = WorkflowClient.expect(200, hub.get("/api/plugins", hub.adminToken()))
          .getJsonArray("plugins").stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("name").equals("workflow")).findFirst().orElseThrow();

      assertThat(plugin.getString("state")).isEqualTo("failed");
      assertThat(plugin.getString("error")).contains("plugins.workflow.maxStepsPerJob");
    }
  }
}
