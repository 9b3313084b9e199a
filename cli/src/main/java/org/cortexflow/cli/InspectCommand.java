package org.cortexflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.io.Inspection;
import org.cortexflow.tasks.io.Inspectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Summarise a data file or folder: format, channels, rate, duration, events;"
        + " for a BIDS root, its inventory.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "a recording, a MAT file, a BIDS root or any folder")
    Path path;

    @Option(names = "--json", description = "print the summary as JSON, for scripts")
    boolean json;

    @Option(names = "--warnings", paramLabel = "N", description = "warnings to print in the human summary (default 10)")
    int maxWarnings = 10;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        Inspection in;
        try {
            in = Inspectors.inspect(path);
        } catch (TaskFailure e) {
            String[] parts = e.getMessage().split("\n\\s*hint: ", 2);
            throw new UserError(parts[0], parts.length > 1 ? parts[1] : "");
        }
        if (json) {
            System.out.println(MetaJson.mapper().writeValueAsString(in.json()));
        } else {
            System.out.print(in.text(maxWarnings));
        }
        return 0;
    }
}
