package dev.eventhub.runtime.plugin.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.spi.AgentTool;
import dev.eventhub.api.spi.AgentTools;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Tools belong to the plugin that registered them: unique names, withdrawn with their plugin. */
class AgentToolRegistryTest {
  private static AgentTool tool(String name) {
    return AgentTool.of(name, "does " + name, new JsonObject().put("type", "object"),
        new JsonObject().put("type", "object"), true, (caller, args) -> Future.succeededFuture(args));
  }

  @Test
  void shouldListEveryPluginsToolsAndWithdrawOnlyThoseOfAStoppedPlugin() {
    AgentToolRegistry registry = new AgentToolRegistry();
    AgentTools dlq = registry.viewFor("dlq");
    AgentTools other = registry.viewFor("other");
    dlq.register(tool("dlq_list"));
    other.register(tool("other_thing"));

    assertThat(other.list()).extracting(AgentTool::name).containsExactly("dlq_list", "other_thing");
    registry.removeAll("dlq");
    assertThat(dlq.list()).extracting(AgentTool::name).containsExactly("other_thing");
  }

  @Test
  void shouldRefuseASecondToolOfOneNameAndABadName() {
    AgentToolRegistry registry = new AgentToolRegistry();
    registry.viewFor("a").register(tool("same"));

    assertThatThrownBy(() -> registry.viewFor("b").register(tool("same")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plugin a");
    assertThatThrownBy(() -> tool("Bad-Name")).isInstanceOf(IllegalArgumentException.class);
  }
}
