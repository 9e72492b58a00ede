package dev.eventhub.faults;

/** The faults the harness injects, and one occurrence of one: what, on whom, from when to when (epoch ms). */
enum Fault {
  /** kill -9 of a hub node, restarted after a while. */
  KILL_HUB("kill -9 hub"),
  /** SIGSTOP of a hub node for longer than the session timeout, then SIGCONT. */
  PAUSE_HUB("pause hub"),
  /** SIGSTOP of the node that leads (ONE_NODE plugin work), likewise. */
  PAUSE_LEADER("pause leader"),
  /** kill -9 of a Kafka broker, restarted after a while. */
  KILL_BROKER("kill -9 broker"),
  /** kill -9 of every hub, restarted in another order. */
  RESTART_ALL("restart all hubs");

  final String label;

  Fault(String label) {
    this.label = label;
  }

  /** One injected fault: from its start to the moment every node was ready again. */
  record Window(Fault fault, String target, long start, long end) {
    boolean contains(long at) {
      return at >= start && at <= end;
    }
  }
}
