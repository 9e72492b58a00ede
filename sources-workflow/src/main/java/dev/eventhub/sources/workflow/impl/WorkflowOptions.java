package dev.eventhub.sources.workflow.impl;

import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The workflow plugin's settings, section {@code plugins.workflow} of {@code conf/hub.json}. An absent
 * key takes its {@code DEFAULT_*}.
 */
public final class WorkflowOptions {
  /** The event-bus address at which producers inside the JVM report. */
  public static final String DEFAULT_ADDRESS = "workflow.report";
  /** Most steps one job holds, planned or reported. */
  public static final int DEFAULT_MAX_STEPS_PER_JOB = 100;
  /** Most jobs one {@code GET /api/workflow/jobs} answers. */
  public static final int DEFAULT_RECENT_JOBS_LIMIT = 100;
  /** Jobs kept; beyond that the oldest finished ones are deleted. */
  public static final int DEFAULT_MAX_JOBS = 10_000;
  /** Longest output summary or error text. */
  public static final int DEFAULT_MAX_TEXT_LENGTH = 4096;

  static final String PREFIX = "plugins.workflow.";

  private final String address;
  private final int maxStepsPerJob;
  private final int recentJobsLimit;
  private final int maxJobs;
  private final int maxTextLength;

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the setting that is out of its range or of the wrong type
   */
  public WorkflowOptions(JsonObject config) {
    Object address = config.getValue("address", DEFAULT_ADDRESS);
    if (!(address instanceof String a) || a.isBlank()) {
      throw new IllegalArgumentException(PREFIX + "address must be a non-empty string, got " + address);
    }
    this.address = a;
    Settings settings = Settings.of(config, "plugins.workflow");
    maxStepsPerJob = settings.integer("maxStepsPerJob", DEFAULT_MAX_STEPS_PER_JOB, 1, 1000);
    recentJobsLimit = settings.integer("recentJobsLimit", DEFAULT_RECENT_JOBS_LIMIT, 1, 1000);
    maxJobs = settings.integer("maxJobs", DEFAULT_MAX_JOBS, 1, 10_000_000);
    maxTextLength = settings.integer("maxTextLength", DEFAULT_MAX_TEXT_LENGTH, 1, 65_536);
  }

  public String address() {
    return address;
  }

  public int maxStepsPerJob() {
    return maxStepsPerJob;
  }

  public int recentJobsLimit() {
    return recentJobsLimit;
  }

  public int maxJobs() {
    return maxJobs;
  }

  public int maxTextLength() {
    return maxTextLength;
  }
}
