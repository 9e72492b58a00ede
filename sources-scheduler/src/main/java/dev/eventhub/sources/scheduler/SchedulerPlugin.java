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
            + "durationMs, attempts, status, error, deadLetterId, deadLetterError")));
  }

  @Override
  public void validate(JsonObject config) {
    SchedulerSettings.from(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new SchedulerVerticle(context, SchedulerSettings.from(context.config()));
  }
}
