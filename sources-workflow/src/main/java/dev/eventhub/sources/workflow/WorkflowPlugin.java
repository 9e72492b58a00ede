package dev.eventhub.sources.workflow;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.sources.workflow.impl.WorkflowOptions;
import dev.eventhub.sources.workflow.impl.WorkflowVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Tracks runs of multi-step workflows (CI pipelines, quality gates, agent plans) as the systems that
 * execute them report: over {@code /api/workflow/...}, over the event bus, or through {@link
 * WorkflowReporter}. Each transition is an event of category {@code workflow} keyed by the job id.
 * See docs/sources/workflow.md.
 */
@AutoService(SourcePlugin.class)
public final class WorkflowPlugin implements SourcePlugin {
  /** The plugin's name, which is also its configuration section {@code plugins.workflow}. */
  public static final String NAME = "workflow";
  /** The category it publishes. */
  public static final String CATEGORY = "workflow";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Progress of multi-step workflow runs reported by the systems that execute them";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of(CATEGORY, "Runs of multi-step workflows; key: the job id",
        EventTypeDescriptor.of("job-started", "A job started: job_id, name, started_at, steps (planned), total_steps"),
        EventTypeDescriptor.of("step-started",
            "A step started (or started again after failing): job_id, name, step, attempt, started_at, total_steps"),
        EventTypeDescriptor.of("step-completed",
            "A step succeeded: job_id, name, step, attempt, started_at, ended_at, duration_ms, output"),
        EventTypeDescriptor.of("step-failed",
            "A step failed: job_id, name, step, attempt, started_at, ended_at, duration_ms, error, output"),
        EventTypeDescriptor.of("job-progress",
            "After each step transition: job_id, name, step, step_state, total_steps, finished_steps, percent_done,"
                + " counts, running_steps, elapsed_ms"),
        EventTypeDescriptor.of("job-completed",
            "A job succeeded: job_id, name, started_at, ended_at, duration_ms, total_steps, counts, output"),
        EventTypeDescriptor.of("job-failed",
            "A job failed: job_id, name, started_at, ended_at, duration_ms, total_steps, counts, error, failed_steps,"
                + " cancelled_steps")));
  }

  @Override
  public void validate(JsonObject config) {
    new WorkflowOptions(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    // Issue 24: consumes no recorded events from the event bus, so none goes there for this plugin.
    context.interest().narrow();
    return new WorkflowVerticle(context);
  }
}
