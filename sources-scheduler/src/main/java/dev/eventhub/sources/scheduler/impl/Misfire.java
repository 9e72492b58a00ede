package dev.eventhub.sources.scheduler.impl;

/** The misfire policies: what a schedule does about occurrences missed while the hub was down (or late). */
final class Misfire {
  /** Fire once, at once, for all the missed occurrences together. */
  static final String FIRE_ONCE = "fire-once";
  /** Fire nothing for them; carry on at the next future occurrence. */
  static final String SKIP = "skip";

  private Misfire() {}

  static boolean isPolicy(String s) {
    return FIRE_ONCE.equals(s) || SKIP.equals(s);
  }
}
