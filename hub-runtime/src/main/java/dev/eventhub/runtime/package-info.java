/**
 * The hub's runtime: {@link dev.eventhub.runtime.Hub} wires the log, auth, HTTP API and plugins;
 * {@link dev.eventhub.runtime.Launcher} is {@code bin/hub}. Not API: plugins compile against
 * {@code hub-api} only.
 */
package dev.eventhub.runtime;
