package dev.eventhub.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What japicmp lets through and plugins would not survive (docs/adr/0005-hub-api-compatibility.md): an
 * abstract method added to an interface that plugins implement is binary compatible for the JVM, and an
 * AbstractMethodError at the first call. Such interfaces gain default methods only; these are the abstract
 * ones of the baseline, 0.1.0.
 */
class PluginSpiStabilityTest {
  private static final List<String> BASELINE_ABSTRACT = List.of("categories", "createVerticle", "name");

  @Test
  void shouldAddOnlyDefaultMethodsToTheInterfacesPluginsImplement() {
    for (Class<?> spi : List.of(HubPlugin.class, SourcePlugin.class, SinkPlugin.class)) {
      List<String> abstractMethods = Arrays.stream(spi.getMethods())
          .filter(m -> Modifier.isAbstract(m.getModifiers())).map(Method::getName).sorted().toList();
      assertThat(abstractMethods).as(spi.getSimpleName() + "'s abstract methods").isEqualTo(BASELINE_ABSTRACT);
    }
  }
}
