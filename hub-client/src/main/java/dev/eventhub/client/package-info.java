/**
 * A Java client for the event hub: {@link dev.eventhub.client.HubClient} subscribes over WebSocket
 * and, when the connection drops, reconnects with exponential backoff and jitter and resumes each
 * subscription from the last event it delivered, so that a reconnect loses nothing and repeats
 * nothing (a named consumer resumes after what it acknowledged). It publishes over HTTP or over that
 * WebSocket.
 *
 * <pre>{@code
 * HubClient client = HubClient.create(vertx, new HubClientOptions()
 *     .setUrl("http://localhost:8080").setToken(jwt));
 * client.subscribe(new SubscribeOptions().addCategory("scheduler").addEvent("schedule-*"),
 *     event -> System.out.println(event.event() + " " + event.key()));
 * client.publish(EventDraft.of("demo", "hello", "k1", new JsonObject().put("n", 1)));
 * }</pre>
 */
package dev.eventhub.client;
