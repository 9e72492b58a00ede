package dev.eventhub.runtime.log;

import dev.eventhub.api.HubEvent;

/**
 * What an append did with one draft.
 *
 * @param event the recorded event: new, or the first record of the draft's id
 * @param created false when the draft's id had been recorded before (nothing new was written)
 */
public record Appended(HubEvent event, boolean created) {}
