/** The hub's metrics: Vert.x's own and the hub's, in one Micrometer registry scraped at {@code /metrics}. */
package dev.eventhub.runtime.metrics;
