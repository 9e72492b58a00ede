package dev.eventhub.runtime.plugin.impl;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin location (a jar, or a folder of jars). The hub's shared types come
 * from the hub (parent-first: the JDK, the hub API, Vert.x, Netty, Jackson, SLF4J, Micrometer), so that a plugin
 * and the hub agree on them; everything else comes from the plugin's own jars, then from the JDK's
 * platform modules, and from nowhere else: a plugin never sees the hub's internals, the hub's other
 * libraries, or another plugin's classes. Two plugins may thus carry different versions of a library.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String[] PARENT_FIRST = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.",
    "dev.eventhub.api.", "io.vertx.", "io.netty.", "com.fasterxml.jackson.", "org.slf4j.", "io.micrometer.",
  };

  private final String location;
  private final ClassLoader hub;
  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

  public PluginClassLoader(String location, List<URL> jars, ClassLoader hub) {
    super("plugin:" + location, jars.toArray(new URL[0]), null);
    this.location = location;
    this.hub = hub;
  }

  /** The jar or folder this loader serves. */
  public String location() {
    return location;
  }

  static boolean parentFirst(String name) {
    for (String prefix : PARENT_FIRST) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = parentFirst(name) ? hubThenOwn(name) : ownThenPlatform(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  // A shared package the hub does not ship (say SLF4J) may still come with the plugin; the API may not.
  private Class<?> hubThenOwn(String name) throws ClassNotFoundException {
    try {
      return hub.loadClass(name);
    } catch (ClassNotFoundException e) {
      if (name.startsWith("dev.eventhub.api.")) {
        throw e;
      }
      return findClass(name);
    }
  }

  private Class<?> ownThenPlatform(String name) throws ClassNotFoundException {
    try {
      return findClass(name);
    } catch (ClassNotFoundException e) {
      return platform.loadClass(name);
    }
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : hub.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    // Service files are the plugin's own: the hub's would name classes this loader cannot see.
    if (!name.startsWith("META-INF/services/")) {
      all.addAll(Collections.list(hub.getResources(name)));
    }
    return Collections.enumeration(all);
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + location + "]";
  }
}
