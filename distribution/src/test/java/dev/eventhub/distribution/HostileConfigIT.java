package dev.eventhub.distribution;

import dev.eventhub.runtime.config.ConfigLoader;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The distribution started with one hostile setting, in {@code conf/hub.json} or as a {@code HUB_*}
 * environment override: it either starts (and answers {@code /ready} 200, and stops cleanly) or
 * refuses with one clear line that names the setting, never a stack trace, never a hub left half
 * started.
 */
@AddLifecycleHook(HostileRun.class)
class HostileConfigIT {
  /** A line of a Java stack trace, or an exception's class name. */
  private static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception|\\bCaused by:");
  /**
   * Settings left alone: where the hub listens and keeps its files (the test needs them; pointing
   * them elsewhere tests the file system, not the hub), and the cluster (it would join others' tests).
   */
  private static final List<String> EXCLUDED = List.of("http.port", "http.host", "data.dir", "loader.dir", "cluster.");

  /** Not a setting: the whole conf/hub.json cut short at the fraction given as the value. */
  private static final String CUT_SHORT = "(conf/hub.json cut short)";

  private static Path dir;
  private static Path home;
  private static String shippedConf;

  /** One setting and its hostile value, and how it reaches the hub. */
  record Hostile(String path, String value, boolean viaEnvironment) {
    String variable() {
      StringBuilder name = new StringBuilder("HUB");
      for (String part : path.split("\\.")) {
        name.append('_').append(part.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT));
      }
      return name.toString();
    }

    @Override
    public String toString() {
      return path.equals(CUT_SHORT) ? path + " at " + value
          : (viaEnvironment ? variable() + "=" : "conf/hub.json " + path + ": ") + HostileChecks.abbreviate(value, 80);
    }
  }

  @BeforeContainer
  static void install() throws Exception {
    dir = Files.createTempDirectory("hostile-config");
    home = HubProcess.install(dir.resolve("hub"));
    shippedConf = Files.readString(home.resolve("conf/hub.json"));
  }

  @AfterContainer
  static void delete() throws Exception {
    HostileHub.deleteTree(dir);
  }

  @Property(tries = 5, shrinking = ShrinkingMode.OFF)
  void aHostileSettingStartsTheHubOrRefusesInOneClearLine(@ForAll("settings") Hostile hostile) throws Exception {
    JsonObject conf = new JsonObject(shippedConf);
    Map<String, String> env = new java.util.HashMap<>();
    String text;
    if (hostile.path().equals(CUT_SHORT)) {
      text = shippedConf.substring(0, (int) (shippedConf.length() * Double.parseDouble(hostile.value())));
    } else if (hostile.viaEnvironment()) {
      env.put(hostile.variable(), hostile.value());
      text = conf.encodePrettily();
    } else {
      set(conf, hostile.path(), Json.decodeValue(hostile.value()));
      text = conf.encodePrettily();
    }
    Files.writeString(home.resolve("conf/hub.json"), text);
    env.put("HUB_DATA_DIR", Files.createTempDirectory(dir, "data").toString());
    try (HubProcess hub = HubProcess.start(home, env)) {
      Integer port = readyOrExited(hub);
      if (port != null) {
        RawHttp.Answer ready = RawHttp.exchange(port, "GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close", null);
        if (ready.status() != 200) {
          throw new AssertionError("started with " + hostile + " but /ready says " + ready + "\n" + hub.output());
        }
        noTrace(hub, hostile);
        failedPluginsNameTheSetting(hub, hostile);
        int code = hub.terminate();
        if (code != 0) {
          throw new AssertionError("started with " + hostile + " but exited " + code + " on SIGTERM\n" + hub.output());
        }
        return;
      }
      noTrace(hub, hostile);
      String output = hub.output();
      String named = hostile.path().equals(CUT_SHORT) ? "hub.json" : hostile.viaEnvironment() ? hostile.variable()
          : hostile.path();
      String leaf = hostile.path().substring(hostile.path().lastIndexOf('.') + 1);
      boolean names = output.lines().anyMatch(l -> l.contains(named) || l.contains(leaf) || l.contains(hostile.path()));
      if (hostile.path().equals(CUT_SHORT) && output.contains("\"plugins\"")) {
        throw new AssertionError("the refusal of a file cut short quotes the file:\n" + output);
      }
      if (!names) {
        throw new AssertionError("refused " + hostile + " without naming the setting:\n" + output);
      }
    }
  }

  /** The port when the hub got ready; null when it exited (non-zero) first. */
  private static Integer readyOrExited(HubProcess hub) throws Exception {
    try {
      return hub.awaitReady();
    } catch (java.util.concurrent.ExecutionException notReady) {
      int code = hub.terminateOrExit();
      if (code == 0) {
        throw new AssertionError("exited 0 without getting ready:\n" + hub.output());
      }
      return null;
    } catch (java.util.concurrent.TimeoutException hung) {
      throw new AssertionError("neither ready nor refused within " + HubProcess.TIMEOUT + " (half started):\n"
          + hub.output());
    }
  }

  // A plugin that refuses its settings is not started and the hub goes on (as the plugin kit's Settings says): the
  // refusal must name the setting.
  private static void failedPluginsNameTheSetting(HubProcess hub, Hostile hostile) {
    String leaf = hostile.path().substring(hostile.path().lastIndexOf('.') + 1);
    for (String line : hub.output().split("\n")) {
      if (line.contains("PluginManager") && line.contains(" failed: ") && !line.contains(leaf)) {
        throw new AssertionError("with " + hostile + " a plugin failed without naming the setting: " + line);
      }
    }
  }

  private static void noTrace(HubProcess hub, Hostile hostile) {
    var m = TRACE.matcher(hub.output());
    if (m.find()) {
      throw new AssertionError("a stack trace or exception name ('" + m.group().trim() + "') in the output with "
          + hostile + ":\n" + hub.output());
    }
  }

  private static void set(JsonObject conf, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = conf;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }

  @Provide
  Arbitrary<Hostile> settings() {
    List<String> paths = new ArrayList<>();
    leaves(ConfigLoader.defaults(), "", paths);
    paths.removeIf(p -> EXCLUDED.stream().anyMatch(p::startsWith));
    Arbitrary<String> jsonValue = Arbitraries.of("\"abc\"", "-1", "0", "1e30", "9223372036854775807", "2147483648", "0.5",
        "\"\"", "null", "[]", "{}", "true", "\"1x\"", "\"5 minutes\"", "\"-1s\"", "\"999999999d\"", "[\"x\",1]",
        "{\"a\":1}", "\"" + "a".repeat(5000) + "\"", "-9223372036854775808", "\"0s\"", "\"\\u0000\"");
    Arbitrary<String> envValue = Arbitraries.of("abc", "-1", "0", "1e30", "9223372036854775808", "2147483648", "0.5", "",
        " ", "null", "[]", "{}", "true", "[1,", "{\"a\":", "5 minutes", "-1s", "999999999d", "0s", "a".repeat(5000),
        "x,y,,z");
    Arbitrary<Hostile> setting = Combinators.combine(Arbitraries.of(paths), Arbitraries.of(true, false), jsonValue,
        envValue).as((path, viaEnv, json, env) -> new Hostile(path, viaEnv ? env : json, viaEnv));
    Arbitrary<Hostile> cut = Arbitraries.doubles().between(0.01, 0.99).map(f -> new Hostile(CUT_SHORT, String.valueOf(f), false));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, setting), net.jqwik.api.Tuple.of(1, cut));
  }

  private static void leaves(JsonObject node, String prefix, List<String> out) {
    for (String key : new java.util.TreeSet<>(node.fieldNames())) {
      Object value = node.getValue(key);
      if (value instanceof JsonObject child && !child.isEmpty()) {
        leaves(child, prefix + key + ".", out);
      } else {
        out.add(prefix + key);
      }
    }
  }
}
