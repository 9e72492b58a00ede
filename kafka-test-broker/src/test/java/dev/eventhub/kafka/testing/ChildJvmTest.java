package dev.eventhub.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

  /** A child's main that would run for ever: only NodeMain's watch of its stdin can end it. */
  static final class Forever {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void aChildHaltsWhenTheJvmThatStartedItGoes() throws Exception {
    String testClasses = Path.of(Forever.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", ChildClasspath.resolve() + File.pathSeparator + testClasses,
        NodeMain.class.getName(), Forever.class.getName())
        .redirectErrorStream(true)
        .start();
    assertThat(child.waitFor(1, TimeUnit.SECONDS)).as("still running while its parent holds the pipe").isFalse();

    child.getOutputStream().close();

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("halted once the pipe closed").isTrue();
    assertThat(child.exitValue()).isEqualTo(143);
  }

  @Test
  void theRunningJvmsClasspathIsReadThroughAManifestOnlyBooterJar() {
    // Surefire starts this JVM with a manifest-only jar: the fallback must still find Kafka's jars.
    List<String> entries = ChildClasspath.fromRunningJvm();
    assertThat(entries).anySatisfy(e -> assertThat(Path.of(e).getFileName().toString()).startsWith("kafka_2.13-"));
    assertThat(entries).anySatisfy(e -> assertThat(Path.of(e).getFileName().toString()).startsWith("kafka-server-"));
  }

  @Test
  void theBuildTimeClasspathNamesKafkasJarsAndNoTestLibrary() {
    String classpath = ChildClasspath.resolve();
    assertThat(classpath).contains("kafka_2.13-").contains("kafka-server-").contains("kafka-clients-")
        .doesNotContain("junit").doesNotContain("assertj");
  }
}
