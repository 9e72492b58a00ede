package dev.eventhub.benchmarks;

import java.util.Set;

/**
 * The options of N1 (NATS side by side) and M1-M3 (connections at scale), parsed apart from {@link Settings} so that
 * scenarios added side by side do not all grow one record: {@code Settings.parse} hands over every option named in
 * {@link #OPTIONS}.
 *
 * @param subscriberProcesses N1 and M3: child JVMs the subscribers are spread over
 * @param natsServer N1: the {@code nats-server} binary
 * @param idleConnections M1 and M2: connections opened
 * @param sourceAddresses M1-M3: loopback source addresses the connections are spread over (127.0.0.2, 127.0.0.3...):
 *     each gives one ephemeral port range towards the hub's one port
 * @param stormRate M2: connections opened per second (upgrade and {@code subscribe})
 * @param liveSubscribers M3: subscribers of the fan-out
 * @param heartbeatSeconds M1: the hub's {@code heartbeatInterval}; M1 holds the connections idle for two of them
 */
record ScaleOptions(int subscriberProcesses, String natsServer, int idleConnections, int sourceAddresses,
    int stormRate, int liveSubscribers, int heartbeatSeconds) {

  static final Set<String> OPTIONS = Set.of("--subscriber-processes", "--nats-server", "--idle-connections",
      "--source-addresses", "--storm-rate", "--live-subscribers", "--heartbeat");

  static ScaleOptions defaults() {
    return new ScaleOptions(2, NatsServer.DEFAULT_BINARY, 5_000, 4, 1_000, 1_000, 5);
  }

  /** The options of {@link #OPTIONS} found in {@code args}; every other one is left to {@code Settings.parse}. */
  static ScaleOptions parse(String[] args) {
    ScaleOptions o = defaults();
    int processes = o.subscriberProcesses;
    String nats = o.natsServer;
    int idle = o.idleConnections;
    int addresses = o.sourceAddresses;
    int storm = o.stormRate;
    int live = o.liveSubscribers;
    int heartbeat = o.heartbeatSeconds;
    for (int i = 0; i + 1 < args.length; i++) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--subscriber-processes" -> processes = positive(args[i], v);
        case "--nats-server" -> nats = v;
        case "--idle-connections" -> idle = positive(args[i], v);
        case "--source-addresses" -> addresses = Math.min(250, positive(args[i], v));
        case "--storm-rate" -> storm = positive(args[i], v);
        case "--live-subscribers" -> live = positive(args[i], v);
        case "--heartbeat" -> heartbeat = positive(args[i], v);
        default -> {
          continue;
        }
      }
      i++;
    }
    return new ScaleOptions(processes, nats, idle, addresses, storm, live, heartbeat);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, not '" + value + "'");
  }

  /** The {@code i}-th source address: 127.0.0.2, 127.0.0.3, ... (all of 127/8 is loopback on Linux). */
  static String sourceAddress(int i) {
    return "127.0.0." + (2 + i);
  }
}
