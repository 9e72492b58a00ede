/** The one publishing path: validate, record in the log, deliver on the event bus. */
package dev.eventhub.runtime.publish;
