/** The scheduler's implementation: not API, may change at any time. */
package dev.eventhub.sources.scheduler.impl;
