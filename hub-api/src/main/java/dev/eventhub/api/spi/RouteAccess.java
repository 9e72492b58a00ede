package dev.eventhub.api.spi;

/** Who may reach routes a plugin mounts with {@link PluginContext#mount}. */
public enum RouteAccess {
  /**
   * The runtime checks the caller's token before the plugin sees the request: {@code GET} and
   * {@code HEAD} need {@code subscribe:<category>}, every other method {@code publish:<category>},
   * where the category is the one in the mount path {@code /api/<category>/}. Failures are answered
   * 401 or 403 with the protocol's error body.
   */
  CATEGORY_SCOPES,
  /** Any valid token. */
  AUTHENTICATED,
  /** Only tokens with {@code admin}. */
  ADMIN,
  /**
   * No check by the runtime: the plugin authenticates callers itself (a WebSocket upgrade, a webhook
   * receiver that verifies signatures).
   */
  PUBLIC
}
