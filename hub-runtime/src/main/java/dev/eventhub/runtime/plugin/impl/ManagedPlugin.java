package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.ClusterPlacement;
import dev.eventhub.runtime.EventInterests;
import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginState;
import dev.eventhub.runtime.plugin.impl.PluginScanner.Candidate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** One found plugin and what became of it. Mutable fields are written by the manager only. */
public final class ManagedPlugin {
  public final Candidate candidate;
  public final String name;
  public final String version;
  public final List<CategoryDescriptor> categories;
  public final ClusterPlacement placement;
  public final AtomicLong errors = new AtomicLong();
  public volatile PluginState state;
  public volatile String error;
  public volatile String deploymentId;
  /** Issue 24: what the running plugin consumes from the event bus; withdrawn when it stops. */
  public volatile EventInterests.Owner interest;
  /** Refused at discovery (a bad or duplicate name): never started, whatever happens. */
  public volatile boolean refused;
  /** Refused because another plugin held its name: started when that one's jar leaves. */
  public volatile boolean duplicate;

  public ManagedPlugin(Candidate candidate) {
    this.candidate = candidate;
    this.name = safe(() -> candidate.plugin().name(), Path.of(candidate.location()).getFileName().toString());
    this.version = safe(() -> candidate.plugin().version(), "unknown");
    this.categories = safe(() -> List.copyOf(candidate.plugin().categories()), List.of());
    this.placement = safe(() -> candidate.plugin().placement(), ClusterPlacement.EVERY_NODE);
    this.state = PluginState.STARTING;
  }

  public PluginInfo info() {
    return new PluginInfo(name, version, candidate.kind(), candidate.location(), state, error, categories, errors.get());
  }

  private static <T> T safe(Supplier<T> getter, T fallback) {
    try {
      T value = getter.get();
      return value == null ? fallback : value;
    } catch (RuntimeException | LinkageError e) {
      return fallback;
    }
  }
}
