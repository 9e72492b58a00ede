/**
 * Reading a plugin's settings ({@code PluginContext.config()}, its section of conf/hub.json): {@link
 * dev.eventhub.kit.config.Settings} reads integers and durations in their ranges and sections, with
 * errors naming the setting; {@link dev.eventhub.kit.config.Durations} parses durations as the hub's
 * configuration writes them.
 */
package dev.eventhub.kit.config;
