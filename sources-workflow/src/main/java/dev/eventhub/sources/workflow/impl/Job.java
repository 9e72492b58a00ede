package dev.eventhub.sources.workflow.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a workflow and the rules of its transitions. Wraps the stored document; each
 * transition checks that it makes sense (else a {@code conflict} saying why, and nothing changed)
 * and then changes the document.
 *
 * <p>A job is {@code running} until it is completed ({@code succeeded}) or failed ({@code failed}).
 * A step is {@code pending} (planned, not started), {@code running}, {@code succeeded}, {@code
 * failed} (and may be started again, a retry), {@code skipped} (still pending when the job ended) or
 * {@code cancelled} (still running when the job failed).
 */
final class Job {
  static final String RUNNING = "running";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String PENDING = "pending";
  static final String SKIPPED = "skipped";
  static final String CANCELLED = "cancelled";
  private static final List<String> STEP_STATES = List.of(PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED);

  private final JsonObject doc;

  Job(JsonObject doc) {
    this.doc = doc;
  }

  static Job start(String jobId, String name, List<String> planned, String recentKey, Instant now) {
    JsonArray steps = new JsonArray();
    planned.forEach(step -> steps.add(step(step)));
    return new Job(new JsonObject().put("job_id", jobId).put("name", name).put("state", RUNNING)
        .put("started_at", time(now)).put("ended_at", null).put("output", null).put("error", null)
        .put("recent_key", recentKey).put("steps", steps));
  }

  String id() {
    return doc.getString("job_id");
  }

  String name() {
    return doc.getString("name");
  }

  String state() {
    return doc.getString("state");
  }

  boolean ended() {
    return !RUNNING.equals(state());
  }

  JsonObject doc() {
    return doc;
  }

  /** Starts a step, adding it when it was not planned, or starts a failed one again. */
  JsonObject startStep(String name, Instant now, int maxSteps) {
    requireRunning();
    JsonObject step = find(name);
    if (step == null) {
      if (steps().size() >= maxSteps) {
        throw HubException.conflict("job '" + id() + "' has " + steps().size() + " steps, the limit ("
            + WorkflowOptions.PREFIX + "maxStepsPerJob); step '" + name + "' cannot be added");
      }
      step = step(name);
      steps().add(step);
    }
    switch (step.getString("state")) {
      case RUNNING -> throw conflict(name, "is already running (attempt " + step.getInteger("attempts") + ")");
      case SUCCEEDED -> throw conflict(name, "already completed");
      default -> {
        // pending, or failed and retried
      }
    }
    return step.put("state", RUNNING).put("attempts", step.getInteger("attempts") + 1).put("started_at", time(now))
        .put("ended_at", null).put("duration_ms", null).put("output", null).put("error", null);
  }

  /** Ends a running step as {@code succeeded} or {@code failed}. */
  JsonObject endStep(String name, String outcome, Instant now, Long durationMs, String output, String error) {
    requireRunning();
    JsonObject step = find(name);
    if (step == null || PENDING.equals(step.getString("state"))) {
      throw conflict(name, "never started");
    }
    switch (step.getString("state")) {
      case SUCCEEDED -> throw conflict(name, "already completed");
      case FAILED -> throw conflict(name, "already failed; start it again to retry it");
      default -> {
        // running
      }
    }
    long measured = Math.max(0, now.toEpochMilli() - Instant.parse(step.getString("started_at")).toEpochMilli());
    return step.put("state", outcome).put("ended_at", time(now))
        .put("duration_ms", durationMs != null ? durationMs : measured).put("output", output).put("error", error);
  }

  /** Completes the job: no step may still be running; pending ones are skipped. */
  void complete(Instant now, String output) {
    requireRunning();
    List<String> running = stepsIn(RUNNING);
    if (!running.isEmpty()) {
      throw HubException.conflict("job '" + id() + "' still has running steps: " + String.join(", ", running)
          + "; complete or fail them first");
    }
    end(SUCCEEDED, now).put("output", output);
  }

  /** Fails the job: running steps are cancelled, pending ones skipped. */
  void fail(Instant now, String error) {
    requireRunning();
    for (JsonObject step : stepList()) {
      if (RUNNING.equals(step.getString("state"))) {
        step.put("state", CANCELLED).put("ended_at", time(now));
      }
    }
    end(FAILED, now).put("error", error);
  }

  private JsonObject end(String outcome, Instant now) {
    for (JsonObject step : stepList()) {
      if (PENDING.equals(step.getString("state"))) {
        step.put("state", SKIPPED);
      }
    }
    return doc.put("state", outcome).put("ended_at", time(now));
  }

  /** What clients see: the job, its progress and, with {@code withSteps}, its steps. */
  JsonObject view(Instant now, boolean withSteps) {
    JsonObject view = doc.copy();
    view.remove("recent_key");
    view.remove("steps");
    Map<String, Integer> counts = counts();
    int total = steps().size();
    int finished = total - counts.get(PENDING) - counts.get(RUNNING);
    view.put("elapsed_ms", elapsed(now)).put("total_steps", total).put("finished_steps", finished)
        .put("percent_done", total == 0 ? (ended() ? 100 : 0) : finished * 100 / total)
        .put("counts", new JsonObject(new LinkedHashMap<>(counts)));
    if (ended()) {
      view.put("duration_ms", elapsed(now));
    }
    if (withSteps) {
      view.put("steps", steps().copy());
    }
    return view;
  }

  /** The data of {@code job-progress} after a transition of {@code step}. */
  JsonObject progress(Instant now, JsonObject step) {
    JsonObject view = view(now, false);
    return new JsonObject().put("job_id", id()).put("name", name()).put("state", state())
        .put("step", step.getString("step")).put("step_state", step.getString("state"))
        .put("total_steps", view.getInteger("total_steps")).put("finished_steps", view.getInteger("finished_steps"))
        .put("percent_done", view.getInteger("percent_done")).put("counts", view.getJsonObject("counts"))
        .put("running_steps", new JsonArray(new ArrayList<>(stepsIn(RUNNING)))).put("elapsed_ms", view.getLong("elapsed_ms"));
  }

  /** The steps in {@code state}, in order. */
  List<String> stepsIn(String state) {
    return stepList().stream().filter(s -> state.equals(s.getString("state"))).map(s -> s.getString("step")).toList();
  }

  int stepCount() {
    return steps().size();
  }

  long elapsed(Instant now) {
    Instant end = ended() ? Instant.parse(doc.getString("ended_at")) : now;
    return Math.max(0, end.toEpochMilli() - Instant.parse(doc.getString("started_at")).toEpochMilli());
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    STEP_STATES.forEach(s -> counts.put(s, 0));
    stepList().forEach(s -> counts.merge(s.getString("state"), 1, Integer::sum));
    return counts;
  }

  private void requireRunning() {
    if (ended()) {
      throw HubException.conflict("job '" + id() + "' already " + state() + " at " + doc.getString("ended_at")
          + "; nothing more can be recorded for it");
    }
  }

  private HubException conflict(String step, String why) {
    return HubException.conflict("step '" + step + "' of job '" + id() + "' " + why);
  }

  private JsonObject find(String name) {
    for (JsonObject step : stepList()) {
      if (name.equals(step.getString("step"))) {
        return step;
      }
    }
    return null;
  }

  private JsonArray steps() {
    return doc.getJsonArray("steps");
  }

  private List<JsonObject> stepList() {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < steps().size(); i++) {
      out.add(steps().getJsonObject(i));
    }
    return out;
  }

  private static JsonObject step(String name) {
    return new JsonObject().put("step", name).put("state", PENDING).put("attempts", 0).put("started_at", null)
        .put("ended_at", null).put("duration_ms", null).put("output", null).put("error", null);
  }

  static String time(Instant instant) {
    return HubEvent.formatTimestamp(instant);
  }
}
