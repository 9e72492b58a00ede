/**
 * Work a plugin does on a caller's behalf, and the credentials such work carries.
 *
 * <p>A schedule or a webhook subscription acts long after the request that created it: {@link
 * dev.eventhub.kit.auth.Grant} records who created it and what their token allowed, so that the
 * work is checked against those scopes each time it runs (not against the plugin's own, unlimited,
 * access to the hub). {@link dev.eventhub.kit.auth.Redact} masks the credentials such work keeps
 * (header values, passwords in URLs) wherever it is shown: answers, events, dead letters and logs.
 */
package dev.eventhub.kit.auth;
