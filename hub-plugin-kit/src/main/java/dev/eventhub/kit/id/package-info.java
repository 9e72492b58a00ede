/** Ids for the things a plugin stores: {@link dev.eventhub.kit.id.UlidGenerator} makes sortable ones. */
package dev.eventhub.kit.id;
