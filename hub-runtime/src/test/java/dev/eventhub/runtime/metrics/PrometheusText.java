package dev.eventhub.runtime.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The families ({@code # TYPE} lines) and samples of a Prometheus text exposition, for tests. */
public record PrometheusText(Map<String, String> types, List<Sample> samples) {
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+).*$");

  /** One sample line. */
  public record Sample(String name, String labels, double value) {}

  public static PrometheusText parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!line.startsWith("#") && sample.matches()) {
        samples.add(new Sample(sample.group(1), sample.group(3) == null ? "" : sample.group(3),
            Double.parseDouble(sample.group(4))));
      }
    }
    return new PrometheusText(types, samples);
  }

  /** The samples of one metric name. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }
}
