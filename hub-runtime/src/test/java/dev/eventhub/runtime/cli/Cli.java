package dev.eventhub.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code bin/hub}'s command line in this JVM with its own stdout and stderr. */
final class Cli {
  private Cli() {}

  record Result(int code, String out, String err) {
    /** Asserts the exit code and that stderr names {@code text}. */
    void failedWith(int expected, String text) {
      assertThat(code).as("exit code; stdout: " + out + "; stderr: " + err).isEqualTo(expected);
      assertThat(err).contains(text);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HubCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
