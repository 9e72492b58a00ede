package dev.eventhub.runtime.plugin.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Watches the plugins folder by polling (portable, and immune to the event storms of a file being
 * copied): a location counts as changed once two scans in a row see the same sizes and modification
 * times, so a half-copied jar is not loaded until its copy has finished.
 */
public final class LocationWatcher {
  /** What to do after a scan: locations to load, to unload, and to reload. */
  public record Changes(List<Path> added, List<Path> removed, List<Path> changed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  private final Path dir;
  private final Map<Path, String> loaded = new HashMap<>();
  private final Map<Path, String> lastSeen = new HashMap<>();

  public LocationWatcher(Path dir) {
    this.dir = dir;
  }

  /** Records what is there now as loaded, without waiting for it to settle (the startup scan). */
  public synchronized void markLoaded(Path location) {
    String print = fingerprint(location);
    loaded.put(location, print);
    lastSeen.put(location, print);
  }

  /** Forgets a location, so that its next stable sight loads it again. */
  public synchronized void forget(Path location) {
    loaded.remove(location);
  }

  /** Compares the folder with what is loaded. Blocking file I/O: call off the event loop. */
  public synchronized Changes scan() {
    Map<Path, String> now = new HashMap<>();
    for (Path location : locations()) {
      now.put(location, fingerprint(location));
    }
    List<Path> added = new ArrayList<>();
    List<Path> changed = new ArrayList<>();
    for (Map.Entry<Path, String> e : now.entrySet()) {
      boolean stable = Objects.equals(lastSeen.get(e.getKey()), e.getValue());
      if (!stable) {
        continue;
      }
      String before = loaded.get(e.getKey());
      if (before == null) {
        added.add(e.getKey());
      } else if (!before.equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    List<Path> removed = new ArrayList<>();
    for (Path location : new HashSet<>(loaded.keySet())) {
      if (!now.containsKey(location)) {
        removed.add(location);
        loaded.remove(location);
      }
    }
    added.forEach(p -> loaded.put(p, now.get(p)));
    changed.forEach(p -> loaded.put(p, now.get(p)));
    lastSeen.clear();
    lastSeen.putAll(now);
    added.sort(null);
    changed.sort(null);
    return new Changes(added, removed, changed);
  }

  private Set<Path> locations() {
    Set<Path> out = new HashSet<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")).forEach(out::add);
    } catch (IOException e) {
      // The folder vanished mid-scan: everything in it counts as removed, as it is.
    }
    return out;
  }

  private static String fingerprint(Path location) {
    StringBuilder print = new StringBuilder();
    try {
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.list(location)) {
          for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
            print.append(f.getFileName()).append(':').append(stamp(f)).append(';');
          }
        }
      } else {
        print.append(stamp(location));
      }
    } catch (IOException e) {
      print.append("unreadable");
    }
    return print.toString();
  }

  private static String stamp(Path file) throws IOException {
    return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
  }
}
