package dev.eventhub.sources.workflow.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.sources.workflow.WorkflowReporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@link WorkflowReporter} over the event bus: each call is one request to the plugin's address. */
public final class EventBusWorkflowReporter implements WorkflowReporter {
  private final Vertx vertx;
  private final String address;

  public EventBusWorkflowReporter(Vertx vertx, String address) {
    this.vertx = vertx;
    this.address = address;
  }

  @Override
  public Future<JsonObject> startJob(String jobId, String name, List<String> steps) {
    JsonObject command = command("start-job", jobId).put("name", name);
    if (steps != null) {
      command.put("steps", new JsonArray(new ArrayList<>(steps)));
    }
    return send(command);
  }

  @Override
  public Future<JsonObject> startStep(String jobId, String step) {
    return send(command("start-step", jobId).put("step", step));
  }

  @Override
  public Future<JsonObject> completeStep(String jobId, String step, Long durationMs, String output) {
    return send(command("complete-step", jobId).put("step", step).put("duration_ms", durationMs).put("output", output));
  }

  @Override
  public Future<JsonObject> failStep(String jobId, String step, String error) {
    return send(command("fail-step", jobId).put("step", step).put("error", error));
  }

  @Override
  public Future<JsonObject> completeJob(String jobId, String output) {
    return send(command("complete-job", jobId).put("output", output));
  }

  @Override
  public Future<JsonObject> failJob(String jobId, String error) {
    return send(command("fail-job", jobId).put("error", error));
  }

  @Override
  public Future<JsonObject> job(String jobId) {
    return send(command("get-job", jobId));
  }

  private static JsonObject command(String action, String jobId) {
    return new JsonObject().put("action", action).put("job_id", jobId);
  }

  private Future<JsonObject> send(JsonObject command) {
    return vertx.eventBus().<JsonObject>request(address, command).map(m -> m.body()).recover(e -> {
      if (!(e instanceof ReplyException reply)) {
        return Future.failedFuture(e);
      }
      if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
        return Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE,
            "no answer from the workflow plugin at '" + address + "': " + reply.failureType()));
      }
      return Future.failedFuture(new HubException(code(reply.failureCode()), reply.getMessage()));
    });
  }

  private static ErrorCode code(int status) {
    return switch (status) {
      case 400 -> ErrorCode.BAD_REQUEST;
      case 404 -> ErrorCode.NOT_FOUND;
      case 409 -> ErrorCode.CONFLICT;
      case 413 -> ErrorCode.TOO_LARGE;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.INTERNAL;
    };
  }
}
