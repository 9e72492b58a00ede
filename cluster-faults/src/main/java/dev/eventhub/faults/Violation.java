package dev.eventhub.faults;

/**
 * A broken promise the checker found: which check (1 to 6, as in the module's description), what, and
 * when it happened (epoch ms, or -1 when no instant belongs to it), so the report can put it under a fault.
 */
record Violation(int check, String detail, long at) {
  static final String[] NAMES = {"", "acked once", "same log", "no phantom", "resume", "schedule once", "webhook"};

  @Override
  public String toString() {
    return "(" + check + " " + NAMES[check] + ") " + detail;
  }
}
