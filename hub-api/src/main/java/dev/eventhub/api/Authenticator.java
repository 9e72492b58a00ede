package dev.eventhub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Verifies the tokens of callers, as the hub is configured to (HS256 with a secret, or RS256/ES256
 * with public keys; or switched off by the operator).
 *
 * <p>Sinks and plugin routes that do their own authentication (a WebSocket upgrade, say) use this
 * rather than parsing tokens themselves. Calls never block; failures are {@link HubException}s with
 * {@link ErrorCode#UNAUTHORIZED} and a message saying what was wrong with the token.
 */
public interface Authenticator {
  /**
   * Verifies a token.
   *
   * @param token the compact JWT, without a {@code Bearer } prefix; {@code null} fails as missing
   * @return the principal; with authentication switched off, {@link HubPrincipal#unrestricted()}
   */
  Future<HubPrincipal> authenticate(String token);

  /**
   * Verifies the token of an HTTP request, sent in the {@code Authorization: Bearer} header. A request
   * carrying the {@code access_token} query parameter fails with a message saying to use the header:
   * a token in a URL ends up in access logs, proxies and browser history.
   */
  Future<HubPrincipal> authenticate(HttpServerRequest request);

  /**
   * Verifies the token of a request a browser cannot add a header to (a WebSocket upgrade, later an
   * {@code EventSource}): the {@code Authorization: Bearer} header, else the {@code access_token}
   * query parameter. Use it only on such routes.
   */
  Future<HubPrincipal> authenticateAllowingQueryToken(HttpServerRequest request);

  /** Whether tokens are checked at all; {@code false} only when the operator switched auth off. */
  boolean enabled();
}
