package org.cortexflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run workflows/demo.yaml with its sweep, the README's main job: PredANN on a generated study.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @Option(names = {"-q", "--quiet"}, description = "print only failures and the summary")
    boolean quiet;

    @Override
    public Integer call() {
        WorkflowOptions w = new WorkflowOptions();
        w.file = Path.of(System.getProperty("cortexflow.home", ".")).resolve("workflows").resolve("demo.yaml");
        w.sweep = true;
        return RunCommand.run(host, w, quiet);
    }
}
