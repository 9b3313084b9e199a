package org.cortexflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private List<String> problems(Flow f) {
        return new Planner(TestTasks.registry(), 0).plan(f.build()).problems().stream().map(Problem::format).toList();
    }

    @Test
    void unknownTaskTypeSuggestsTheClosestName() {
        assertThat(problems(new Flow("w").task("a", "test.emitt", Map.of(), Map.of("text", "x"))))
                .singleElement().asString().contains("unknown task type 'test.emitt'").contains("did you mean test.emit?")
                .startsWith("test.yaml:1:3");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> p = problems(new Flow("w")
                .task("a", "test.emit", Map.of(), Map.of("text", "x", "repeet", 2))
                .task("b", "test.emit", Map.of(), Map.of("text", "x", "repeat", "many"))
                .task("c", "test.emit", Map.of(), Map.of("text", "x", "repeat", 1000))
                .task("d", "test.concat", Map.of("a", "nope"), Map.of())
                .task("e", "test.emit", Map.of(), Map.of()));
        assertThat(p).hasSize(5);
        assertThat(p).anyMatch(s -> s.contains("unknown parameter 'repeet'") && s.contains("did you mean repeat?"));
        assertThat(p).anyMatch(s -> s.contains("'repeat': expected integer in [1, 100], got string 'many'"));
        assertThat(p).anyMatch(s -> s.contains("'repeat': expected integer in [1, 100], got 1000"));
        assertThat(p).anyMatch(s -> s.contains("bound to 'nope', which is not a task"));
        assertThat(p).anyMatch(s -> s.contains("missing required parameter 'text'"));
    }

    @Test
    void cyclesAreNamed() {
        List<String> p = problems(new Flow("w")
                .task("a", "test.concat", Map.of("a", "c"), Map.of())
                .task("b", "test.concat", Map.of("a", "a"), Map.of())
                .task("c", "test.concat", Map.of("a", "b"), Map.of())
                .task("x", "test.emit", Map.of(), Map.of("text", "free")));
        assertThat(p).singleElement().asString().contains("cycle").containsPattern("(a|b|c) -> (a|b|c) -> (a|b|c) -> (a|b|c)");
    }

    @Test
    void missingRequiredInputAndUnknownInputAreReported() {
        List<String> p = problems(new Flow("w")
                .task("e", "test.emit", Map.of(), Map.of("text", "x"))
                .task("c", "test.concat", Map.of("bb", "e"), Map.of()));
        assertThat(p).anyMatch(s -> s.contains("has no input 'bb'") && s.contains("did you mean b"));
        assertThat(p).anyMatch(s -> s.contains("input 'a' (text) is not bound"));
    }

    @Test
    void requiredGpuOnAHostWithoutOneFailsValidationButOptionalDoesNot() {
        assertThat(problems(new Flow("w").task("g", "test.emit", Map.of(), Map.of("text", "x"), new Resources(1, 0, 1, false),
                0, OnError.TERMINATE, Optional.empty()))).singleElement().asString().contains("requires 1 GPU(s) but this host has 0");
        assertThat(problems(new Flow("w").task("g", "test.emit", Map.of(), Map.of("text", "x"), new Resources(1, 0, 1, true),
                0, OnError.TERMINATE, Optional.empty()))).isEmpty();
    }

    @Test
    void longestChainGoesFirst() {
        Plan plan = new Planner(TestTasks.registry(), 0).plan(new Flow("w")
                .task("lone", "test.emit", Map.of(), Map.of("text", "x"))
                .task("head", "test.emit", Map.of(), Map.of("text", "x"))
                .task("mid", "test.concat", Map.of("a", "head"), Map.of())
                .task("tail", "test.concat", Map.of("a", "mid"), Map.of())
                .build()).orThrow();
        assertThat(plan.task("head").priority()).isEqualTo(3);
        assertThat(plan.task("lone").priority()).isEqualTo(1);
    }

    /** Written downstream first, the file's order is not a topological one; the graph's order is used. */
    @Test
    void longestChainGoesFirstWhateverOrderTheTasksAreWrittenIn() {
        Plan plan = new Planner(TestTasks.registry(), 0).plan(new Flow("w")
                .task("tail", "test.concat", Map.of("a", "mid"), Map.of())
                .task("lone", "test.emit", Map.of(), Map.of("text", "x"))
                .task("mid", "test.concat", Map.of("a", "head"), Map.of())
                .task("head", "test.emit", Map.of(), Map.of("text", "x"))
                .build()).orThrow();
        assertThat(plan.task("head").priority()).isEqualTo(3);
        assertThat(plan.task("mid").priority()).isEqualTo(2);
        assertThat(plan.task("tail").priority()).isEqualTo(1);
        assertThat(plan.task("lone").priority()).isEqualTo(1);
        assertThat(plan.topologicalOrder()).containsSubsequence("head", "mid", "tail");
    }
}
