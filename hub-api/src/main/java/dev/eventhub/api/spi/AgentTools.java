package dev.eventhub.api.spi;

import java.util.List;

/**
 * The hub's registry of {@link AgentTool}s, as one plugin sees it ({@link PluginContext#agentTools()}):
 * it registers its own tools and, if it serves tools to agents, lists everyone's.
 *
 * <p>Registrations belong to the plugin that made them and end when it stops. Methods may be called
 * from any thread.
 */
public interface AgentTools {
  /**
   * Offers a tool to agents until this plugin stops.
   *
   * @throws IllegalArgumentException when a tool of that name is registered already (by this or
   *     another plugin)
   */
  void register(AgentTool tool);

  /** The tools registered now by running plugins, in registration order; a snapshot. */
  List<AgentTool> list();
}
