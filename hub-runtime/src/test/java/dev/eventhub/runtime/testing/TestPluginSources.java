package dev.eventhub.runtime.testing;

/** Source text of small plugins for {@link PluginJar}: one that works, and ones that break on purpose. */
public final class TestPluginSources {
  private TestPluginSources() {}

  /**
   * A source plugin named {@code name} declaring {@code category}, whose verticle runs {@code
   * startBody} (Java statements returning a {@code Future<?>}; {@code ctx} is the PluginContext and
   * {@code vertx} the Vert.x instance) and mounts {@code GET /api/<category>/hello} answering
   * {@code helloExpression} (a Java String expression).
   */
  public static String plugin(String pkg, String className, String name, String category, String startBody,
      String helloExpression) {
    return """
        package %1$s;

        import dev.eventhub.api.*;
        import dev.eventhub.api.spi.*;
        import io.vertx.core.*;
        import io.vertx.core.json.JsonObject;
        import java.util.List;

        public class %2$s implements SourcePlugin {
          public String name() { return "%3$s"; }
          public List<CategoryDescriptor> categories() {
            return List.of(CategoryDescriptor.of("%4$s", "test category %4$s",
                EventTypeDescriptor.of("thing-happened", "a thing happened")));
          }
          public Deployable createVerticle(PluginContext ctx) {
            return new VerticleBase() {
              @Override public Future<?> start() throws Exception {
                ctx.mount("/api/%4$s", RouteAccess.CATEGORY_SCOPES, req -> req.response()
                    .putHeader("Content-Type", "text/plain").end(String.valueOf(%6$s)));
                %5$s
              }
            };
          }
        }
        """.formatted(pkg, className, name, category, startBody, helloExpression);
  }

  /** A plugin that starts at once and answers {@code hello} with {@code helloExpression}. */
  public static String simple(String pkg, String className, String name, String category, String helloExpression) {
    return plugin(pkg, className, name, category, "return Future.succeededFuture();", helloExpression);
  }
}
