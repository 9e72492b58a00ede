/**
 * Plugin discovery (classpath and the plugins folder, one class loader per jar or folder), the
 * plugins' lifecycle and their reported states.
 */
package dev.eventhub.runtime.plugin;
