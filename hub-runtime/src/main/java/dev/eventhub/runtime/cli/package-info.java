/** Commands of {@code bin/hub} beyond starting the hub. */
package dev.eventhub.runtime.cli;
