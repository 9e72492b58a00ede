package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 8: the project uses the public APIs of its libraries, so that upgrading one within its
 * major version is a version bump. Every Java source of every module (main and test) is read; a use of an
 * {@code impl}, {@code internal} or {@code internals} package of Vert.x, Netty, Jackson or Kafka (an import,
 * a qualified name, or a class name in a string), or reflection that opens a member ({@code setAccessible})
 * in main code, fails unless {@link #ALLOWED} lists it with a reason. An entry that is no longer needed
 * fails too, so the list stays as short as the code allows. The decision and the list: docs/adr/0007.
 *
 * <p>A source scan rather than a bytecode one: it sees every module (the benchmarks, the clients, the
 * examples), and strings naming a class, without a build of them all.
 */
class PublicApisOnlyIT {
  /** A library's non-public package: a segment {@code impl}, {@code internal} or {@code internals}. */
  private static final Pattern INTERNAL = Pattern.compile(
      "\\b(?:io\\.vertx|io\\.netty|com\\.fasterxml|org\\.apache\\.kafka)(?:\\.[a-z0-9_]+)*?\\.(?:impl|internal|internals)\\b");
  private static final Pattern REFLECTION = Pattern.compile("\\.setAccessible\\s*\\(");

  /**
   * File (from the repository's root) → what it may use (a package, or {@code setAccessible}) → why.
   * Each entry is a cost paid at every upgrade: add one only with the test that pins the behaviour it relies on.
   */
  static final Map<String, Map<String, String>> ALLOWED = Map.of(
      "sinks-websocket/src/main/java/dev/eventhub/sinks/websocket/impl/VertxChannels.java", Map.of(
          "io.vertx.core.net.impl", "Vert.x 5 has no public way to reach an upgraded WebSocket's Netty channel, nor "
              + "to release its two connection objects (10 KiB per idle connection) and still report the close to "
              + "its metrics; pinned by VertxChannelsTest (ADR 0007)",
          "io.vertx.ext.web.impl", "the class name of vertx-web's WebSocket wrapper, to unwrap it for the metric "
              + "below (compared as a string: no class of vertx-web's implementation is linked)",
          "setAccessible", "the WebSocket's metric (the gauge Vert.x's metrics SPI returned for it) has no accessor, "
              + "not even an internal one; read once per connection, null when absent; pinned by VertxChannelsTest"),
      "hub-runtime/src/test/java/dev/eventhub/runtime/plugin/HotPluginTest.java", Map.of(
          "io.vertx.core.impl", "a logger's name (Vert.x's blocked-thread checker, silenced in one test); no class used"));

  private final Path root = Path.of("").toAbsolutePath().getParent();

  @Test
  void shouldUseOnlyPublicApisOfTheLibrariesOutsideTheAllowList() {
    List<String> found = new ArrayList<>();
    for (Use use : uses()) {
      if (!ALLOWED.getOrDefault(use.file, Map.of()).containsKey(use.what)) {
        found.add(use.file + ":" + use.line + ": " + use.what);
      }
    }
    assertThat(found).as("uses of libraries' impl/internal packages or setAccessible outside the allow-list "
        + "(PublicApisOnlyIT.ALLOWED, docs/adr/0007): use the public API, or extend the allow-list with a reason")
        .isEmpty();
  }

  @Test
  void shouldNeedEveryEntryOfTheAllowList() {
    Set<String> used = new TreeSet<>();
    for (Use use : uses()) {
      used.add(use.file + " " + use.what);
    }
    List<String> stale = new ArrayList<>();
    ALLOWED.forEach((file, entries) -> entries.forEach((what, reason) -> {
      assertThat(reason).as(file + " " + what).isNotBlank();
      if (!used.contains(file + " " + what)) {
        stale.add(file + " " + what);
      }
    }));
    assertThat(stale).as("allow-list entries no longer needed: remove them").isEmpty();
  }

  @Test
  void shouldSeeTheWholeRepository() {
    // A scan that read nothing would pass: it must have read the modules it guards.
    assertThat(sources()).anyMatch(p -> p.startsWith(root.resolve("sinks-websocket")))
        .anyMatch(p -> p.startsWith(root.resolve("hub-runtime"))).anyMatch(p -> p.startsWith(root.resolve("benchmarks")))
        .hasSizeGreaterThan(300);
    assertThat(INTERNAL.matcher("import io.vertx.core.net.impl.ConnectionBase;").find()).isTrue();
    assertThat(INTERNAL.matcher("io.netty.util.internal.PlatformDependent").find()).isTrue();
    assertThat(INTERNAL.matcher("org.apache.kafka.clients.consumer.internals.X").find()).isTrue();
    assertThat(INTERNAL.matcher("import io.vertx.core.http.ServerWebSocket;").find()).isFalse();
    assertThat(INTERNAL.matcher("import dev.eventhub.sinks.websocket.impl.Frames;").find()).isFalse();
  }

  private record Use(String file, int line, String what) {}

  private List<Use> uses() {
    List<Use> uses = new ArrayList<>();
    for (Path source : sources()) {
      String file = root.relativize(source).toString().replace('\\', '/');
      boolean main = file.contains("/src/main/");
      String[] lines = withoutComments(read(source)).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = INTERNAL.matcher(lines[i]);
        while (m.find()) {
          uses.add(new Use(file, i + 1, m.group()));
        }
        if (main && REFLECTION.matcher(lines[i]).find()) {
          uses.add(new Use(file, i + 1, "setAccessible"));
        }
      }
    }
    return uses;
  }

  private List<Path> sources() {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> {
            String s = root.relativize(p).toString().replace('\\', '/');
            return (s.contains("/src/main/java/") || s.contains("/src/test/java/")) && !s.contains("/target/")
                && !s.contains("/node_modules/") && !s.startsWith(".")
                // This file names the packages it looks for.
                && !s.endsWith("/" + PublicApisOnlyIT.class.getSimpleName() + ".java");
          })
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Comments may name internal classes (to say why they are not used); line breaks are kept for the line numbers.
  static String withoutComments(String java) {
    StringBuilder out = new StringBuilder(java.length());
    int i = 0;
    while (i < java.length()) {
      char c = java.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < java.length() && java.charAt(end) != c) {
          end += java.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, java.length());
        out.append(java, i, end);
        i = end;
      } else if (java.startsWith("//", i)) {
        while (i < java.length() && java.charAt(i) != '\n') {
          i++;
        }
      } else if (java.startsWith("/*", i)) {
        int end = java.indexOf("*/", i + 2);
        end = end < 0 ? java.length() : end + 2;
        for (int k = i; k < end; k++) {
          if (java.charAt(k) == '\n') {
            out.append('\n');
          }
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
