package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.plugin.PluginState;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a found plugin may start: a valid name, not taken by a plugin already loaded (two
 * versions side by side: the second waits as a duplicate), and not disabled by {@code loader.disabled}.
 */
public final class PluginAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(PluginAdmission.class);
  private static final String DUPLICATE = "a plugin named";

  private final Set<String> disabled;

  public PluginAdmission(Set<String> disabled) {
    this.disabled = disabled;
  }

  /** Marks {@code p} refused, duplicate or disabled when it may not start beside {@code loaded}. */
  public void admit(ManagedPlugin p, List<ManagedPlugin> loaded) {
    String refusal = refusal(p.name, loaded);
    if (refusal != null) {
      p.refused = !"disabled".equals(refusal);
      p.duplicate = refusal.startsWith(DUPLICATE);
      p.state = "disabled".equals(refusal) ? PluginState.STOPPED : PluginState.FAILED;
      p.error = refusal;
      if (p.state == PluginState.FAILED) {
        LOG.warn("plugin " + p.name + " from " + p.candidate.location() + " not started: " + refusal);
      }
    }
  }

  private String refusal(String name, List<ManagedPlugin> loaded) {
    if (!EventDraft.isValidName(name)) {
      return "invalid plugin name '" + name + "': must match [a-z0-9-]+";
    }
    for (ManagedPlugin other : loaded) {
      if (name.equals(other.name) && other.state != PluginState.FAILED) {
        return DUPLICATE + " '" + name + "' is already loaded from " + other.candidate.location();
      }
    }
    return disabled.contains(name) ? "disabled" : null;
  }
}
