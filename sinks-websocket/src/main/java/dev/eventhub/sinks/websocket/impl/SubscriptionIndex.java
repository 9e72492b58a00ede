package dev.eventhub.sinks.websocket.impl;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live subscriptions of every connection, looked up by an event's category: subscriptions that
 * name categories are filed under each name, those with a category glob are checked for every event.
 *
 * <p>Reads are lock-free (the dispatcher reads on every event); changes copy the affected array,
 * because subscribing is rare next to delivering.
 */
final class SubscriptionIndex {
  private static final Subscription[] NONE = {};

  private final ConcurrentHashMap<String, Subscription[]> byCategory = new ConcurrentHashMap<>();
  private volatile Subscription[] globs = NONE;

  /** The subscriptions filed under the category {@code category}. */
  Subscription[] named(String category) {
    Subscription[] found = byCategory.get(category);
    return found == null ? NONE : found;
  }

  /** The subscriptions with a category glob. */
  Subscription[] globs() {
    return globs;
  }

  synchronized void add(Subscription s) {
    if (s.filter().globCategories()) {
      globs = plus(globs, s);
      return;
    }
    for (String category : s.filter().categories()) {
      byCategory.put(category, plus(named(category), s));
    }
  }

  synchronized void remove(Subscription s) {
    if (s.filter().globCategories()) {
      globs = minus(globs, s);
      return;
    }
    for (String category : s.filter().categories()) {
      Subscription[] rest = minus(named(category), s);
      if (rest.length == 0) {
        byCategory.remove(category);
      } else {
        byCategory.put(category, rest);
      }
    }
  }

  /** How many subscriptions are indexed. */
  synchronized int size() {
    return globs.length + (int) byCategory.values().stream().flatMap(Arrays::stream).distinct().count();
  }

  private static Subscription[] plus(Subscription[] array, Subscription s) {
    Subscription[] out = Arrays.copyOf(array, array.length + 1);
    out[array.length] = s;
    return out;
  }

  private static Subscription[] minus(Subscription[] array, Subscription s) {
    for (int i = 0; i < array.length; i++) {
      if (array[i] == s) {
        Subscription[] out = new Subscription[array.length - 1];
        System.arraycopy(array, 0, out, 0, i);
        System.arraycopy(array, i + 1, out, i, array.length - i - 1);
        return out;
      }
    }
    return array;
  }
}
