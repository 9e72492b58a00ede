package dev.eventhub.sources.workflow.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producers inside the JVM report over the event bus: a request whose body is a command (the JSON
 * object {@link WorkflowService#handle} takes) is answered with the job, or failed with the HTTP
 * status and message that the REST API would answer.
 */
final class WorkflowBus {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowBus.class);

  private WorkflowBus() {}

  static Future<Void> listen(Vertx vertx, String address, WorkflowService service) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> handle(message, service));
    return consumer.completion();
  }

  private static void handle(Message<Object> message, WorkflowService service) {
    if (!(message.body() instanceof JsonObject command)) {
      message.fail(400, "a message must be a JSON object command, got "
          + (message.body() == null ? "null" : message.body().getClass().getSimpleName()));
      return;
    }
    service.handle(command).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
        return;
      }
      int status = WorkflowService.status(ar.cause());
      if (status >= 500) {
        LOG.error("internal error handling a workflow report", ar.cause());
        message.fail(status, "internal error; see the hub's log");
      } else {
        message.fail(status, ar.cause().getMessage());
      }
    });
  }
}
