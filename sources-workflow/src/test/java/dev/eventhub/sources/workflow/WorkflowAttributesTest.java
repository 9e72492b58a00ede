package dev.eventhub.sources.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20: the workflow source sets job_id on every event and step on step events. */
class WorkflowAttributesTest extends PluginTestBase {
  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "workflow");
  }

  @Test
  void shouldSetTheJobAndStepAttributes() {
    start();
    WorkflowClient api = new WorkflowClient(hub);
    api.startJob("ci-42", "CI", "compile");
    api.startStep("ci-42", "compile");
    api.completeStep("ci-42", "compile");
    List<HubEvent> all = events.await(5);
    assertThat(all).extracting(HubEvent::event).containsExactly("job-started", "step-started", "job-progress",
        "step-completed", "job-progress");
    assertThat(all.get(0).attributes()).isEqualTo(Map.of("job_id", "ci-42"));
    assertThat(all.get(1).attributes()).isEqualTo(Map.of("job_id", "ci-42", "step", "compile"));
    assertThat(all.get(2).attributes()).isEqualTo(Map.of("job_id", "ci-42", "step", "compile"));
    assertThat(all.get(3).attributes()).isEqualTo(Map.of("job_id", "ci-42", "step", "compile"));
  }
}
