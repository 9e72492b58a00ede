package dev.eventhub.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3: {@code n} idle subscribed connections (upgrade, {@code subscribe}, {@code subscribed}), opened
 * {@value #PARALLEL} at a time against a freshly started server: connects per second, and the
 * server's resident memory per connection after a full GC (RSS after minus RSS before, both after
 * {@code jcmd GC.run}), with the heap's share of it.
 */
final class Connections {
  static final int PARALLEL = 200;

  private Connections() {}

  /**
   * @param histograms where to save the server's class histograms before and after ({@code --profile}), or null
   */
  static Sample run(Load load, int n, java.nio.file.Path histograms) throws Exception {
    Server server = load.server;
    settle(server);
    if (histograms != null) {
      server.saveClassHistogram(histograms.resolve(server.name() + "-S3-before.txt"));
    }
    long rss0 = server.rssBytes();
    long heap0 = server.heapUsedBytes();
    CpuMeter cpu = CpuMeter.start(server);
    long t0 = System.nanoTime();
    List<Subscriber> subscribers = load.subscribeMany(n, PARALLEL, List.of("idle"), false, null)
        .await(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    settle(server);
    long rss1 = server.rssBytes();
    long heap1 = server.heapUsedBytes();
    if (histograms != null) {
      server.saveClassHistogram(histograms.resolve(server.name() + "-S3-after.txt"));
    }
    sample.problem(Load.firstFailure(subscribers));
    Load.closeAll(subscribers).await(2, TimeUnit.MINUTES);
    sample.put("connects/s", subscribers.size() / seconds)
        .put("RSS KiB/conn", (rss1 - rss0) / 1024.0 / subscribers.size())
        .put("heap KiB/conn", heap0 < 0 || heap1 < 0 ? Double.NaN : (heap1 - heap0) / 1024.0 / subscribers.size())
        .put("RSS MiB", rss1 / 1048576.0);
    if (subscribers.size() < n) {
      sample.problem("only " + subscribers.size() + " of " + n + " connections opened");
    }
    return sample;
  }

  // Two full GCs a second apart: the second one also frees what finalization and cleaners released.
  private static void settle(Server server) throws InterruptedException {
    if (!server.gc()) {
      throw new IllegalStateException("jcmd GC.run failed: S3 needs the JDK's jcmd");
    }
    Thread.sleep(1000);
    server.gc();
    Thread.sleep(500);
  }
}
