/**
 * What a sink that streams events to clients needs, whatever its transport (the WebSocket and the
 * server-sent events sinks both use it): a subscription's filter ({@link dev.eventhub.kit.stream.StreamFilter}),
 * the checks of a request's categories, events, keys, {@code since} and {@code last}
 * ({@link dev.eventhub.kit.stream.StreamRules}), and the hand-over from replay to live delivery without a
 * gap or a duplicate ({@link dev.eventhub.kit.stream.LiveGate} holds live events while
 * {@link dev.eventhub.kit.stream.ReplayHandover} pages through the log), and what a subscription does
 * when its client falls behind ({@link dev.eventhub.kit.stream.Overflow}, with the droppable waiting events
 * of {@link dev.eventhub.kit.stream.PendingEvents}).
 *
 * <p>docs/writing-a-sink.md shows how they fit together.
 */
package dev.eventhub.kit.stream;
