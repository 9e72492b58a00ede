package dev.eventhub.runtime.log.impl;

import io.vertx.core.Context;
import java.sql.Connection;

/** A write op given as a lambda over the writer's connection: what plugin storage uses. */
final class SqlOp<T> extends WriteOp<T> {
  interface Body<T> {
    T apply(Connection connection) throws Exception;
  }

  private final Body<T> body;

  SqlOp(Context context, Body<T> body) {
    super(context);
    this.body = body;
  }

  @Override
  T apply(Connection connection, WriterState state) throws Exception {
    return body.apply(connection);
  }
}
