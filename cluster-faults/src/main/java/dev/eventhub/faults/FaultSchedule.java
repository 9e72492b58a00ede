package dev.eventhub.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs the seeded fault schedule against the cluster: each kind of fault once in a seeded order first
 * (all of them, even past the duration, so that even a short run has each), then kinds at random until
 * the duration is up; a quiet gap before each. Every fault ends only when every node is ready again, and
 * its window says so.
 */
final class FaultSchedule {
  private final Cluster cluster;
  private final Random random;
  private final Consumer<String> log;
  private final List<Fault.Window> windows = new ArrayList<>();

  FaultSchedule(Cluster cluster, long seed, Consumer<String> log) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.log = log;
  }

  List<Fault.Window> windows() {
    return windows;
  }

  void run(Duration duration) throws Exception {
    long end = System.currentTimeMillis() + duration.toMillis();
    List<Fault> kinds = new ArrayList<>(List.of(Fault.values()));
    if (cluster.brokers().size() == 0) {
      kinds.remove(Fault.KILL_BROKER);
    }
    List<Fault> first = new ArrayList<>(kinds);
    Collections.shuffle(first, random);
    while (!first.isEmpty() || System.currentTimeMillis() < end) {
      Thread.sleep(1000 + random.nextInt(2000));
      Fault fault = first.isEmpty() ? kinds.get(random.nextInt(kinds.size())) : first.remove(0);
      inject(fault);
    }
  }

  private void inject(Fault fault) throws Exception {
    List<HubNode> hubs = cluster.hubs();
    long start = System.currentTimeMillis();
    String target;
    switch (fault) {
      case KILL_HUB -> {
        HubNode node = hubs.get(random.nextInt(hubs.size()));
        target = node.name();
        log.accept(fault.label + " " + target + " (pid " + node.pid() + ")");
        node.kill();
        Thread.sleep(downtime());
        node.start();
      }
      case PAUSE_HUB, PAUSE_LEADER -> {
        HubNode node = fault == Fault.PAUSE_LEADER ? cluster.leader() : null;
        if (node == null) {
          node = hubs.get(random.nextInt(hubs.size()));
        }
        target = node.name();
        long pause = cluster.sessionTimeout().toMillis() + 2000 + random.nextInt(3000);
        log.accept(fault.label + " " + target + " (pid " + node.pid() + ") for " + pause + " ms");
        node.pause();
        Thread.sleep(pause);
        node.resume();
      }
      case KILL_BROKER -> {
        int broker = random.nextInt(cluster.brokers().size());
        target = "broker-" + (broker + 1);
        log.accept(fault.label + " " + target);
        cluster.brokers().kill(broker);
        Thread.sleep(downtime());
        cluster.brokers().restart(broker);
      }
      case RESTART_ALL -> {
        List<HubNode> order = new ArrayList<>(hubs);
        Collections.shuffle(order, random);
        List<HubNode> again = new ArrayList<>(order);
        while (again.equals(order) && order.size() > 1) {
          Collections.shuffle(again, random);
        }
        target = "stop " + names(order) + ", start " + names(again);
        log.accept(fault.label + ": " + target);
        for (HubNode node : order) {
          node.kill();
        }
        Thread.sleep(1000 + random.nextInt(2000));
        for (HubNode node : again) {
          node.start();
          Thread.sleep(random.nextInt(2000));
        }
      }
      default -> throw new IllegalStateException("unknown fault " + fault);
    }
    cluster.awaitAllReady();
    long end = System.currentTimeMillis();
    windows.add(new Fault.Window(fault, target, start, end));
    log.accept("  recovered after " + (end - start) + " ms");
  }

  private long downtime() {
    return 2000 + random.nextInt(4000);
  }

  private static String names(List<HubNode> nodes) {
    return String.join(",", nodes.stream().map(HubNode::name).toList());
  }
}
