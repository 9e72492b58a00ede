/**
 * The hub plugin kit: an optional library of helpers that the bundled plugins share and that any
 * plugin author may use.
 *
 * <p>The kit is not part of the hub. A plugin that uses it depends on {@code hub-plugin-kit} at
 * compile scope and ships the kit's jar beside its own (in {@code plugins/<name>/}), so each plugin
 * loads its own copy with its own class loader, as it does any other library: two plugins may carry
 * different versions of the kit, and nothing the kit holds is shared between plugins. The kit itself
 * compiles against {@code hub-api}, {@code vertx-core} and {@code vertx-web}, which the hub supplies.
 *
 * <ul>
 *   <li>{@link dev.eventhub.kit.http}: JSON answers and the hub's error body (docs/protocol.md) for vertx-web
 *       routers, request bodies and fields checked with errors that name the field;
 *   <li>{@link dev.eventhub.kit.config}: settings read in their ranges with errors naming the
 *       setting, and durations ({@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code
 *       "7d"} or a number of milliseconds);
 *   <li>{@link dev.eventhub.kit.id}: sortable ids (ULIDs);
 *   <li>{@link dev.eventhub.kit.async}: a per-key serial queue and hops onto a plugin's context;
 *   <li>{@link dev.eventhub.kit.outbox}: a change of stored state and the events announcing it,
 *       kept consistent across a crash;
 *   <li>{@link dev.eventhub.kit.stream}: for sinks that stream events to clients, a subscription's
 *       filter, the checks of its request, and the replay-to-live hand-over without gap or duplicate.
 * </ul>
 */
package dev.eventhub.kit;
