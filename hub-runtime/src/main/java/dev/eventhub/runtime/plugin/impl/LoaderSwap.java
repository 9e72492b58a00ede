package dev.eventhub.runtime.plugin.impl;

/** Sets the thread's context class loader for a block: {@code try (LoaderSwap s = LoaderSwap.to(loader)) {...}}. */
public final class LoaderSwap implements AutoCloseable {
  private final ClassLoader previous;

  private LoaderSwap(ClassLoader next) {
    this.previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(next);
  }

  /** Swaps to {@code loader}; a null loader leaves the thread's loader as it is. */
  public static LoaderSwap to(ClassLoader loader) {
    return new LoaderSwap(loader == null ? Thread.currentThread().getContextClassLoader() : loader);
  }

  @Override
  public void close() {
    Thread.currentThread().setContextClassLoader(previous);
  }
}
