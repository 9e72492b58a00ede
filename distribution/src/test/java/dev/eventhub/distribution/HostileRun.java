package dev.eventhub.distribution;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seed and the number of tries of every hostile-input property. By default a fixed seed and the
 * tries each property names (short: the README's test command runs them); for a longer run:
 *
 * <pre>{@code
 * ./run-tests -pl distribution -am -Dit.test='Hostile*IT' -Dhostile.scale=20 -Dhostile.seed=random
 * }</pre>
 *
 * <p>{@code hostile.scale} multiplies each property's tries; {@code hostile.seed} is a number (that
 * seed) or {@code random} (a new seed each run, printed in jqwik's report beside each property, so a
 * failure can be run again with {@code -Dhostile.seed=<that seed>}).
 */
public final class HostileRun implements AroundPropertyHook {
  /** The seed of the default run. */
  static final String DEFAULT_SEED = "170217";

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    PropertyAttributes attributes = context.attributes();
    String seed = setting("hostile.seed", DEFAULT_SEED);
    if (!seed.equalsIgnoreCase("random")) {
      attributes.setSeed(seed);
    }
    // The same tries every run: jqwik would otherwise start with the previous run's failed sample or seed.
    attributes.setAfterFailure(AfterFailureMode.RANDOM_SEED);
    int scale = Integer.parseInt(setting("hostile.scale", "1"));
    if (scale < 1) {
      throw new IllegalArgumentException("hostile.scale must be 1 or more, got " + scale);
    }
    int tries = attributes.tries().orElse(10);
    attributes.setTries(Math.multiplyExact(tries, scale));
    return property.execute();
  }

  // Added on a class, it applies to each property in it.
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  // Before the engine applies the attributes, as jqwik's own @PropertyDefaults does.
  @Override
  public int aroundPropertyProximity() {
    return -20;
  }

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
