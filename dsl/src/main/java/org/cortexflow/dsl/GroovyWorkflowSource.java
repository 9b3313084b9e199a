package org.cortexflow.dsl;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.Script;
import java.util.Map;
import java.util.Optional;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.syntax.SyntaxException;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Value;

/**
 * A Groovy workflow script, compiled once. Each {@link #document} call runs it with a fresh
 * {@link WorkflowBlock}, so loops and conditions may depend on params and a sweep sees each
 * variant's own tasks.
 */
final class GroovyWorkflowSource implements WorkflowSource {

    private final Class<?> scriptClass;
    private final ScriptLines lines;

    private GroovyWorkflowSource(Class<?> scriptClass, ScriptLines lines) {
        this.scriptClass = scriptClass;
        this.lines = lines;
    }

    /** Compiles the script; empty, with every compile error as a problem, when it does not compile. */
    static Optional<GroovyWorkflowSource> compile(String text, String fileName, String path, Problems problems) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(WorkflowScript.class.getName());
        GroovyClassLoader loader = new GroovyClassLoader(WorkflowLoader.class.getClassLoader(), config);
        GroovyCodeSource source = new GroovyCodeSource(text, className(fileName) + ".groovy", "/groovy/script");
        source.setCachable(false);
        try {
            Class<?> compiled = loader.parseClass(source, false);
            return Optional.of(new GroovyWorkflowSource(compiled, new ScriptLines(compiled.getName(), path)));
        } catch (MultipleCompilationErrorsException e) {
            for (Object error : e.getErrorCollector().getErrors()) {
                problems.add(compileProblem((Message) error, path));
            }
            if (e.getErrorCollector().getErrorCount() == 0) {
                problems.add(Location.of(path), "", "the script does not compile: " + e.getMessage(), "");
            }
        } catch (CompilationFailedException e) {
            problems.add(Location.of(path), "", "the script does not compile: " + e.getMessage(), "");
        }
        return Optional.empty();
    }

    private static org.cortexflow.engine.model.Problem compileProblem(Message message, String path) {
        if (message instanceof SyntaxErrorMessage syntax) {
            SyntaxException e = syntax.getCause();
            Location at = new Location(path, Math.max(e.getLine(), 0), Math.max(e.getStartColumn(), 0));
            return org.cortexflow.engine.model.Problem.at(at, "Groovy: " + e.getOriginalMessage());
        }
        if (message instanceof ExceptionMessage exception) {
            return org.cortexflow.engine.model.Problem.at(Location.of(path), "Groovy: " + exception.getCause().getMessage());
        }
        String text = message instanceof SimpleMessage simple ? simple.getMessage() : message.toString();
        return org.cortexflow.engine.model.Problem.at(Location.of(path), "Groovy: " + text);
    }

    /** A class name for the script: the file name where it is a valid identifier. */
    private static String className(String fileName) {
        String stem = fileName.endsWith(".groovy") ? fileName.substring(0, fileName.length() - 7) : fileName;
        StringBuilder sb = new StringBuilder();
        for (char c : stem.toCharArray()) {
            sb.append(Character.isJavaIdentifierPart(c) && c != '$' ? c : '_');
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
            sb.insert(0, "workflow_");
        }
        return sb.toString();
    }

    @Override
    public Optional<SourceNode> document(Map<String, Value> forced, Problems problems) {
        WorkflowBlock block = new WorkflowBlock(lines, forced, problems);
        Script script = InvokerHelper.createScript(scriptClass, new Binding());
        ((WorkflowScript) script).setDelegate(block);
        try {
            script.run();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            problems.add(block.failure(e));
            return Optional.of(block.document(false));
        }
        return Optional.of(block.document(true));
    }

    @Override
    public boolean dependsOnParams() {
        return true;
    }
}
