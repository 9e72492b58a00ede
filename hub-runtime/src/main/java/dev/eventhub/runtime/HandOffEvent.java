package dev.eventhub.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event per committed group put on the event bus (issue 24 item 3: where a delivery's time goes): whether
 * the log's writer published it itself or the delivery context did, how long it waited for that context, and, as
 * the event's duration, the publish on the bus. Recorded only while a JFR recording enables it.
 */
@Name("dev.eventhub.HandOff")
@Label("Hand-off to the event bus")
@Category({"Event Hub", "Delivery"})
@Description("A committed group of events put on the event bus for the sinks")
@StackTrace(false)
final class HandOffEvent extends Event {
  @Label("Events")
  int events;

  @Label("Published by the committing thread")
  boolean direct;

  @Label("Waited for the delivery context")
  @Timespan(Timespan.NANOSECONDS)
  long waited;
}
