package dev.eventhub.sources.workflow;

import static dev.eventhub.sources.workflow.WorkflowClient.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transitions that make no sense and malformed requests: a clear error, nothing recorded. */
class WorkflowErrorsTest extends PluginTestBase {
  WorkflowClient api;

  @BeforeEach
  void startHub() {
    start();
    api = new WorkflowClient(hub);
  }

  @Test
  void shouldRejectCompletingAStepThatNeverStarted() {
    api.startJob("j", "build", "planned");

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/planned/complete", new JsonObject(),
        "step 'planned' of job 'j' never started");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/unheard-of/complete", new JsonObject(),
        "step 'unheard-of' of job 'j' never started");
    assertThat(api.job("j").getInteger("total_steps")).isEqualTo(1);
  }

  @Test
  void shouldRejectFailingAStepThatNeverStarted() {
    api.startJob("j", "build", "planned");

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/planned/fail",
        new JsonObject().put("error", "boom"), "step 'planned' of job 'j' never started");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/other/fail",
        new JsonObject().put("error", "boom"), "step 'other' of job 'j' never started");
  }

  @Test
  void shouldRejectStartingAStepThatIsRunningOrSucceeded() {
    api.startJob("j", "build");
    api.startStep("j", "a");
    api.startStep("j", "b");
    api.completeStep("j", "b");

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/a/start", null,
        "step 'a' of job 'j' is already running (attempt 1)");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/b/start", null,
        "step 'b' of job 'j' already completed");
  }

  @Test
  void shouldRejectEndingAStepTwice() {
    api.startJob("j", "build");
    api.startStep("j", "ok");
    api.completeStep("j", "ok");
    api.startStep("j", "bad");
    api.step("j", "bad", "fail", new JsonObject().put("error", "e"));

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/ok/complete", null,
        "step 'ok' of job 'j' already completed");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/ok/fail", new JsonObject().put("error", "e"),
        "step 'ok' of job 'j' already completed");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/bad/complete", null,
        "step 'bad' of job 'j' already failed; start it again to retry it");
    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/steps/bad/fail", new JsonObject().put("error", "e"),
        "step 'bad' of job 'j' already failed; start it again to retry it");
  }

  @Test
  void shouldRejectEverythingAfterTheJobEnded() {
    api.startJob("done", "build", "a");
    api.startStep("done", "a");
    api.completeStep("done", "a");
    api.expect(200, HttpMethod.POST, JOBS + "/done/complete", null);
    api.startJob("failed", "build", "a");
    api.expect(200, HttpMethod.POST, JOBS + "/failed/fail", new JsonObject().put("error", "e"));
    String endedAt = api.job("done").getString("ended_at");

    for (String job : List.of("done", "failed")) {
      String state = job.equals("done") ? "succeeded" : "failed";
      String why = "job '" + job + "' already " + state + " at ";
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/steps/a/start", null, why);
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/steps/new/start", null, why);
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/steps/a/complete", null, why);
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/steps/a/fail",
          new JsonObject().put("error", "e"), why);
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/complete", null, why);
      assertRejected(409, "conflict", job, HttpMethod.POST, JOBS + "/" + job + "/fail",
          new JsonObject().put("error", "e"), why);
    }
    assertThat(api.error(409, "conflict", HttpMethod.POST, JOBS + "/done/complete", null).getString("message"))
        .isEqualTo("job 'done' already succeeded at " + endedAt + "; nothing more can be recorded for it");
  }

  @Test
  void shouldRejectCompletingAJobWhileStepsStillRun() {
    api.startJob("j", "build");
    api.startStep("j", "a");
    api.startStep("j", "b");

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS + "/j/complete", null,
        "job 'j' still has running steps: a, b; complete or fail them first");
    assertThat(api.job("j").getString("state")).isEqualTo("running");
  }

  @Test
  void shouldRejectStartingAJobThatExists() {
    api.startJob("j", "build", "a");

    assertRejected(409, "conflict", "j", HttpMethod.POST, JOBS,
        new JsonObject().put("job_id", "j").put("name", "again"), "job 'j' already exists");
    assertThat(api.job("j").getString("name")).isEqualTo("build");
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownJobOnEveryRoute() {
    String j = JOBS + "/nope";
    for (JsonObject error : new JsonObject[] {
      api.error(404, "not_found", HttpMethod.GET, j, null),
      api.error(404, "not_found", HttpMethod.POST, j + "/steps/a/start", null),
      api.error(404, "not_found", HttpMethod.POST, j + "/steps/a/complete", null),
      api.error(404, "not_found", HttpMethod.POST, j + "/steps/a/fail", new JsonObject().put("error", "e")),
      api.error(404, "not_found", HttpMethod.POST, j + "/complete", null),
      api.error(404, "not_found", HttpMethod.POST, j + "/fail", new JsonObject().put("error", "e")),
    }) {
      assertThat(error.getString("message")).isEqualTo("no job 'nope'");
    }
    assertThat(api.history()).isEmpty();
  }

  @Test
  void shouldRejectMalformedIdsNamingTheField() {
    api.startJob("j", "build");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("job_id", "a b").put("name", "n")))
        .contains("'job_id'");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("job_id", 7).put("name", "n")))
        .contains("'job_id'").contains("string");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("job_id", "x".repeat(129)).put("name", "n")))
        .contains("'job_id'");
    assertThat(badRequest(HttpMethod.GET, JOBS + "/bad%20id", null)).contains("'job_id'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/steps/bad%20step/start", null)).contains("'step'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/steps/" + "s".repeat(129) + "/start", null)).contains("'step'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/bad;id/complete", null)).contains("'job_id'");
    assertThat(api.historyTypes()).containsExactly("job-started");
  }

  @Test
  void shouldRejectMissingOrIllTypedFieldsNamingThem() {
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject())).contains("'name'").contains("required");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("name", 3))).contains("'name'");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("name", "n".repeat(257)))).contains("'name'");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("name", "n").put("steps", "a,b")))
        .contains("'steps'");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("name", "n")
        .put("steps", new JsonArray().add("a").add(2)))).contains("'steps[1]'");
    assertThat(badRequest(HttpMethod.POST, JOBS, new JsonObject().put("name", "n")
        .put("steps", new JsonArray().add("a").add("a")))).contains("'steps'").contains("twice");
    api.startJob("j", "build");
    api.startStep("j", "a");
    String complete = JOBS + "/j/steps/a/complete";
    assertThat(badRequest(HttpMethod.POST, complete, new JsonObject().put("duration_ms", -1))).contains("'duration_ms'");
    assertThat(badRequest(HttpMethod.POST, complete, new JsonObject().put("duration_ms", "5"))).contains("'duration_ms'");
    assertThat(badRequest(HttpMethod.POST, complete, new JsonObject().put("duration_ms", 1.5))).contains("'duration_ms'");
    assertThat(badRequest(HttpMethod.POST, complete, new JsonObject().put("output", 5))).contains("'output'");
    assertThat(badRequest(HttpMethod.POST, complete, new JsonObject().put("output", "o".repeat(4097))))
        .contains("'output'").contains("4096");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/steps/a/fail", new JsonObject())).contains("'error'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/steps/a/fail", new JsonObject().put("error", "")))
        .contains("'error'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/fail", new JsonObject().put("error", List.of("x"))))
        .contains("'error'");
    assertThat(badRequest(HttpMethod.POST, JOBS + "/j/complete", new JsonObject().put("output", true)))
        .contains("'output'");
    assertThat(api.historyTypes()).containsExactly("job-started", "step-started", "job-progress");
    assertThat(WorkflowClient.step(api.job("j"), "a").getString("state")).isEqualTo("running");
  }

  @Test
  void shouldRejectBodiesThatAreNotAJsonObject() {
    api.startJob("j", "build");
    api.startStep("j", "a");
    for (Object body : new Object[] {"{oops", "[]", "\"s\"", "12"}) {
      assertThat(badRequest(HttpMethod.POST, JOBS, body)).contains("JSON object");
      assertThat(badRequest(HttpMethod.POST, JOBS + "/j/steps/a/complete", body)).contains("JSON object");
    }
    assertThat(api.historyTypes()).containsExactly("job-started", "step-started", "job-progress");
  }

  @Test
  void shouldRejectBadPagingParameters() {
    for (String query : new String[] {"limit=0", "limit=101", "limit=x", "limit="}) {
      assertThat(badRequest(HttpMethod.GET, JOBS + "?" + query, null)).contains("'limit'").contains("100");
    }
    assertThat(badRequest(HttpMethod.GET, JOBS + "?after=a%20b", null)).contains("'after'");
    assertThat(badRequest(HttpMethod.GET, JOBS + "?limit=%zz", null)).contains("query string");
    assertThat(badRequest(HttpMethod.GET, JOBS + "/j?x=%zz", null)).contains("query string");
  }

  @Test
  void shouldAnswerNotFoundForRoutesItDoesNotHave() {
    api.startJob("j", "build");
    assertThat(api.error(404, "not_found", HttpMethod.POST, JOBS + "/j/steps/a/pause", null).getString("message"))
        .contains("POST /api/workflow/jobs/j/steps/a/pause");
    api.error(404, "not_found", HttpMethod.DELETE, JOBS + "/j", null);
    api.error(404, "not_found", HttpMethod.GET, "/api/workflow", null);
    api.error(404, "not_found", HttpMethod.PUT, JOBS, new JsonObject());
  }

  @Test
  void shouldCheckTheTokensCategoryScopes() {
    JsonObject body = new JsonObject().put("job_id", "j").put("name", "n");
    assertThat(hub.post(JOBS, null, body).statusCode()).isEqualTo(401);
    assertThat(hub.post(JOBS, hub.token("subscribe:workflow"), body).statusCode()).isEqualTo(403);
    assertThat(hub.post(JOBS, hub.token("publish:checkpoint", "subscribe:*"), body).statusCode()).isEqualTo(403);
    assertThat(hub.post(JOBS, hub.token("publish:workflow"), body).statusCode()).isEqualTo(201);
    assertThat(hub.get(JOBS + "/j", hub.token("publish:workflow")).statusCode()).isEqualTo(403);
    assertThat(hub.get(JOBS + "/j", hub.token("subscribe:workflow")).statusCode()).isEqualTo(200);
  }

  private String badRequest(HttpMethod method, String path, Object body) {
    return api.error(400, "bad_request", method, path, body).getString("message");
  }

  // The request fails as expected, and neither the job nor the log changed.
  private void assertRejected(int status, String code, String jobId, HttpMethod method, String path, Object body,
      String message) {
    JsonObject before = api.job(jobId);
    int events = api.history().size();

    JsonObject error = api.error(status, code, method, path, body);

    assertThat(error.getString("message")).startsWith(message);
    JsonObject after = api.job(jobId);
    before.remove("elapsed_ms");
    after.remove("elapsed_ms");
    assertThat(after).isEqualTo(before);
    assertThat(api.history()).hasSize(events);
  }
}
