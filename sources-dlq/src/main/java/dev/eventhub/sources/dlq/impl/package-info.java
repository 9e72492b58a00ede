/** The dead-letter queue's implementation: not API, may change at any time. */
package dev.eventhub.sources.dlq.impl;
