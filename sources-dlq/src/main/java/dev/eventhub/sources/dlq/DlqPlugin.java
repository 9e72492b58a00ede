package dev.eventhub.sources.dlq;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.sources.dlq.impl.DlqSettings;
import dev.eventhub.sources.dlq.impl.DlqVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The dead-letter queue: a durable queue of what the hub or its plugins could not deliver or
 * process, to inspect, resubmit to where it came from, or resolve. Category {@code dlq}, key = the
 * entry id. See the package documentation for the event-bus contract other plugins park through.
 */
@AutoService(SourcePlugin.class)
public final class DlqPlugin implements SourcePlugin {
  /** The plugin's name and the category it publishes. */
  public static final String NAME = "dlq";
  /** The category of the queue's events. */
  public static final String CATEGORY = "dlq";
  /** The category of retries and recoveries, shared with the other plugins that retry: resubmissions here. */
  public static final String RECOVERY_CATEGORY = "error-recovery";
  /**
   * The event-bus address where plugins park entries (request-reply): see the package
   * documentation for the message and the reply.
   */
  public static final String PARK_ADDRESS = "dlq.park";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Dead-letter queue: parks what could not be delivered, resubmits or resolves it";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of(CATEGORY, "Dead letters: what the hub or a plugin could not deliver or process",
        EventTypeDescriptor.of("entry-added", "An entry was parked; data (a reference, no content): id, "
            + "category, origin.plugin, attempts, firstFailureAt, lastFailureAt, parkedVia"),
        EventTypeDescriptor.of("entry-resolved", "An entry was resolved; data: id, category, origin.plugin, "
            + "resolution (manual or resubmitted)"),
        EventTypeDescriptor.of("entry-resubmitted", "An entry's payload was sent back to its origin; data: id, "
            + "category, origin.plugin, success, attempts"),
        EventTypeDescriptor.of("entry-purged", "A resolved entry was deleted; data: id, category, origin.plugin, "
            + "reason (purge or evicted)")),
        CategoryDescriptor.of(RECOVERY_CATEGORY, "Resubmissions of dead letters as retries, and their recoveries",
            EventTypeDescriptor.of("retry-started", "An entry was resubmitted; key = entry id; data: source (dlq), "
                + "deadLetterId, origin, target, category, resubmission, error (why it was parked), maxAttempts, "
                + "nextAttemptInMs"),
            EventTypeDescriptor.of("retry-completed", "A resubmission ended; key = entry id; data: source, "
                + "deadLetterId, origin, target, category, resubmission, attempts, outcome (delivered or parked), "
                + "error, durationMs"),
            EventTypeDescriptor.of("error-resolved", "A resubmission succeeded: the entry's failure is resolved; "
                + "key = entry id; data: source, deadLetterId, origin, target, category, failingSince, durationMs, "
                + "failedAttempts, parked")));
  }

  @Override
  public void validate(JsonObject config) {
    DlqSettings.from(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    // Issue 24: consumes no recorded events from the event bus, so none goes there for this plugin.
    context.interest().narrow();
    return new DlqVerticle(context, DlqSettings.from(context.config()));
  }
}
