/** The hub's HTTP API: health, readiness, publishing, history, the catalog, plugins, and plugins' own routes. */
package dev.eventhub.runtime.http;
