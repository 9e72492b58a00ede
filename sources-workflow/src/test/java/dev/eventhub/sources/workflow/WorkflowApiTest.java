package dev.eventhub.sources.workflow;

import static dev.eventhub.sources.workflow.WorkflowClient.JOBS;
import static dev.eventhub.sources.workflow.WorkflowClient.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowApiTest extends PluginTestBase {
  WorkflowClient api;

  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "workflow");
  }

  @BeforeEach
  void startHub() {
    start();
    api = new WorkflowClient(hub);
  }

  @Test
  void shouldStartAJobWithPlannedStepsAndAnnounceIt() {
    JsonObject job = api.startJob("ci-42", "CI main@4f2a", "compile", "test", "package");

    assertThat(job.getString("job_id")).isEqualTo("ci-42");
    assertThat(job.getString("name")).isEqualTo("CI main@4f2a");
    assertThat(job.getString("state")).isEqualTo("running");
    assertThat(job.getInteger("total_steps")).isEqualTo(3);
    assertThat(job.getInteger("percent_done")).isZero();
    assertThat(job.getJsonArray("steps")).extracting(s -> ((JsonObject) s).getString("state"))
        .containsExactly("pending", "pending", "pending");
    HubEvent started = events.await(1).get(0);
    assertThat(started.event()).isEqualTo("job-started");
    assertThat(started.key()).isEqualTo("ci-42");
    assertThat(started.data().getString("job_id")).isEqualTo("ci-42");
    assertThat(started.data().getString("name")).isEqualTo("CI main@4f2a");
    assertThat(started.data().getJsonArray("steps")).containsExactly("compile", "test", "package");
    assertThat(started.data().getInteger("total_steps")).isEqualTo(3);
    assertThat(started.data().getString("started_at")).isEqualTo(job.getString("started_at"));
  }

  @Test
  void shouldMakeAJobIdWhenNoneIsGiven() {
    JsonObject job = api.expect(201, io.vertx.core.http.HttpMethod.POST, JOBS, new JsonObject().put("name", "plan"));

    String id = job.getString("job_id");
    assertThat(id).hasSize(26);
    assertThat(api.job(id).getString("name")).isEqualTo("plan");
    assertThat(job.getJsonArray("steps")).isEmpty();
  }

  @Test
  void shouldTrackAStepFromStartToCompletionWithProgressEvents() {
    api.startJob("j", "build", "compile", "test", "package");

    JsonObject afterStart = api.startStep("j", "compile");
    JsonObject afterComplete = api.step("j", "compile", "complete",
        new JsonObject().put("duration_ms", 1234).put("output", "0 warnings"));

    assertThat(step(afterStart, "compile").getString("state")).isEqualTo("running");
    assertThat(step(afterStart, "compile").getInteger("attempts")).isEqualTo(1);
    JsonObject compile = step(afterComplete, "compile");
    assertThat(compile.getString("state")).isEqualTo("succeeded");
    assertThat(compile.getLong("duration_ms")).isEqualTo(1234);
    assertThat(compile.getString("output")).isEqualTo("0 warnings");
    assertThat(compile.getString("ended_at")).isNotNull();
    assertThat(afterComplete.getInteger("finished_steps")).isEqualTo(1);
    assertThat(afterComplete.getInteger("percent_done")).isEqualTo(33);
    List<HubEvent> received = events.await(5);
    assertThat(received).extracting(HubEvent::event)
        .containsExactly("job-started", "step-started", "job-progress", "step-completed", "job-progress");
    assertThat(received).allMatch(e -> e.key().equals("j") && e.data().getString("job_id").equals("j"));
    JsonObject stepStarted = received.get(1).data();
    assertThat(stepStarted.getString("step")).isEqualTo("compile");
    assertThat(stepStarted.getInteger("attempt")).isEqualTo(1);
    assertThat(stepStarted.getString("name")).isEqualTo("build");
    JsonObject progressAfterStart = received.get(2).data();
    assertThat(progressAfterStart.getInteger("percent_done")).isZero();
    assertThat(progressAfterStart.getJsonArray("running_steps")).containsExactly("compile");
    assertThat(progressAfterStart.getString("step_state")).isEqualTo("running");
    JsonObject stepCompleted = received.get(3).data();
    assertThat(stepCompleted.getString("step")).isEqualTo("compile");
    assertThat(stepCompleted.getLong("duration_ms")).isEqualTo(1234);
    assertThat(stepCompleted.getString("output")).isEqualTo("0 warnings");
    JsonObject progress = received.get(4).data();
    assertThat(progress.getInteger("percent_done")).isEqualTo(33);
    assertThat(progress.getInteger("finished_steps")).isEqualTo(1);
    assertThat(progress.getInteger("total_steps")).isEqualTo(3);
    assertThat(progress.getJsonArray("running_steps")).isEmpty();
    assertThat(progress.getString("step")).isEqualTo("compile");
    assertThat(progress.getString("step_state")).isEqualTo("succeeded");
  }

  @Test
  void shouldMeasureTheStepDurationWhenTheReporterGivesNone() {
    api.startJob("j", "build", "compile");
    api.startStep("j", "compile");

    JsonObject job = api.completeStep("j", "compile");

    long duration = step(job, "compile").getLong("duration_ms");
    assertThat(duration).isBetween(0L, job.getLong("elapsed_ms"));
  }

  @Test
  void shouldRecordAFailedStepAndLetItBeStartedAgain() {
    api.startJob("j", "deploy", "push");
    api.startStep("j", "push");

    JsonObject failed = api.step("j", "push", "fail",
        new JsonObject().put("error", "registry timed out").put("output", "pushed 3/5 layers"));
    JsonObject retried = api.startStep("j", "push");
    JsonObject done = api.completeStep("j", "push");

    assertThat(step(failed, "push").getString("state")).isEqualTo("failed");
    assertThat(step(failed, "push").getString("error")).isEqualTo("registry timed out");
    assertThat(failed.getInteger("percent_done")).isEqualTo(100);
    assertThat(step(retried, "push").getInteger("attempts")).isEqualTo(2);
    assertThat(step(retried, "push").getString("error")).isNull();
    assertThat(step(done, "push").getString("state")).isEqualTo("succeeded");
    HubEvent stepFailed = events.await(4).get(3);
    assertThat(stepFailed.event()).isEqualTo("step-failed");
    assertThat(stepFailed.data().getString("step")).isEqualTo("push");
    assertThat(stepFailed.data().getString("error")).isEqualTo("registry timed out");
    assertThat(stepFailed.data().getString("output")).isEqualTo("pushed 3/5 layers");
    assertThat(stepFailed.data().getInteger("attempt")).isEqualTo(1);
    assertThat(events.await(8).get(5).data().getInteger("attempt")).isEqualTo(2);
  }

  @Test
  void shouldAddStepsThatWereNotPlanned() {
    api.startJob("plan-1", "agent plan");

    api.startStep("plan-1", "search");
    JsonObject job = api.startStep("plan-1", "summarize");
    api.completeStep("plan-1", "search");

    assertThat(job.getInteger("total_steps")).isEqualTo(2);
    assertThat(job.getJsonArray("steps")).extracting(s -> ((JsonObject) s).getString("step"))
        .containsExactly("search", "summarize");
    assertThat(api.job("plan-1").getInteger("percent_done")).isEqualTo(50);
  }

  @Test
  void shouldCompleteAJobSkippingStepsThatNeverRan() {
    api.startJob("j", "gate", "lint", "optional-scan");
    api.startStep("j", "lint");
    api.completeStep("j", "lint");

    JsonObject job = api.expect(200, io.vertx.core.http.HttpMethod.POST, JOBS + "/j/complete",
        new JsonObject().put("output", "gate passed"));

    assertThat(job.getString("state")).isEqualTo("succeeded");
    assertThat(job.getString("output")).isEqualTo("gate passed");
    assertThat(job.getInteger("percent_done")).isEqualTo(100);
    assertThat(job.getLong("duration_ms")).isEqualTo(job.getLong("elapsed_ms")).isNotNegative();
    assertThat(step(job, "optional-scan").getString("state")).isEqualTo("skipped");
    HubEvent completed = events.await(6).get(5);
    assertThat(completed.event()).isEqualTo("job-completed");
    assertThat(completed.data().getString("job_id")).isEqualTo("j");
    assertThat(completed.data().getString("state")).isEqualTo("succeeded");
    assertThat(completed.data().getString("output")).isEqualTo("gate passed");
    assertThat(completed.data().getLong("duration_ms")).isEqualTo(job.getLong("duration_ms"));
    assertThat(completed.data().getJsonObject("counts").getInteger("succeeded")).isEqualTo(1);
    assertThat(completed.data().getJsonObject("counts").getInteger("skipped")).isEqualTo(1);
  }

  @Test
  void shouldFailAJobCancellingRunningStepsAndSkippingPendingOnes() {
    api.startJob("j", "pipeline", "a", "b", "c");
    api.startStep("j", "a");
    api.step("j", "a", "fail", new JsonObject().put("error", "exit 1"));
    api.startStep("j", "b");

    JsonObject job = api.expect(200, io.vertx.core.http.HttpMethod.POST, JOBS + "/j/fail",
        new JsonObject().put("error", "step a failed"));

    assertThat(job.getString("state")).isEqualTo("failed");
    assertThat(job.getString("error")).isEqualTo("step a failed");
    assertThat(job.getJsonArray("steps")).extracting(s -> ((JsonObject) s).getString("state"))
        .containsExactly("failed", "cancelled", "skipped");
    HubEvent failed = events.await(8).get(7);
    assertThat(failed.event()).isEqualTo("job-failed");
    assertThat(failed.data().getString("error")).isEqualTo("step a failed");
    assertThat(failed.data().getJsonArray("failed_steps")).containsExactly("a");
    assertThat(failed.data().getJsonArray("cancelled_steps")).containsExactly("b");
    assertThat(failed.data().getString("name")).isEqualTo("pipeline");
  }

  @Test
  void shouldShowAJobsProgressWithStepStatesDurationsPercentAndElapsedTime() {
    api.startJob("j", "build", "a", "b", "c", "d");
    api.startStep("j", "a");
    api.step("j", "a", "complete", new JsonObject().put("duration_ms", 10));
    api.startStep("j", "b");

    JsonObject job = api.job("j");

    assertThat(job.getInteger("percent_done")).isEqualTo(25);
    assertThat(job.getInteger("finished_steps")).isEqualTo(1);
    assertThat(job.getLong("elapsed_ms")).isNotNegative();
    assertThat(job.containsKey("duration_ms")).isFalse();
    assertThat(job.getJsonObject("counts")).isEqualTo(new JsonObject().put("pending", 2).put("running", 1)
        .put("succeeded", 1).put("failed", 0).put("skipped", 0).put("cancelled", 0));
    assertThat(step(job, "a").getLong("duration_ms")).isEqualTo(10);
    assertThat(step(job, "b").getString("started_at")).isNotNull();
    assertThat(step(job, "b").getValue("duration_ms")).isNull();
    assertThat(step(job, "c").getString("state")).isEqualTo("pending");
    assertThat(job.containsKey("recent_key")).isFalse();
  }

  @Test
  void shouldListRecentJobsNewestFirstInPages() {
    for (int i = 1; i <= 5; i++) {
      api.startJob("job-" + i, "run " + i, "s");
    }
    api.startStep("job-5", "s");

    JsonObject page1 = api.get(JOBS + "?limit=2");
    JsonObject page2 = api.get(JOBS + "?limit=2&after=" + page1.getString("next"));
    JsonObject page3 = api.get(JOBS + "?limit=2&after=" + page2.getString("next"));

    assertThat(ids(page1)).containsExactly("job-5", "job-4");
    assertThat(page1.getBoolean("more")).isTrue();
    assertThat(ids(page2)).containsExactly("job-3", "job-2");
    assertThat(ids(page3)).containsExactly("job-1");
    assertThat(page3.getBoolean("more")).isFalse();
    assertThat(page3.getString("next")).isNull();
    JsonObject newest = page1.getJsonArray("jobs").getJsonObject(0);
    assertThat(newest.getJsonObject("counts").getInteger("running")).isEqualTo(1);
    assertThat(newest.containsKey("steps")).isFalse();
    assertThat(ids(api.get(JOBS))).containsExactly("job-5", "job-4", "job-3", "job-2", "job-1");
  }

  @Test
  void shouldKeepEveryTransitionInTheLogForReplay() {
    api.startJob("j", "build", "a");
    api.startStep("j", "a");
    api.completeStep("j", "a");
    api.expect(200, io.vertx.core.http.HttpMethod.POST, JOBS + "/j/complete", null);

    List<JsonObject> history = api.history();

    assertThat(history).extracting(e -> e.getString("event")).containsExactly("job-started", "step-started",
        "job-progress", "step-completed", "job-progress", "job-completed");
    assertThat(history).allMatch(e -> e.getString("key").equals("j"));
    assertThat(events.await(6)).extracting(HubEvent::id)
        .containsExactlyElementsOf(history.stream().map(e -> e.getString("id")).toList());
  }

  @Test
  void shouldDeclareItsEventCatalog() {
    JsonObject categories = WorkflowClient.expect(200, hub.get("/api/categories", hub.token("subscribe:workflow")));

    JsonObject workflow = categories.getJsonArray("categories").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals("workflow")).findFirst().orElseThrow();
    assertThat(workflow.getString("plugin")).isEqualTo("workflow");
    assertThat(workflow.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("name")))
        .containsExactly("job-started", "step-started", "step-completed", "step-failed", "job-progress",
            "job-completed", "job-failed");
  }

  static List<String> ids(JsonObject page) {
    JsonArray jobs = page.getJsonArray("jobs");
    return jobs.stream().map(j -> ((JsonObject) j).getString("job_id")).toList();
  }
}
