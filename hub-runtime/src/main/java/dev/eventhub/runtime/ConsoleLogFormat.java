package dev.eventhub.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One readable line per log record: {@code 2026-11-22 01:23:45.678 INFO  PluginManager  message}; to stdout for
 * {@code hub run}, to stderr for the commands whose stdout is their answer ({@code hub token}).
 */
public final class ConsoleLogFormat extends Formatter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  // java.util.logging holds loggers weakly: a level set on one nobody references is lost at the next GC.
  private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

  /** Replaces the JDK's two-line stderr logging (or this format on another stream) with this format on {@code stream}. */
  public static void install(java.io.PrintStream stream) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      if (h instanceof ConsoleHandler || h.getFormatter() instanceof ConsoleLogFormat) {
        root.removeHandler(h);
      }
    }
    StreamHandler out = new StreamHandler(stream, new ConsoleLogFormat()) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    out.setLevel(Level.ALL);
    root.addHandler(out);
    // Netty and Kafka's clients are chatty at INFO about their internals (Kafka logs every client's whole
    // configuration at start; it masks passwords, and WARNING keeps even that out of the log).
    level("io.netty", Level.WARNING);
    level("org.apache.kafka", Level.WARNING);
    // vertx-micrometer-metrics 5 registers some gauges twice and Micrometer warns once about it
    // (vert-x3/vertx-micrometer-metrics#259): harmless, and alarming in an operator's log.
    level("io.micrometer.core.instrument.MeterRegistry", Level.SEVERE);
  }

  private static void level(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    CONFIGURED.add(logger);
  }

  @Override
  public String format(LogRecord r) {
    String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
    String shortName = logger.substring(logger.lastIndexOf('.') + 1);
    StringBuilder line = new StringBuilder(128)
        .append(TIME.format(r.getInstant())).append(' ')
        .append(String.format("%-7s", r.getLevel().getName())).append(' ')
        .append(shortName).append("  ")
        .append(formatMessage(r)).append(System.lineSeparator());
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }
}
