package dev.eventhub.sources.workflow;

import dev.eventhub.sources.workflow.impl.EventBusWorkflowReporter;
import dev.eventhub.sources.workflow.impl.WorkflowOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reports the runs of workflows from inside the JVM (a build tool embedding the hub, an agent
 * framework): a typed wrapper around the plugin's event-bus address, {@code workflow.report} unless
 * configured otherwise. Each call is one request; the same rules as the REST API apply.
 *
 * <pre>{@code
 * WorkflowReporter reporter = WorkflowReporter.create(vertx);
 * reporter.startJob("build-42", "CI build", List.of("compile", "test"))
 *     .compose(job -> reporter.startStep("build-42", "compile"))
 *     .compose(job -> reporter.completeStep("build-42", "compile", 5200L, "0 warnings"));
 * }</pre>
 *
 * <p>Calls may be made from any thread and never block. Every future yields the job as {@code GET
 * /api/workflow/jobs/{jobId}} shows it after the change, or fails with a {@link
 * dev.eventhub.api.HubException} carrying the error code and message the REST API would answer:
 * {@code bad_request}, {@code not_found}, {@code conflict} (a transition that makes no sense; nothing
 * was recorded), {@code too_large}; {@code unavailable} when no workflow plugin answers.
 *
 * <p>The class lives in the plugin's jar: code that uses it must see that jar (the classpath, or a
 * plugin folder it shares). Other code sends the same JSON commands to the address directly, as
 * docs/sources/workflow.md describes.
 */
public interface WorkflowReporter {
  /** A reporter talking to the default address, {@value WorkflowOptions#DEFAULT_ADDRESS}. */
  static WorkflowReporter create(Vertx vertx) {
    return create(vertx, WorkflowOptions.DEFAULT_ADDRESS);
  }

  /** A reporter talking to {@code address}, the plugin's {@code plugins.workflow.address}. */
  static WorkflowReporter create(Vertx vertx, String address) {
    return new EventBusWorkflowReporter(vertx, address);
  }

  /**
   * Starts a job.
   *
   * @param jobId the job's id, or {@code null} to have the plugin make one (read it from the answer)
   * @param name what runs, e.g. {@code "CI build main@4f2a"}
   * @param steps the planned step ids, in order; {@code null} or empty when steps are reported as they come
   */
  Future<JsonObject> startJob(String jobId, String name, List<String> steps);

  /** A step started: a planned one, a new one (added to the job), or a failed one started again (a retry). */
  Future<JsonObject> startStep(String jobId, String step);

  /**
   * A running step succeeded.
   *
   * @param durationMs how long it took as the executor measured it, or {@code null} to use the time since it started
   * @param output a summary of its output, or {@code null}
   */
  Future<JsonObject> completeStep(String jobId, String step, Long durationMs, String output);

  /** A running step failed with {@code error}. */
  Future<JsonObject> failStep(String jobId, String step, String error);

  /** The job succeeded; no step may be running, pending ones are skipped. */
  Future<JsonObject> completeJob(String jobId, String output);

  /** The job failed with {@code error}; running steps are cancelled, pending ones skipped. */
  Future<JsonObject> failJob(String jobId, String error);

  /** The job with its steps and progress. */
  Future<JsonObject> job(String jobId);
}
