package dev.eventhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/writing-a-plugin.md's Java compiles as shown (issue 25): every {@code java} block is a whole file
 * (package, imports), compiled here against what a plugin project has on its classpath (hub-api, Vert.x,
 * the kits, JUnit, AssertJ). And the guide's heartbeat is the archetype's: its three files are the
 * archetype's templates with the guide's package.
 */
class GuideSnippetsTest {
  private static final Path GUIDE = Path.of("..", "docs", "writing-a-plugin.md");
  private static final Path TEMPLATES = Path.of("..", "hub-plugin-archetype", "src", "main", "resources",
      "archetype-resources", "src");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TYPE = Pattern.compile("^(?:public )?(?:final )?(?:class|interface|record) (\\w+)",
      Pattern.MULTILINE);

  @TempDir Path out;

  @Test
  void shouldCompileEveryJavaBlockOfTheGuideAsShown() throws IOException {
    List<String> blocks = blocks();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    List<JavaFileObject> sources = new ArrayList<>();
    for (String block : blocks) {
      assertThat(block).as("a java block of the guide is a whole file, from its package line").startsWith("package ");
      Matcher type = TYPE.matcher(block);
      assertThat(type.find()).as("a java block declares a type: " + block).isTrue();
      sources.add(new Source(type.group(1), block));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-proc:none", "-classpath",
          System.getProperty("java.class.path"), "-d", out.toString());
      boolean compiled = javac.getTask(null, files, diagnostics, options, null, sources).call();
      assertThat(compiled).as(diagnostics.getDiagnostics().stream().map(Object::toString)
          .collect(Collectors.joining("\n"))).isTrue();
    }
  }

  @Test
  void shouldShowTheArchetypesCodeAsTheGuidesHeartbeat() throws IOException {
    List<String> blocks = blocks();
    for (Path template : List.of(Path.of("main", "java", "HeartbeatPlugin.java"),
        Path.of("main", "java", "HeartbeatVerticle.java"), Path.of("test", "java", "HeartbeatPluginTest.java"))) {
      String expected = Files.readString(TEMPLATES.resolve(template)).replace("${package}", "com.example.heartbeat");
      assertThat(blocks).as("the guide shows " + template.getFileName() + " as the archetype generates it")
          .contains(expected);
    }
  }

  private static List<String> blocks() throws IOException {
    Matcher m = JAVA_BLOCK.matcher(Files.readString(GUIDE));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String typeName, String code) {
      super(Path.of(typeName + ".java").toUri(), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
