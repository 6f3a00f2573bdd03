package dev.sparse4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile's trace arithmetic and arguments (the profile itself is not part of CI). */
class StepProfileTest {

  @Test
  void selfTimeIsDurationMinusDirectChildrenPerThread() throws Exception {
    // Thread 1: conv [0, 100) holding mkldnn [10, 70) which holds empty [20, 25); then add [100, 110).
    // Thread 2: one add [0, 50) overlapping thread 1's times, which must not nest into them.
    String trace = """
        {"traceEvents": [
          {"ph": "X", "name": "aten::conv2d", "pid": 1, "tid": 1, "ts": 0, "dur": 100},
          {"ph": "X", "name": "aten::mkldnn_convolution", "pid": 1, "tid": 1, "ts": 10, "dur": 60},
          {"ph": "X", "name": "aten::empty", "pid": 1, "tid": 1, "ts": 20, "dur": 5},
          {"ph": "X", "name": "aten::add", "pid": 1, "tid": 1, "ts": 100, "dur": 10},
          {"ph": "X", "name": "aten::add", "pid": 1, "tid": 2, "ts": 0, "dur": 50},
          {"ph": "i", "name": "marker", "pid": 1, "tid": 1, "ts": 5},
          {"ph": "X", "name": "[memory]", "cat": "cpu_instant_event", "pid": 1, "tid": 1, "ts": 30, "dur": 0}
        ]}""";
    Map<String, StepProfile.OpTime> self = StepProfile.selfTimes(new ObjectMapper().readTree(trace));
    assertEquals(new StepProfile.OpTime(1, 40), self.get("aten::conv2d"));
    assertEquals(new StepProfile.OpTime(1, 55), self.get("aten::mkldnn_convolution"));
    assertEquals(new StepProfile.OpTime(1, 5), self.get("aten::empty"));
    assertEquals(new StepProfile.OpTime(2, 60), self.get("aten::add"));
    assertEquals(4, self.size());
  }

  @Test
  void modeIsTrainOrEval() {
    assertEquals(true, StepProfile.isTraining("train"));
    assertEquals(false, StepProfile.isTraining("eval"));
    assertEquals("mode: expected train or eval, got 'infer'", assertThrows(IllegalArgumentException.class,
        () -> StepProfile.isTraining("infer")).getMessage());
  }

  @Test
  void unknownArgumentsNameTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchArgs.parse(StepProfile.defaults(), new String[] {"step=3"}));
    assertEquals("argument 'step=3' is not key=value with a key from " + StepProfile.defaults().keySet(),
        e.getMessage());
  }
}
