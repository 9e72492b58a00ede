package dev.eventhub.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up {@code bin/hub}'s log before anything logs. The log goes to stdout for {@code hub run} (a server's log
 * is its output) and to stderr for every other command, whose stdout is its answer ({@code $(bin/hub token)}).
 * Logback reads {@code conf/logback.xml} of the installation (else the runtime's built-in copy of it), with the
 * level and the format that {@code HUB_LOG_LEVEL} and {@code HUB_LOG_FORMAT} name, checked here. Once Logback is
 * the binding, java.util.logging (sqlite-jdbc, the JDK) is routed into it. With another binding (slf4j-jdk14 in
 * the tests) nothing but the stream property is set.
 */
public final class Logging {
  /** Logback's own property: the configuration file it reads. */
  static final String CONFIG = "logback.configurationFile";
  /** What conf/logback.xml reads: {@code System.out} or {@code System.err}. */
  static final String TARGET = "hub.log.target";
  /** What conf/logback.xml reads: the root level, from {@code HUB_LOG_LEVEL}. */
  static final String LEVEL = "hub.log.level";
  /** What conf/logback.xml reads: {@code text} or {@code json}, from {@code HUB_LOG_FORMAT}. */
  static final String FORMAT = "hub.log.format";
  /** The configuration the distribution ships as conf/logback.xml, used when that file is missing. */
  static final String BUILT_IN = "dev/eventhub/runtime/logback.xml";

  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
  private static final List<String> FORMATS = List.of("text", "json");
  // The top-level options that take a value: the word after one is not a command.
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--config");

  private Logging() {}

  /**
   * Checks the environment's log settings and sets the properties conf/logback.xml reads, then starts the log.
   *
   * @throws IllegalArgumentException naming the variable, when HUB_LOG_LEVEL or HUB_LOG_FORMAT is wrong
   */
  public static void configure(String[] args, Map<String, String> env, Path home) {
    String level = choice(env, "HUB_LOG_LEVEL", LEVELS, "info");
    String format = choice(env, "HUB_LOG_FORMAT", FORMATS, "text");
    setIfAbsent(TARGET, runsTheHub(args) ? "System.out" : "System.err");
    setIfAbsent(LEVEL, level);
    setIfAbsent(FORMAT, format);
    Path file = home.resolve("conf").resolve("logback.xml");
    setIfAbsent(CONFIG, Files.isRegularFile(file) ? file.toString() : BUILT_IN);
    if (LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback.")) {
      // LevelChangePropagator in logback.xml keeps java.util.logging's levels in step: a record below the level
      // is dropped by JUL itself, not built and bridged for nothing.
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /** Whether {@code args} run the hub: no command, or {@code run}. */
  static boolean runsTheHub(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (OPTIONS_WITH_VALUE.contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return "run".equals(arg);
      }
    }
    return true;
  }

  private static String choice(Map<String, String> env, String name, List<String> allowed, String fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    String value = raw.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + "; got '" + raw
          + "'");
    }
    return value;
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
