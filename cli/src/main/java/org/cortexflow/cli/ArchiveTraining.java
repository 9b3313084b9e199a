package org.cortexflow.cli;

import java.nio.file.Path;

/**
 * What the launcher runs once after each build, under {@code -XX:ArchiveClassesAtExit}, so that the
 * class-data archive holds the classes the everyday commands load: a run of
 * {@code workflows/hello.yaml} from an empty store, then its Groovy twin (the Groovy compiler's
 * classes are a third of a Groovy workflow's start), which finds everything cached.
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    /** {@code args}: the checkout's root and a scratch store directory. */
    public static void main(String[] args) {
        Path workflows = Path.of(args[0], "workflows");
        int code = Main.execute("run", workflows.resolve("hello.yaml").toString(), "--store", args[1], "--quiet");
        if (code == 0) {
            code = Main.execute("run", workflows.resolve("hello.groovy").toString(), "--store", args[1], "--quiet");
        }
        System.exit(code);
    }
}
