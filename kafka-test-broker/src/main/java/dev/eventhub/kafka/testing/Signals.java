package dev.eventhub.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** SIGSTOP/SIGCONT to one PID (the JDK has no API for them) and the process state Linux reports for it. */
final class Signals {

  private static final long WAIT_MILLIS = 10_000;

  private Signals() {
  }

  /** Stops the process and returns once the kernel reports it stopped (where /proc exists). */
  static void stop(long pid) {
    send("-STOP", pid);
    awaitState(pid, true);
  }

  /** Continues the process and returns once the kernel no longer reports it stopped (where /proc exists). */
  static void resume(long pid) {
    send("-CONT", pid);
    awaitState(pid, false);
  }

  /** The state letter of /proc/&lt;pid&gt;/stat ('T' = stopped), empty where there is no /proc or no such process. */
  static Optional<Character> state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() ? Optional.empty() : Optional.of(stat.charAt(end + 2));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state of pid " + pid, e);
    }
  }

  private static void send(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
          .redirectErrorStream(true)
          .start();
      if (!kill.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill " + signal + " " + pid + " did not return");
      }
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill " + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, e);
    }
  }

  private static void awaitState(long pid, boolean stopped) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (true) {
      Optional<Character> state = state(pid);
      if (state.isEmpty() || (state.get() == 'T') == stopped) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pid " + pid + " still in state " + state.get() + " after "
            + (stopped ? "SIGSTOP" : "SIGCONT"));
      }
      Waits.backOff(10);
    }
  }
}
