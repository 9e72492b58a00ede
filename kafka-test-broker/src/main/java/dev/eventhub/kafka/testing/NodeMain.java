package dev.eventhub.kafka.testing;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The child JVM's entry point: runs a Kafka main class ({@code kafka.Kafka}, {@code kafka.tools.StorageTool}) and
 * halts the JVM as soon as its standard input ends. The parent holds that pipe open for the child's whole life, so
 * a parent that dies without running its shutdown hooks (kill -9 of a test JVM) still leaves no broker behind.
 */
final class NodeMain {

  private NodeMain() {
  }

  public static void main(String[] args) throws Exception {
    Thread watch = new Thread(NodeMain::haltWhenParentGoes, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    System.out.println(java.time.Instant.now() + " node: " + String.join(" ", args));
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  private static void haltWhenParentGoes() {
    try {
      while (System.in.read() >= 0) {
        // the parent never writes: anything read is ignored, only the end matters
      }
    } catch (IOException e) {
      // a broken pipe is the same news as the end of it
    }
    System.err.println(java.time.Instant.now() + " node: parent gone, halting");
    Runtime.getRuntime().halt(143);
  }
}
