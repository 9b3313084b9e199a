package org.cortexflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging for the command line: warnings and errors of the libraries on standard error. Set up in
 * code rather than from logback.xml, whose parsing cost about 70 ms of every command's start (the
 * SQLite driver logs through SLF4J, so every command that opens a store paid it).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
        err.setContext(context);
        err.setName("ERR");
        err.setTarget("System.err");
        err.setEncoder(encoder);
        err.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(err);
        // jhdf reports harmless padding in messages MATLAB and h5py write ("buffer still has N bytes remaining")
        context.getLogger("io.jhdf").setLevel(Level.ERROR);
        // SameDiff's ONNX import (teacher.embed onnx) warns about TensorFlow op-name clashes and about
        // the placeholder it cannot evaluate eagerly while importing; neither concerns the result
        context.getLogger("org.nd4j.imports.converters.ImportClassMapping").setLevel(Level.ERROR);
        context.getLogger("org.nd4j.linalg.api.ops.DynamicCustomOp").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
