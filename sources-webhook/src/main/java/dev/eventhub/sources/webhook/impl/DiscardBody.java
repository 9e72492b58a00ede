package dev.eventhub.sources.webhook.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A body codec that drops an answer's body as it streams in and yields how many bytes it had.
 * {@code BodyCodec.none()} is not one: it buffers the whole body before dropping it.
 */
final class DiscardBody implements BodyCodec<Long> {
  static final DiscardBody INSTANCE = new DiscardBody();

  private DiscardBody() {}

  @Override
  public BodyStream<Long> stream() {
    return new BodyStream<>() {
      private final Promise<Long> result = Promise.promise();
      private long bytes;

      @Override
      public Future<Long> result() {
        return result.future();
      }

      @Override
      public void handle(Throwable failure) {
        result.tryFail(failure);
      }

      @Override
      public Future<Void> write(Buffer data) {
        bytes += data.length();
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        result.tryComplete(bytes);
        return Future.succeededFuture();
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    };
  }
}
