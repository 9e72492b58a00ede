package dev.eventhub.sources.scheduler.impl;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A cron trigger. Five fields are a Unix expression (minute precision: {@code 0 2 * * *}); six or
 * seven are a Quartz one, with seconds first and an optional year ({@code 0 0 2 * * ?}, {@code
 * *}{@code /5 * * * * ?}). Evaluated in {@code timeZone}, so that daylight-saving changes move the
 * UTC instant, not the wall-clock time.
 */
record CronTrigger(String expression, ZoneId zone, ExecutionTime times) implements Trigger {
  static final int MAX_EXPRESSION = 256;
  // Parsers hold only their immutable definitions.
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  /**
   * Reads a cron trigger.
   *
   * @param checkFires whether to refuse an expression that never fires (for new definitions; a
   *     stored one is loaded as it is)
   */
  static CronTrigger parse(JsonObject json, boolean checkFires) {
    String expression = Fields.string(json, "expression", "trigger.expression", true, MAX_EXPRESSION).trim();
    String zoneText = json.getValue("timeZone") == null ? "UTC"
        : Fields.string(json, "timeZone", "trigger.timeZone", true, 64);
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw HubException.badRequest("field 'trigger.timeZone': unknown time zone '" + zoneText
          + "' (use a region such as Europe/Paris, or UTC)");
    }
    int fields = expression.isEmpty() ? 0 : expression.split("\\s+").length;
    CronParser parser = switch (fields) {
      case 5 -> UNIX;
      case 6, 7 -> QUARTZ;
      default -> throw HubException.badRequest("field 'trigger.expression' must have 5 fields (Unix, minutes) or "
          + "6 to 7 fields (Quartz, seconds first), got " + fields + " in '" + expression + "'");
    };
    ExecutionTime times;
    try {
      Cron cron = parser.parse(expression);
      cron.validate();
      times = ExecutionTime.forCron(cron);
    } catch (RuntimeException e) {
      // cron-utils reports bad input as IllegalArgumentException, and a few odd inputs as other runtime errors.
      String hint = fields == 5 ? "" : " (Quartz needs ? in day-of-month or day-of-week, e.g. '0 0 2 * * ?')";
      throw HubException.badRequest("field 'trigger.expression': invalid cron expression '" + expression + "': "
          + e.getMessage() + hint);
    }
    CronTrigger trigger = new CronTrigger(expression, zone, times);
    if (checkFires && trigger.next(Instant.now(), null) == null) {
      throw HubException.badRequest("field 'trigger.expression': '" + expression + "' never fires");
    }
    return trigger;
  }

  @Override
  public Instant next(Instant after, Instant anchor) {
    try {
      // Occurrences are whole seconds; cron-utils would carry a fraction of the start over.
      ZonedDateTime from = ZonedDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), zone);
      return times.nextExecution(from).map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
    } catch (RuntimeException e) {
      // cron-utils gives up on some expressions far in the future; that is "no next occurrence".
      return null;
    }
  }

  @Override
  public Catchup catchUp(Instant first, Instant now, Instant anchor) {
    Instant latest = first;
    int count = 1;
    while (count < MAX_COUNT) {
      Instant n = next(latest, anchor);
      if (n == null || n.isAfter(now)) {
        return new Catchup(latest, count);
      }
      latest = n;
      count++;
    }
    // Too many to walk: jump to the last one before now (lastExecution is strictly before).
    Instant last = times.lastExecution(ZonedDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS), zone))
        .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(latest);
    Instant n = next(last, anchor);
    return new Catchup(n != null && !n.isAfter(now) ? n : last.isBefore(latest) ? latest : last, MAX_COUNT);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", "cron").put("expression", expression).put("timeZone", zone.getId());
  }
}
