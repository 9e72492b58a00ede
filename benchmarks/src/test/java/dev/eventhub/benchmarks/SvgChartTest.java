package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
  @Test
  void shouldDrawEachSeriesAsAPolylineRisingWithItsValuesOnALogXAxis() throws Exception {
    String svg = new SvgChart("CPU per delivery <against> subscribers", "subscribers per category", "µs", false)
        .point("hub", 10, 1.0).point("hub", 100, 1.2).point("hub", 1_000, 2.0).point("hub", 10_000, 4.0)
        .point("NATS", 10, 0.8).point("NATS", 10_000, 0.9)
        .point("NATS", 100, Double.NaN)
        .render();

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    NodeList lines = doc.getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    List<double[]> hub = points((Element) lines.item(0));
    assertThat(hub).hasSize(4);
    for (int i = 1; i < hub.size(); i++) {
      // Equal steps of x by powers of ten are equal steps of pixels; higher values are higher up (smaller y).
      assertThat(hub.get(i)[0]).isGreaterThan(hub.get(i - 1)[0]);
      assertThat(hub.get(i)[1]).isLessThan(hub.get(i - 1)[1]);
    }
    assertThat(hub.get(2)[0] - hub.get(1)[0]).isCloseTo(hub.get(1)[0] - hub.get(0)[0], org.assertj.core.data.Offset.offset(0.2));
    assertThat(points((Element) lines.item(1))).as("the point without a value is left out").hasSize(2);
    assertThat(doc.getDocumentElement().getTextContent()).contains("CPU per delivery <against> subscribers", "NATS", "10k");
  }

  @Test
  void shouldLabelTicksShortly() {
    assertThat(SvgChart.label(10_000)).isEqualTo("10k");
    assertThat(SvgChart.label(100_000_000)).isEqualTo("100M");
    assertThat(SvgChart.label(2.5)).isEqualTo("2.5");
    assertThat(SvgChart.label(0)).isEqualTo("0");
  }

  private static List<double[]> points(Element polyline) {
    List<double[]> points = new ArrayList<>();
    for (String pair : polyline.getAttribute("points").split(" ")) {
      String[] xy = pair.split(",");
      points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return points;
  }
}
