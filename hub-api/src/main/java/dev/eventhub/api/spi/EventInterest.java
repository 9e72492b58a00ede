package dev.eventhub.api.spi;

/**
 * Which categories' events a plugin consumes from the event bus ({@link PluginContext#address(String)}, {@link
 * PluginContext#allEventsAddress()}). The hub puts a recorded event on the bus only when some consumer wants its
 * category: an event nobody in this process listens to costs no bus message (issue 24). The event is in the log
 * all the same, for history and replay.
 *
 * <p>A plugin is taken to want every event until it calls {@link #narrow()}; from then on it receives the events
 * of the categories it {@link #want wants} (an event published on the all-events address reaches every consumer
 * of that address, so a plugin still filters what it receives). A consumer that starts listening registers its
 * want first, then reads where to start from (the log's head, a cursor): every event recorded after a {@code
 * want} returned goes on the bus. Wants are counted: each {@code want} is undone by one {@code unwant} of the same
 * category. Everything a plugin registered is withdrawn when it stops.
 *
 * <p>Every method may be called from any thread and returns at once.
 */
public interface EventInterest {
  /** The interest of a plugin whose context tracks none: it receives every event, and these calls do nothing. */
  EventInterest UNTRACKED = new EventInterest() {
    @Override
    public void narrow() {
    }

    @Override
    public void want(String category) {
    }

    @Override
    public void unwant(String category) {
    }
  };

  /** From now on, this plugin wants only the categories it registers through {@link #want}. Idempotent. */
  void narrow();

  /**
   * Adds one want of {@code category}: a category name, or a glob (such as {@code orders-*} or {@code *}), which
   * counts as a want of every category.
   *
   * @throws NullPointerException when {@code category} is null
   */
  void want(String category);

  /** Withdraws one {@link #want} of {@code category}; one never wanted is ignored. */
  void unwant(String category);
}
