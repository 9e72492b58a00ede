package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run of one scenario against one server measured: named figures, CPU, and anything that went wrong. */
final class Sample {
  final Map<String, Double> values = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  CpuMeter.Report cpu;

  Sample put(String name, double value) {
    values.put(name, value);
    return this;
  }

  Sample problem(String problem) {
    if (problem != null) {
      problems.add(problem);
    }
    return this;
  }
}
