package dev.eventhub.sources.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Producers inside the JVM: the event-bus address and the {@link WorkflowReporter} API. */
class WorkflowEventBusTest {
  @TempDir Path dir;

  @Test
  void shouldTrackAJobReportedOverTheEventBusAddress() {
    try (TestHub hub = TestHub.start(dir); EventRecorder events = EventRecorder.of(hub, "workflow")) {
      JsonObject started = request(hub, "workflow.report", new JsonObject().put("action", "start-job")
          .put("job_id", "bus-1").put("name", "nightly").put("steps", new JsonArray().add("a").add("b")));
      request(hub, "workflow.report", command("start-step", "bus-1").put("step", "a"));
      JsonObject completed = request(hub, "workflow.report", command("complete-step", "bus-1").put("step", "a")
          .put("duration_ms", 42).put("output", "ok"));
      JsonObject read = request(hub, "workflow.report", command("get-job", "bus-1"));

      assertThat(started.getString("state")).isEqualTo("running");
      assertThat(completed.getInteger("percent_done")).isEqualTo(50);
      assertThat(WorkflowClient.step(read, "a").getLong("duration_ms")).isEqualTo(42);
      assertThat(events.await(5)).extracting(HubEvent::event)
          .containsExactly("job-started", "step-started", "job-progress", "step-completed", "job-progress");
      JsonObject overHttp = new WorkflowClient(hub).job("bus-1");
      overHttp.remove("elapsed_ms");
      read.remove("elapsed_ms");
      assertThat(overHttp).isEqualTo(read);
    }
  }

  @Test
  void shouldFailEventBusRequestsWithTheStatusAndMessageHttpAnswers() {
    try (TestHub hub = TestHub.start(dir)) {
      WorkflowClient http = new WorkflowClient(hub);
      http.startJob("j", "build", "planned");
      JsonObject httpError = http.error(409, "conflict", HttpMethod.POST,
          WorkflowClient.JOBS + "/j/steps/planned/complete", null);

      ReplyException busError = failure(hub, command("complete-step", "j").put("step", "planned"));

      assertThat(busError.failureCode()).isEqualTo(409);
      assertThat(busError.getMessage()).isEqualTo(httpError.getString("message"));
      assertFailure(hub, command("get-job", "nope"), 404, "no job 'nope'");
      assertFailure(hub, new JsonObject().put("action", "explode").put("job_id", "j"), 400, "'action'");
      assertFailure(hub, new JsonObject().put("job_id", "j"), 400, "'action'");
      assertFailure(hub, command("start-step", "j"), 400, "'step'");
      assertFailure(hub, command("start-step", "j").put("step", 5), 400, "'step'");
      assertFailure(hub, command("fail-job", "j"), 400, "'error'");
      assertFailure(hub, new JsonObject().put("action", "start-job"), 400, "'name'");
      assertThat(failure(hub, "not an object").failureCode()).isEqualTo(400);
      assertThat(failure(hub, new JsonArray().add(1)).getMessage()).contains("JSON object");
      assertThat(http.historyTypes()).containsExactly("job-started");
    }
  }

  @Test
  void shouldReportThroughTheJavaApi() {
    try (TestHub hub = TestHub.start(dir); EventRecorder events = EventRecorder.of(hub, "workflow")) {
      WorkflowReporter reporter = WorkflowReporter.create(hub.vertx());

      JsonObject started = TestHub.await(reporter.startJob(null, "agent plan", List.of("think", "act")));
      String id = started.getString("job_id");
      TestHub.await(reporter.startStep(id, "think"));
      TestHub.await(reporter.completeStep(id, "think", 5L, "decided"));
      TestHub.await(reporter.startStep(id, "act"));
      TestHub.await(reporter.failStep(id, "act", "tool error"));
      JsonObject failed = TestHub.await(reporter.failJob(id, "gave up"));

      assertThat(failed.getString("state")).isEqualTo("failed");
      assertThat(TestHub.await(reporter.job(id)).getString("error")).isEqualTo("gave up");
      assertThat(events.await(10).get(9).event()).isEqualTo("job-failed");
      assertThatThrownBy(() -> TestHub.await(reporter.completeJob(id, null)))
          .isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).startsWith("job '" + id + "' already failed");
          });
      assertThatThrownBy(() -> TestHub.await(reporter.job("nope")))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
      assertThatThrownBy(() -> TestHub.await(reporter.startJob("x", "", null)))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void shouldListenOnTheConfiguredAddress() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.workflow.address", "ci.report"))) {
      JsonObject job = TestHub.await(WorkflowReporter.create(hub.vertx(), "ci.report").startJob("j", "n", null));

      assertThat(job.getString("job_id")).isEqualTo("j");
      assertThatThrownBy(() -> TestHub.await(WorkflowReporter.create(hub.vertx()).job("j")))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
  }

  private static JsonObject command(String action, String jobId) {
    return new JsonObject().put("action", action).put("job_id", jobId);
  }

  private static JsonObject request(TestHub hub, String address, JsonObject command) {
    return TestHub.await(hub.vertx().eventBus().<JsonObject>request(address, command).map(Message::body));
  }

  private static ReplyException failure(TestHub hub, Object body) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> TestHub.await(hub.vertx().eventBus().request("workflow.report", body)));
    assertThat(thrown).isInstanceOf(ReplyException.class);
    return (ReplyException) thrown;
  }

  private static void assertFailure(TestHub hub, Object body, int status, String message) {
    ReplyException e = failure(hub, body);
    assertThat(e.failureCode()).isEqualTo(status);
    assertThat(e.getMessage()).contains(message);
  }
}
