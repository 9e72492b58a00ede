package dev.eventhub.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The table per fault: how often it was injected, the publishes that succeeded and failed while it lasted
 * (from injection to every node ready again), the longest time in those windows without a successful
 * publish anywhere, and the violations that happened in them; a last row for the time between faults.
 */
final class Report {
  private Report() {}

  static String table(FaultRun.Result r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-18s %5s %9s %9s %16s %10s%n", "fault", "count", "pub ok", "pub fail",
        "max unavail (s)", "violations"));
    Map<Fault, List<Fault.Window>> byFault = new EnumMap<>(Fault.class);
    r.windows().forEach(w -> byFault.computeIfAbsent(w.fault(), k -> new ArrayList<>()).add(w));
    for (Map.Entry<Fault, List<Fault.Window>> e : byFault.entrySet()) {
      List<Fault.Window> windows = e.getValue();
      int ok = 0;
      int failed = 0;
      for (Publisher.Attempt a : r.attempts()) {
        if (windows.stream().anyMatch(w -> w.contains(a.at()))) {
          if (a.ok()) {
            ok++;
          } else {
            failed++;
          }
        }
      }
      long unavailable = windows.stream().mapToLong(w -> longestGap(r.attempts(), w.start(), w.end())).max().orElse(0);
      long violations = r.violations().stream().filter(v -> windows.stream().anyMatch(w -> w.contains(v.at()))).count();
      out.append(String.format("%-18s %5d %9d %9d %16.1f %10d%n", e.getKey().label, windows.size(), ok, failed,
          unavailable / 1000.0, violations));
    }
    int ok = 0;
    int failed = 0;
    for (Publisher.Attempt a : r.attempts()) {
      if (r.windows().stream().noneMatch(w -> w.contains(a.at()))) {
        if (a.ok()) {
          ok++;
        } else {
          failed++;
        }
      }
    }
    long outside = r.violations().stream().filter(v -> r.windows().stream().noneMatch(w -> w.contains(v.at()))).count();
    out.append(String.format("%-18s %5s %9d %9d %16s %10d%n", "(no fault / end)", "-", ok, failed, "-", outside));
    return out.toString();
  }

  /** The longest stretch of [start, end] without a successful publish (its edges count as stretches too). */
  static long longestGap(List<Publisher.Attempt> attempts, long start, long end) {
    long previous = start;
    long longest = 0;
    for (Publisher.Attempt a : attempts) {
      if (a.ok() && a.at() >= start && a.at() <= end) {
        longest = Math.max(longest, a.at() - previous);
        previous = a.at();
      }
    }
    return Math.max(longest, end - previous);
  }

  static String windows(FaultRun.Result r) {
    StringBuilder out = new StringBuilder();
    for (Fault.Window w : r.windows()) {
      out.append(String.format("  +%6.1fs %-16s %-40s %6.1fs to recover%n", (w.start() - r.runStart()) / 1000.0,
          w.fault().label, w.target(), (w.end() - w.start()) / 1000.0));
    }
    return out.toString();
  }
}
