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
}
