package dev.eventhub.sinks.websocket.impl;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event per loop pass (issue 24 item 3: where a delivery's time goes): how long the batch waited on the
 * dispatcher and then for the loop's thread, and, as the event's duration, the pass itself (matching, writing,
 * flushing every socket it touched). Recorded only while a JFR recording enables it (the benchmark's
 * {@code --profile} does); otherwise it costs a check per pass.
 */
@Name("dev.eventhub.websocket.Pass")
@Label("WebSocket loop pass")
@Category({"Event Hub", "Delivery"})
@Description("One event loop's delivery of a batch of events to its subscriptions")
@StackTrace(false)
final class PassEvent extends Event {
  @Label("Events")
  int events;

  @Label("Sockets flushed")
  int sockets;

  @Label("Waited on the dispatcher")
  @Description("From the first event of the batch reaching the dispatcher to the batch's hand-over to the loops")
  @Timespan(Timespan.NANOSECONDS)
  long dispatcherWait;

  @Label("Waited for the loop")
  @Description("From the hand-over to the loop to the start of its pass")
  @Timespan(Timespan.NANOSECONDS)
  long loopWait;
}
