package dev.eventhub.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU and memory figures from Linux's {@code /proc}: a process's CPU time (all threads), each of its
 * threads' CPU time by name, the machine's busy time, and resident memory. Elsewhere than Linux every
 * figure reads as zero, and the report says so.
 */
final class ProcStats {
  /** Clock ticks per second of {@code /proc} CPU figures; 100 on every Linux we run on. */
  static final double TICKS_PER_SECOND = 100.0;
  static final boolean AVAILABLE = Files.isReadable(Path.of("/proc/self/stat"));

  private ProcStats() {}

  /** User + system CPU seconds of {@code pid}, all threads; 0 when unreadable. */
  static double cpuSeconds(long pid) {
    return ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND;
  }

  /** CPU seconds per thread of {@code pid}, keyed {@code name#tid}. */
  static Map<String, Double> threadCpuSeconds(long pid) {
    Map<String, Double> out = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        String name = read(task.resolve("comm")).trim();
        out.put(name + "#" + task.getFileName(), ticks(task.resolve("stat")) / TICKS_PER_SECOND);
      }
    } catch (IOException | RuntimeException e) {
      // The process or a thread ended meanwhile: what was read stands.
    }
    return out;
  }

  /** Busy and total CPU seconds of the whole machine (all cores), from {@code /proc/stat}. */
  static double[] machineSeconds() {
    String first = read(Path.of("/proc/stat")).lines().findFirst().orElse("");
    String[] f = first.trim().split("\\s+");
    if (f.length < 5 || !f[0].equals("cpu")) {
      return new double[] {0, 0};
    }
    long total = 0;
    // user nice system idle iowait irq softirq steal (guest fields are already in user)
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
  }

  /** Resident set size of {@code pid} in bytes ({@code VmRSS}); 0 when unreadable. */
  static long rssBytes(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).lines().toList()) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        return Long.parseLong(f[0]) * 1024;
      }
    }
    return 0;
  }

  /** The soft limit on open files of {@code pid} ({@code "self"} for this process); -1 when unreadable or unlimited. */
  static long maxOpenFiles(Object pid) {
    for (String line : read(Path.of("/proc", pid.toString(), "limits")).lines().toList()) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
        return f[0].equals("unlimited") ? -1 : Long.parseLong(f[0]);
      }
    }
    return -1;
  }

  /**
   * Bytes {@code pid} has read ({@code rchar}) or written ({@code wchar}) through read and write system calls,
   * sockets included, from {@code /proc/<pid>/io} ({@code "self"} for this process); 0 when unreadable.
   */
  static long ioBytes(String pid, String field) {
    for (String line : read(Path.of("/proc", pid, "io")).lines().toList()) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    return 0;
  }

  private static long ticks(Path stat) {
    String text = read(stat);
    int close = text.lastIndexOf(')');
    if (close < 0) {
      return 0;
    }
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    String[] f = text.substring(close + 2).trim().split("\\s+");
    return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The names of the {@code n} busiest threads in {@code delta}, with their share of one core. */
  static List<Map.Entry<String, Double>> top(Map<String, Double> delta, int n) {
    return delta.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n).toList();
  }
}
