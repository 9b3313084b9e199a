package org.cortexflow.dsl;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovyjarjarantlr4.v4.runtime.Token;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.tools.GroovyClass;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Value;

/**
 * A Groovy workflow script, compiled once. Each {@link #document} call runs it with a fresh
 * {@link WorkflowBlock}, so loops and conditions may depend on params and a sweep sees each
 * variant's own tasks.
 */
final class GroovyWorkflowSource implements WorkflowSource {

    /**
     * The deepest nesting compiled: Groovy's parser recurses several frames per level and overflows
     * the main thread's stack at a few hundred (200 compiled, 500 did not).
     */
    private static final int MAX_NESTING = 200;

    /**
     * The script's constructor, found once: a sweep runs the script once per variant, and Groovy's
     * own lookup looked first for a constructor taking a binding, which a script over
     * {@link WorkflowScript} lacks: an exception per run, 3 % of an 11,200-variant sweep.
     */
    private final Constructor<?> newScript;
    private final Map<String, byte[]> classes;
    private final ScriptLines lines;

    private GroovyWorkflowSource(Class<?> scriptClass, Map<String, byte[]> classes, ScriptLines lines) throws NoSuchMethodException {
        this.newScript = scriptClass.getConstructor();
        this.classes = classes;
        this.lines = lines;
    }

    /**
     * Builds the Groovy compiler's table of default-imported classes (its resolver's class set-up
     * walks the JDK's module image for them: 0.2 s, once per JVM) on another thread, so that a
     * second core does it while this one starts the command.
     */
    static void warmUp() {
        Futures.start("cortexflow-groovy-warm-up", () -> {
            try {
                return Class.forName("org.codehaus.groovy.control.ResolveVisitor", true, GroovyWorkflowSource.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Compiles the script; empty, with every compile error as a problem, when it does not compile. */
    static Optional<GroovyWorkflowSource> compile(String text, String fileName, String path, Problems problems) {
        Optional<List<Token>> tokens = ParenthesizedCommands.tokens(text);
        if (tokens.isPresent() && deepestNesting(tokens.get()) > MAX_NESTING) {
            // the parser would overflow its stack, and take up to half a minute to say so
            problems.add(Location.of(path), "",
                    "the script nests brackets, braces or parentheses more than " + MAX_NESTING + " deep, more than Groovy's parser can take",
                    "build deeply nested lists, maps or closures in a loop instead of writing them out");
            return Optional.empty();
        }
        String parenthesized = tokens.map(t -> ParenthesizedCommands.apply(text, t)).orElse(text);
        if (parenthesized != text) {
            Optional<GroovyWorkflowSource> compiled = compileText(parenthesized, fileName, path, new Problems());
            if (compiled.isPresent()) {
                return compiled;
            }
        }
        return compileText(text, fileName, path, problems);
    }

    /** How deep the tokens nest brackets, braces and parentheses. */
    private static int deepestNesting(List<Token> tokens) {
        int depth = 0;
        int deepest = 0;
        for (Token t : tokens) {
            if (ParenthesizedCommands.OPENING.contains(t.getType())) {
                deepest = Math.max(deepest, ++depth);
            } else if (ParenthesizedCommands.CLOSING.contains(t.getType())) {
                depth--;
            }
        }
        return deepest;
    }

    /** As {@link #compile} for the text as it is, without {@link ParenthesizedCommands}. */
    static Optional<GroovyWorkflowSource> compileText(String text, String fileName, String path, Problems problems) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(WorkflowScript.class.getName());
        config.addCompilationCustomizers(new LineMarking(), new DirectOperators(), new DirectCalls());
        GroovyClassLoader resolver = new GroovyClassLoader(WorkflowLoader.class.getClassLoader(), config);
        CompilationUnit unit = new CompilationUnit(config, null, resolver);
        SourceUnit source = unit.addSource(className(fileName) + ".groovy", text);
        try {
            unit.compile(Phases.CLASS_GENERATION);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            String main = source.getAST().getScriptClassDummy().getName();
            for (GroovyClass c : unit.getClasses()) {
                classes.put(c.getName(), c.getBytes());
            }
            return Optional.of(of(main, classes, path));
        } catch (IllegalArgumentException e) {
            problems.add(Location.of(path), "", "the file is not a workflow script: " + e.getMessage(),
                    "write commands at the top level: name, params, task, sweep, schedule");
        } catch (MultipleCompilationErrorsException e) {
            for (Object error : e.getErrorCollector().getErrors()) {
                problems.add(compileProblem((Message) error, path));
            }
            if (e.getErrorCollector().getErrorCount() == 0) {
                problems.add(Location.of(path), "", "the script does not compile: " + e.getMessage(), "");
            }
        } catch (CompilationFailedException e) {
            if (e.getCause() instanceof StackOverflowError) {
                // Groovy's parser recurses per operator of an expression, and per level of nesting
                problems.add(Location.of(path), "", "the script nests too deeply for Groovy's parser",
                        "write a very long expression, or deeply nested lists, maps or closures, as a loop");
            } else {
                problems.add(Location.of(path), "", "the script does not compile: " + e.getMessage(), "");
            }
        }
        return Optional.empty();
    }

    /**
     * The script from classes compiled before ({@link #classes}), without the Groovy compiler.
     *
     * @throws IllegalArgumentException when the classes do not define a workflow script named {@code main}
     */
    static GroovyWorkflowSource of(String main, Map<String, byte[]> classes, String path) {
        try {
            CompiledClasses loader = new CompiledClasses(classes);
            for (String name : classes.keySet()) {
                Class.forName(name, false, loader); // a class that does not define fails here, not mid-run
            }
            Class<?> scriptClass = Class.forName(main, false, loader);
            if (!WorkflowScript.class.isAssignableFrom(scriptClass)) {
                throw new IllegalArgumentException(main + " is not a workflow script");
            }
            return new GroovyWorkflowSource(scriptClass, classes, new ScriptLines(main, path));
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new IllegalArgumentException("cannot define the script's classes: " + e, e);
        }
    }

    /** The compiled classes by name, the script's and its closures'. */
    Map<String, byte[]> classes() {
        return classes;
    }

    /** The compiled script as bytes, for {@link LoadCache}: the script class's name, then each class's name and bytes. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeUTF(newScript.getDeclaringClass().getName());
            data.writeInt(classes.size());
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                data.writeUTF(c.getKey());
                data.writeInt(c.getValue().length);
                data.write(c.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a byte array
        }
        return out.toByteArray();
    }

    /**
     * The script {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a compiled workflow script
     */
    static GroovyWorkflowSource decode(byte[] bytes, String path) {
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String main = data.readUTF();
            int count = data.readInt();
            if (count < 1 || count > bytes.length) {
                throw new IllegalArgumentException("bad class count " + count);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = data.readUTF();
                int length = data.readInt();
                if (length < 0 || length > data.available()) {
                    throw new IllegalArgumentException("bad class length " + length);
                }
                classes.put(name, data.readNBytes(length));
            }
            if (data.available() != 0) {
                throw new IllegalArgumentException("bytes after the last class");
            }
            return of(main, classes, path);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated: " + e, e);
        }
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
        return run(new WorkflowBlock(lines, forced, problems), problems);
    }

    /** Runs the script again for a sweep variant; its sweep block, read in the first run, is skipped. */
    @Override
    public List<TaskTemplate> variantTasks(Map<String, Value> forced, Set<String> params, Problems problems) {
        return run(new WorkflowBlock(lines, forced, problems, true), problems)
                .map(d -> DocumentReader.readTasks(d, params, problems)).orElse(List.of());
    }

    private Optional<SourceNode> run(WorkflowBlock block, Problems problems) {
        WorkflowScript script = newScript();
        script.use(block);
        ScriptLines.reset();
        try {
            script.run();
        } catch (Exception | StackOverflowError | AssertionError e) { // Groovy throws checked exceptions undeclared
            problems.add(block.failure(e));
            return Optional.of(block.document(false));
        }
        return Optional.of(block.document(true));
    }

    private WorkflowScript newScript() {
        try {
            WorkflowScript script = (WorkflowScript) newScript.newInstance();
            script.setBinding(new Binding());
            return script;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the compiled script: " + e, e);
        }
    }

    @Override
    public boolean dependsOnParams() {
        return true;
    }

    /** Defines a compiled script's classes when the script first needs them. */
    private static final class CompiledClasses extends ClassLoader {

        private final Map<String, byte[]> classes;

        CompiledClasses(Map<String, byte[]> classes) {
            super(WorkflowLoader.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
