package org.cortexflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.run.SingleTaskRun;
import org.cortexflow.engine.spi.TaskRegistry;
import org.cortexflow.engine.spi.TaskType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = "Run one task on its own, writing its artifact files into --out.")
final class ExecCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK", description = "task type, e.g. eeg.filter")
    String type;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=PATH", description = "bind an input to a file or artifact directory")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "set a parameter; lists as [a, b]")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (new or empty)")
    Path out;

    @Option(names = "--cpus", paramLabel = "N", description = "thread budget (default: all cores)")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() {
        TaskRegistry registry = TaskRegistry.discover();
        TaskType t = registry.find(type).orElseThrow(() -> new UserError("unknown task type '" + type + "'",
                registry.closest(type, 3).isEmpty() ? "`cortexflow tasks` lists them"
                        : "did you mean " + String.join(", ", registry.closest(type, 3)) + "?"));
        Map<String, Value> values = new LinkedHashMap<>();
        params.forEach((k, v) -> values.put(k, parse(v)));
        List<String> log = SingleTaskRun.run(t, inputs, values, out, cpus);
        log.forEach(System.err::println);
        System.out.println("wrote " + out);
        return 0;
    }

    /** Text, a list for {@code [a, b]} or a map for {@code {k: v, k2: v2}}; the task's declared types do the rest. */
    static Value parse(String v) {
        String s = v.trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (String part : s.substring(1, s.length() - 1).split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int colon = part.indexOf(':');
                if (colon < 0) {
                    throw new UserError("map parameter '" + v + "': entry '" + part.trim() + "' has no ':'",
                            "write maps as {key: value, key2: value2}");
                }
                fields.put(part.substring(0, colon).trim(), new Value.Text(part.substring(colon + 1).trim()));
            }
            return new Value.Fields(fields);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            List<Value> items = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split(",")) {
                if (!part.isBlank()) {
                    items.add(new Value.Text(part.trim()));
                }
            }
            return new Value.Items(items);
        }
        return new Value.Text(v);
    }
}
