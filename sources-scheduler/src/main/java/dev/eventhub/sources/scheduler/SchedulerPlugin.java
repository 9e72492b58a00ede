package dev.eventhub.sources.scheduler;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.sources.scheduler.impl.SchedulerSettings;
import dev.eventhub.sources.scheduler.impl.SchedulerVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Durable schedules that fire on time: a cron expression in a time zone or a fixed interval, firing
 * an action (publish an event, or call an HTTP endpoint). Category {@code scheduler}, key = the
 * schedule's name.
 */
@AutoService(SourcePlugin.class)
public final class SchedulerPlugin implements SourcePlugin {
  /** The plugin's name. */
  public static final String NAME = "scheduler";
  /** The category of the scheduler's events. */
  public static final String CATEGORY = "scheduler";
  /**
   * Where the dead-letter queue sends back a parked HTTP action to be run again (request-reply; the
   * body is the entry's payload {@code {schedule, executionId, action}}).
   */
  public static final String RETRY_ADDRESS = "scheduler.retry";
  /** The category of retries, circuit-breaker changes and recoveries, shared with the other plugins that retry. */
  public static final String RECOVERY_CATEGORY = "error-recovery";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Durable cron and interval schedules that publish events or call HTTP endpoints";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of(CATEGORY, "Schedules and their executions",
        EventTypeDescriptor.of("schedule-created", "A schedule was created; data: the schedule"),
        EventTypeDescriptor.of("schedule-updated", "A schedule was changed, paused or resumed; data: the schedule "
            + "and change (updated, paused or resumed)"),
        EventTypeDescriptor.of("schedule-deleted", "A schedule was deleted; data: name"),
        EventTypeDescriptor.of("schedule-executed", "A schedule fired; data: executionId, schedule, trigger "
            + "(schedule, misfire, manual or resubmit), occurrence, occurrences, firedAt, action"),
        EventTypeDescriptor.of("execution-completed", "An execution ended; data: executionId, schedule, success, "
            + "durationMs, attempts, status, error, deadLetterId, deadLetterError")),
        CategoryDescriptor.of(RECOVERY_CATEGORY, "Retries, circuit breakers and recoveries of HTTP actions",
            EventTypeDescriptor.of("retry-started", "An HTTP action failed its first attempt and will be retried; "
                + "key = schedule; data: source (scheduler), schedule, target, executionId, error, maxAttempts, "
                + "nextAttemptInMs"),
            EventTypeDescriptor.of("retry-completed", "The retries of an HTTP action ended; key = schedule; data: "
                + "source, schedule, target, executionId, attempts, outcome (delivered, parked or dropped), "
                + "deadLetterId, durationMs"),
            EventTypeDescriptor.of("circuit-breaker-state-changed", "The circuit breaker of a target host changed "
                + "state; key = target; data: source, target, state (open, half-open, closed), previousState, failures"),
            EventTypeDescriptor.of("error-resolved", "A schedule whose HTTP action was failing succeeded again; key = "
                + "schedule; data: source, schedule, target, failingSince, durationMs, failedAttempts, parked")));
  }

  @Override
  public void validate(JsonObject config) {
    SchedulerSettings.from(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    // Issue 24: consumes no recorded events from the event bus, so none goes there for this plugin.
    context.interest().narrow();
    return new SchedulerVerticle(context, SchedulerSettings.from(context.config()));
  }
}
