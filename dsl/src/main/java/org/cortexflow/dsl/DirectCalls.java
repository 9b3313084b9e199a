package org.cortexflow.dsl;

import groovy.lang.Closure;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compiles a workflow script's {@code task(...) { ... }} calls, and the commands in their
 * blocks, as plain JVM calls instead of Groovy's dynamic dispatch, where the call can only go
 * one way:
 * <ul>
 *   <li>{@code task(...)} in the script's own code and in the bodies of its loops ({@code each},
 *       {@code times}, ...; not inside other closures, where a delegate could answer first), when
 *       the script declares no {@code task} of its own, with arguments of the shape of one
 *       {@link WorkflowScript} method: that method is what Groovy would pick;</li>
 *   <li>likewise {@code name}, and {@code params}, {@code sweep}, {@code schedule} with named
 *       arguments ({@code sweep} also with a block): a sweep's script runs once per variant;</li>
 *   <li>inside the block of such a call (not in closures nested in it), {@code input}, {@code with}
 *       and {@code resources} with named arguments and {@code uses}, {@code retry},
 *       {@code on_error}, {@code timeout} with one argument: the block is then always run with
 *       a {@link TaskBlock} as its delegate, resolved first, which has exactly these methods.</li>
 * </ul>
 * Anything else stays dynamic. Under the client compiler each dynamic call is a chain of
 * method-handle guards and a lookup through the closure's metaclass: most of the time a
 * 100,000-task script spent was there.
 */
final class DirectCalls extends CompilationCustomizer {

    private static final ClassNode SCRIPT = ClassHelper.make(WorkflowScript.class);
    private static final ClassNode BLOCK = ClassHelper.make(TaskBlock.class);
    private static final MethodNode GET_DELEGATE = ClassHelper.make(Closure.class).getMethod("getDelegate", Parameter.EMPTY_ARRAY);
    private static final MethodNode BLOCK_OF = BLOCK.getMethod("of", new Parameter[] {new Parameter(ClassHelper.OBJECT_TYPE, "delegate")});
    private static final Set<String> MAP_COMMANDS = Set.of("input", "with", "resources");
    private static final Set<String> VALUE_COMMANDS = Set.of("uses", "retry", "on_error", "timeout");
    /** Groovy's methods that call a closure as it is (no delegate set), as a loop's body. */
    private static final Set<String> LOOPS = Set.of("each", "eachWithIndex", "forEach", "times", "upto", "downto", "step",
            "collect", "collectEntries", "collectMany");

    DirectCalls() {
        super(CompilePhase.INSTRUCTION_SELECTION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) {
            return;
        }
        ScriptCode visitor = new ScriptCode(source, classNode);
        for (MethodNode method : classNode.getMethods()) {
            if (method.getCode() != null) {
                method.getCode().visit(visitor);
            }
        }
    }

    /**
     * The {@link WorkflowScript} method a script's {@code name}, {@code params}, {@code sweep} or
     * {@code schedule} command with these arguments calls, or null when Groovy might pick another:
     * a map argument must be written as one (named arguments), a block as a closure.
     */
    private static MethodNode settingMethod(String name, List<Expression> args) {
        if (args.size() != 1) {
            return null;
        }
        Expression arg = args.get(0);
        ClassNode type = switch (name) {
            case "name" -> ClassHelper.OBJECT_TYPE;
            case "params", "schedule" -> arg instanceof MapExpression ? ClassHelper.MAP_TYPE.getPlainNodeReference() : null;
            case "sweep" -> arg instanceof MapExpression ? ClassHelper.MAP_TYPE.getPlainNodeReference()
                    : arg instanceof ClosureExpression ? ClassHelper.CLOSURE_TYPE.getPlainNodeReference() : null;
            default -> null;
        };
        return type == null ? null : SCRIPT.getMethod(name, new Parameter[] {new Parameter(type, "value")});
    }

    /** The {@link WorkflowScript#task} overload for these arguments, or null when the shape is not one of them. */
    private static MethodNode taskMethod(List<Expression> args) {
        boolean block = !args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression;
        boolean options = !args.isEmpty() && args.get(0) instanceof MapExpression;
        ClassNode map = ClassHelper.MAP_TYPE.getPlainNodeReference();
        ClassNode object = ClassHelper.OBJECT_TYPE;
        ClassNode closure = ClassHelper.CLOSURE_TYPE.getPlainNodeReference();
        Parameter[] params;
        if (args.size() == 3 && options && block) {
            params = new Parameter[] {new Parameter(map, "options"), new Parameter(object, "id"), new Parameter(closure, "body")};
        } else if (args.size() == 2 && !options && block) {
            params = new Parameter[] {new Parameter(object, "id"), new Parameter(closure, "body")};
        } else if (args.size() == 2 && options && !(args.get(1) instanceof ClosureExpression)) {
            params = new Parameter[] {new Parameter(map, "options"), new Parameter(object, "id")};
        } else {
            return null;
        }
        return SCRIPT.getMethod("task", params);
    }

    private static List<Expression> arguments(MethodCallExpression call) {
        return call.getArguments() instanceof TupleExpression tuple ? tuple.getExpressions() : null;
    }

    private static boolean isImplicitCall(MethodCallExpression call, String name) {
        return call.isImplicitThis() && name.equals(call.getMethodAsString()) && !call.isSpreadSafe() && !call.isSafe();
    }

    /**
     * Visits code but not the closures in it, which may run with a delegate that answers their
     * calls first (a loop's body is visited explicitly).
     */
    private abstract static class OutsideClosures extends ClassCodeVisitorSupport {

        final SourceUnit source;

        OutsideClosures(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitClosureExpression(ClosureExpression closure) {
        }
    }

    /**
     * Finds the {@code task} calls (and {@code name}, {@code params}, {@code sweep},
     * {@code schedule}) of a script method: in its own code, and in closures given to Groovy's loops
     * ({@code ids.each { id -> task(...) }}), which run them as they are, so their {@code task} is
     * still the script's. Other closures may be run with a delegate that answers first. A command
     * the script declares a method for keeps Groovy's dispatch.
     */
    private static final class ScriptCode extends OutsideClosures {

        private final ClassNode script;

        ScriptCode(SourceUnit source, ClassNode script) {
            super(source);
            this.script = script;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            super.visitMethodCallExpression(call);
            List<Expression> args = arguments(call);
            if (args == null) {
                return;
            }
            String name = call.getMethodAsString();
            if (name != null && !call.isImplicitThis() && LOOPS.contains(name)) {
                for (Expression arg : args) {
                    if (arg instanceof ClosureExpression body) {
                        body.getCode().visit(this);
                    }
                }
                return;
            }
            if (name == null || !isImplicitCall(call, name) || !script.getDeclaredMethods(name).isEmpty()) {
                return;
            }
            MethodNode target = name.equals("task") ? taskMethod(args) : settingMethod(name, args);
            if (target == null) {
                return;
            }
            call.setMethodTarget(target);
            if (name.equals("task") && args.get(args.size() - 1) instanceof ClosureExpression body) {
                body.getCode().visit(new BlockCode(source));
            }
        }
    }

    /** The commands of a task block, which runs with a {@link TaskBlock} delegate, resolved first. */
    private static final class BlockCode extends OutsideClosures {

        BlockCode(SourceUnit source) {
            super(source);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            super.visitMethodCallExpression(call);
            List<Expression> args = arguments(call);
            if (args == null || args.size() != 1 || !call.isImplicitThis() || call.isSafe() || call.isSpreadSafe()) {
                return;
            }
            String name = call.getMethodAsString();
            if (name == null) {
                return;
            }
            ClassNode type;
            if (MAP_COMMANDS.contains(name) && args.get(0) instanceof MapExpression) {
                type = ClassHelper.MAP_TYPE.getPlainNodeReference();
            } else if (VALUE_COMMANDS.contains(name) && !(args.get(0) instanceof ClosureExpression)) {
                type = ClassHelper.OBJECT_TYPE;
            } else {
                return;
            }
            MethodNode target = BLOCK.getMethod(name, new Parameter[] {new Parameter(type, "value")});
            if (target == null) {
                return;
            }
            MethodCallExpression delegate = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, "getDelegate",
                    ArgumentListExpression.EMPTY_ARGUMENTS);
            delegate.setImplicitThis(true);
            delegate.setMethodTarget(GET_DELEGATE);
            MethodCallExpression block = new MethodCallExpression(new ClassExpression(BLOCK), "of", new ArgumentListExpression(delegate));
            block.setMethodTarget(BLOCK_OF);
            call.setObjectExpression(block);
            call.setImplicitThis(false);
            call.setMethodTarget(target);
        }
    }
}
