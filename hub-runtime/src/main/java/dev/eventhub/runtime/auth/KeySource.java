package dev.eventhub.runtime.auth;

import io.vertx.core.Future;
import io.vertx.ext.auth.jwt.JWTAuth;

/** Where the verifier of a token comes from: fixed keys, or keys fetched from an identity provider. */
interface KeySource {
  /** The verifier for {@code jwt}, fetching keys first when its {@code kid} is unknown. Never blocks. */
  Future<JWTAuth> verifierFor(CompactJwt jwt);

  /** Stops any refresh. */
  default void close() {}

  /** Keys fixed at start. */
  static KeySource fixed(JWTAuth provider) {
    Future<JWTAuth> ready = Future.succeededFuture(provider);
    return jwt -> ready;
  }
}
