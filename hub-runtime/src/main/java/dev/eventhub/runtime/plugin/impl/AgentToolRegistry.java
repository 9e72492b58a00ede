package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.spi.AgentTool;
import dev.eventhub.api.spi.AgentTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every plugin's {@link AgentTool}s, by name, with the plugin that registered each: a plugin's tools
 * are withdrawn when it stops. Thread-safe; the maps are small and change only at plugin starts.
 */
public final class AgentToolRegistry {
  private record Entry(String plugin, AgentTool tool) {}

  private final Map<String, Entry> tools = new LinkedHashMap<>();

  /** The registry as the plugin {@code plugin} sees it. */
  public AgentTools viewFor(String plugin) {
    return new AgentTools() {
      @Override
      public void register(AgentTool tool) {
        AgentToolRegistry.this.register(plugin, tool);
      }

      @Override
      public List<AgentTool> list() {
        return AgentToolRegistry.this.list();
      }
    };
  }

  synchronized void register(String plugin, AgentTool tool) {
    String name = tool.name();
    if (name == null || !AgentTool.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must match " + AgentTool.NAME.pattern() + ", got '" + name + "'");
    }
    Entry existing = tools.get(name);
    if (existing != null) {
      throw new IllegalArgumentException("a tool named '" + name + "' is registered already by plugin "
          + existing.plugin());
    }
    tools.put(name, new Entry(plugin, tool));
  }

  /** The tools registered now, in registration order. */
  public synchronized List<AgentTool> list() {
    List<AgentTool> out = new ArrayList<>(tools.size());
    tools.values().forEach(e -> out.add(e.tool()));
    return out;
  }

  /** Withdraws every tool of {@code plugin}: it stopped or failed. */
  public synchronized void removeAll(String plugin) {
    tools.values().removeIf(e -> e.plugin().equals(plugin));
  }
}
