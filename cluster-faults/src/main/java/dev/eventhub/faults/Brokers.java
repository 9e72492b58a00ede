package dev.eventhub.faults;

/** The Kafka brokers of a run, as the fault schedule drives them. */
interface Brokers extends AutoCloseable {
  String bootstrapServers();

  int size();

  /** kill -9, waiting for the process to be gone. */
  void kill(int node);

  /** Starts it again on its ports and log directory; returns when it serves. */
  void restart(int node);

  @Override
  void close();

  /** No Kafka at all: the hubs run as single nodes (the harness's own smoke test of its machinery). */
  static Brokers none() {
    return new Brokers() {
      @Override
      public String bootstrapServers() {
        return null;
      }

      @Override
      public int size() {
        return 0;
      }

      @Override
      public void kill(int node) {
        throw new IllegalStateException("no brokers");
      }

      @Override
      public void restart(int node) {
        throw new IllegalStateException("no brokers");
      }

      @Override
      public void close() {
      }
    };
  }
}
