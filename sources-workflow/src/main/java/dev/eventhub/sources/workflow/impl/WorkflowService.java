package dev.eventhub.sources.workflow.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.async.KeyedQueue;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.id.UlidGenerator;
import dev.eventhub.kit.outbox.Outbox;
import dev.eventhub.kit.outbox.Outbox.Change;
import dev.eventhub.kit.outbox.Outbox.Cleanup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow service: jobs, their steps, and the events announcing each transition. HTTP and the
 * event bus both hand it commands ({@link #handle}), so both validate alike and answer the same
 * errors. Transitions of one job run one at a time; everything runs on the plugin's context.
 *
 * <p>Storage: {@code jobs} (key: job id) and {@code recent} (key: a {@link UlidGenerator ULID} taken when the job
 * started, value: the job id), which orders jobs by start for listing and pruning.
 */
final class WorkflowService {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);
  static final String CATEGORY = "workflow";
  static final String JOBS = "jobs";
  static final String RECENT = "recent";
  static final int MAX_NAME = 256;
  static final int DEFAULT_PAGE = 20;
  /** The storage's limit is 1 MiB of JSON per document; keep clear of it. */
  static final int MAX_JOB_CHARS = 1_000_000;
  private static final int PRUNE_SCAN = 1000;
  static final List<String> ACTIONS =
      List.of("start-job", "start-step", "complete-step", "fail-step", "complete-job", "fail-job", "get-job");

  private final PluginStorage storage;
  private final Outbox outbox;
  private final UlidGenerator ids;
  private final WorkflowOptions options;
  private final Context context;
  private final KeyedQueue queue = KeyedQueue.create();
  private boolean pruning;

  WorkflowService(PluginStorage storage, Outbox outbox, UlidGenerator ids, WorkflowOptions options,
      Context context) {
    this.storage = storage;
    this.outbox = outbox;
    this.ids = ids;
    this.options = options;
    this.context = context;
  }

  /**
   * Carries out a command {@code {"action": ..., "job_id": ..., ...}}; see docs/sources/workflow.md.
   *
   * @return the job as {@code GET /api/workflow/jobs/{jobId}} shows it, after the command
   */
  Future<JsonObject> handle(JsonObject command) {
    try {
      String action = Fields.string(command, "action", true, 32);
      return switch (action) {
        case "start-job" -> startJob(command);
        case "start-step", "complete-step", "fail-step" -> step(action, command);
        case "complete-job", "fail-job" -> endJob(action, command);
        case "get-job" -> job(Fields.id("job_id", command.getValue("job_id")));
        default -> throw HubException.badRequest("field 'action' must be one of " + String.join(", ", ACTIONS)
            + ", got '" + Fields.abbreviate(action) + "'");
      };
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<JsonObject> startJob(JsonObject command) {
    String jobId = command.getValue("job_id") == null ? null : Fields.id("job_id", command.getValue("job_id"));
    String name = Fields.string(command, "name", true, MAX_NAME);
    List<String> planned = plannedSteps(command.getValue("steps"));
    String id = jobId != null ? jobId : ids.next();
    return on(() -> queue.run(id, () -> storage.get(JOBS, id).compose(existing -> {
      if (existing != null) {
        throw HubException.conflict("job '" + id + "' already exists");
      }
      return insert(Job.start(id, name, planned, ids.next(), Instant.now()), planned);
    })).compose(view -> pruneIfNeeded().map(view)));
  }

  private Future<JsonObject> insert(Job job, List<String> planned) {
    String id = job.id();
    String recentKey = job.doc().getString("recent_key");
    JsonObject data = new JsonObject().put("job_id", id).put("name", job.name()).put("state", job.state())
        .put("started_at", job.doc().getString("started_at"))
        .put("steps", new JsonArray(new ArrayList<>(planned))).put("total_steps", planned.size());
    Change change = Change.insert(JOBS, id).publishing(draft("job-started", id, data))
        .cleanupWhenAbandoned(new Cleanup(RECENT, recentKey, null));
    JsonObject doc = checkedSize(job);
    return outbox.commit(change, () -> storage.insert(RECENT, recentKey, new JsonObject().put("job_id", id))
            .compose(v -> storage.insert(JOBS, id, doc))
            .recover(e -> storage.delete(RECENT, recentKey).otherwiseEmpty().compose(v -> Future.failedFuture(e))))
        .map(stored -> job.view(Instant.now(), true));
  }

  private Future<JsonObject> step(String action, JsonObject command) {
    String jobId = Fields.id("job_id", command.getValue("job_id"));
    String step = Fields.id("step", command.getValue("step"));
    Long duration = action.equals("start-step") ? null
        : Fields.integer(command, "duration_ms", false, 0, Long.MAX_VALUE);
    String output = action.equals("start-step") ? null
        : Fields.string(command, "output", false, 0, options.maxTextLength());
    String error = action.equals("fail-step") ? Fields.string(command, "error", true, options.maxTextLength()) : null;
    return transition(jobId, (job, now) -> {
      JsonObject changed = switch (action) {
        case "start-step" -> job.startStep(step, now, options.maxStepsPerJob());
        case "complete-step" -> job.endStep(step, Job.SUCCEEDED, now, duration, output, null);
        default -> job.endStep(step, Job.FAILED, now, duration, output, error);
      };
      String type = switch (action) {
        case "start-step" -> "step-started";
        case "complete-step" -> "step-completed";
        default -> "step-failed";
      };
      return List.of(draft(type, jobId, stepEventData(type, job, changed)),
          draft("job-progress", jobId, job.progress(now, changed)));
    });
  }

  private static JsonObject stepEventData(String type, Job job, JsonObject step) {
    JsonObject data = new JsonObject().put("job_id", job.id()).put("name", job.name())
        .put("step", step.getString("step")).put("attempt", step.getInteger("attempts"))
        .put("started_at", step.getString("started_at"));
    if (type.equals("step-started")) {
      return data.put("total_steps", job.stepCount());
    }
    data.put("ended_at", step.getString("ended_at")).put("duration_ms", step.getLong("duration_ms"))
        .put("output", step.getString("output"));
    return type.equals("step-failed") ? data.put("error", step.getString("error")) : data;
  }

  private Future<JsonObject> endJob(String action, JsonObject command) {
    String jobId = Fields.id("job_id", command.getValue("job_id"));
    boolean complete = action.equals("complete-job");
    String output = complete ? Fields.string(command, "output", false, 0, options.maxTextLength()) : null;
    String error = complete ? null : Fields.string(command, "error", true, options.maxTextLength());
    return transition(jobId, (job, now) -> {
      if (complete) {
        job.complete(now, output);
      } else {
        job.fail(now, error);
      }
      JsonObject view = job.view(now, false);
      JsonObject data = new JsonObject().put("job_id", jobId).put("name", job.name()).put("state", job.state())
          .put("started_at", view.getString("started_at")).put("ended_at", view.getString("ended_at"))
          .put("duration_ms", view.getLong("duration_ms")).put("total_steps", view.getInteger("total_steps"))
          .put("counts", view.getJsonObject("counts"));
      if (complete) {
        data.put("output", output);
      } else {
        data.put("error", error).put("failed_steps", new JsonArray(new ArrayList<>(job.stepsIn(Job.FAILED))))
            .put("cancelled_steps", new JsonArray(new ArrayList<>(job.stepsIn(Job.CANCELLED))));
      }
      return List.of(draft(complete ? "job-completed" : "job-failed", jobId, data));
    });
  }

  /** A job with its steps and progress. */
  Future<JsonObject> job(String jobId) {
    return on(() -> require(jobId).map(doc -> new Job(doc.value()).view(Instant.now(), true)));
  }

  /** The most recently started jobs, newest first, without their steps. */
  Future<JsonObject> jobs(int limit, String after) {
    if (after != null) {
      Fields.id("after", after);
    }
    ListOptions page = ListOptions.first(limit + 1).reversed();
    ListOptions query = after == null ? page : page.after(after);
    return on(() -> storage.list(RECENT, query).compose(index -> {
      List<StoredDocument> shown = index.subList(0, Math.min(limit, index.size()));
      List<Future<StoredDocument>> reads = shown.stream()
          .map(d -> storage.get(JOBS, d.value().getString("job_id"))).toList();
      return Future.all(reads).map(all -> {
        Instant now = Instant.now();
        JsonArray jobs = new JsonArray();
        // A job pruned or half-started by a crash has no document: leave it out.
        reads.stream().filter(r -> r.result() != null).forEach(r -> jobs.add(new Job(r.result().value()).view(now, false)));
        boolean more = index.size() > limit;
        return new JsonObject().put("jobs", jobs).put("next", more ? shown.get(shown.size() - 1).key() : null)
            .put("more", more);
      });
    }));
  }

  /** A transition: changes the job and yields the events announcing it. */
  private interface Transition {
    List<EventDraft> apply(Job job, Instant now);
  }

  private Future<JsonObject> transition(String jobId, Transition transition) {
    return on(() -> queue.run(jobId, () -> require(jobId).compose(doc -> {
      Instant now = Instant.now();
      Job job = new Job(doc.value());
      List<EventDraft> events = transition.apply(job, now);
      Change change = Change.replace(JOBS, jobId, doc.version()).publishing(events.toArray(EventDraft[]::new));
      JsonObject changed = checkedSize(job);
      return outbox.commit(change, () -> storage.replace(JOBS, jobId, doc.version(), changed))
          .map(stored -> job.view(now, true));
    })));
  }

  private Future<StoredDocument> require(String jobId) {
    return storage.get(JOBS, jobId).map(doc -> {
      if (doc == null) {
        throw HubException.notFound("no job '" + jobId + "'");
      }
      return doc;
    });
  }

  private List<String> plannedSteps(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw HubException.badRequest("field 'steps' must be an array of step ids");
    }
    if (array.size() > options.maxStepsPerJob()) {
      throw HubException.tooLarge("field 'steps' holds " + array.size() + " steps, over the limit of "
          + options.maxStepsPerJob() + " (" + WorkflowOptions.PREFIX + "maxStepsPerJob)");
    }
    List<String> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String step = Fields.id("steps[" + i + "]", array.getValue(i));
      if (!seen.add(step)) {
        throw HubException.badRequest("field 'steps' holds '" + step + "' twice");
      }
      steps.add(step);
    }
    return steps;
  }

  private static JsonObject checkedSize(Job job) {
    int chars = job.doc().encode().length();
    if (chars > MAX_JOB_CHARS) {
      throw HubException.tooLarge("job '" + job.id() + "' would take " + chars + " characters of JSON, over the "
          + MAX_JOB_CHARS + " a job may take in storage; report shorter outputs or errors");
    }
    return job.doc();
  }

  // Deletes the oldest finished jobs while there are more than maxJobs; one run at a time. Run when a
  // job starts, after its own transition (pruning takes other jobs' turns in the queue). Never fails.
  private Future<Void> pruneIfNeeded() {
    if (pruning) {
      return Future.succeededFuture();
    }
    pruning = true;
    return storage.count(JOBS, null)
        .compose(count -> count <= options.maxJobs() ? Future.succeededFuture()
            : storage.list(RECENT, ListOptions.first(PRUNE_SCAN)).compose(oldest -> prune(oldest, count - options.maxJobs())))
        .onComplete(ar -> pruning = false)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("pruning old jobs failed: " + e.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Object> prune(List<StoredDocument> oldest, long excess) {
    Future<Long> chain = Future.succeededFuture(excess);
    for (StoredDocument entry : oldest) {
      String jobId = entry.value().getString("job_id");
      chain = chain.compose(left -> left <= 0 ? Future.succeededFuture(left)
          : queue.run(jobId, () -> storage.get(JOBS, jobId).compose(doc -> {
            if (doc != null && !new Job(doc.value()).ended()) {
              return Future.succeededFuture(left);
            }
            Future<Boolean> job = doc == null ? Future.succeededFuture(false) : storage.delete(JOBS, jobId);
            return job.compose(deleted -> storage.delete(RECENT, entry.key())
                .map(v -> deleted ? left - 1 : left));
          })));
    }
    return chain.mapEmpty();
  }

  private static EventDraft draft(String type, String jobId, JsonObject data) {
    Object step = data.getValue("step");
    return EventDraft.of(CATEGORY, type, jobId, data).withOptionalAttribute("job_id", jobId)
        .withOptionalAttribute("step", step instanceof String s ? s : null);
  }


  /** The HTTP status an event-bus failure carries: the one HTTP would answer. */
  static int status(Throwable e) {
    return e instanceof HubException h ? h.code().httpStatus() : ErrorCode.INTERNAL.httpStatus();
  }

  // Every operation runs on the plugin's context and completes back on the caller's.
  private <T> Future<T> on(Supplier<Future<T>> operation) {
    return Contexts.roundTrip(context, operation);
  }
}
