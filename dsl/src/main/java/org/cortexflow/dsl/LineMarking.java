package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compiles a workflow script so that it says which line it is on: every statement is preceded by
 * {@code ScriptLines.mark(LINE)}, and every method the script declares puts the caller's line
 * back when it returns, so a builder call sees the line of the statement that made it. This
 * replaces walking the stack on each builder call, which cost about 20 µs a call.
 */
final class LineMarking extends CompilationCustomizer {

    private static final ClassNode LINES = ClassHelper.make(ScriptLines.class);

    LineMarking() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Marker marker = new Marker(source);
        for (MethodNode method : classNode.getMethods()) {
            if (!(method.getCode() instanceof BlockStatement body)) {
                continue;
            }
            marker.visitBlockStatement(body);
            boolean scriptBody = classNode.isScript() && (method.getName().equals("run") || method.getName().equals("main"));
            if (!scriptBody) {
                method.setCode(restoringLine(body));
            }
        }
    }

    /** {@code { ScriptLines.enter(); try { body } finally { ScriptLines.leave() } }} */
    private static Statement restoringLine(BlockStatement body) {
        BlockStatement wrapped = new BlockStatement();
        wrapped.addStatement(call("enter"));
        TryCatchStatement guarded = new TryCatchStatement(body, call("leave"));
        wrapped.addStatement(guarded);
        wrapped.setVariableScope(body.getVariableScope());
        return wrapped;
    }

    /** A direct call of a {@link ScriptLines} method (a dynamic one costs a method-handle chain a statement). */
    private static Statement call(String name, ConstantExpression... args) {
        Parameter[] params = new Parameter[args.length];
        Arrays.fill(params, new Parameter(ClassHelper.int_TYPE, "line"));
        MethodCallExpression call = new MethodCallExpression(new ClassExpression(LINES), name, new ArgumentListExpression(args));
        call.setMethodTarget(LINES.getMethod(name, params));
        return new ExpressionStatement(call);
    }

    private static final class Marker extends ClassCodeVisitorSupport {

        private final SourceUnit source;

        Marker(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitBlockStatement(BlockStatement block) {
            List<Statement> statements = block.getStatements();
            List<Statement> marked = new ArrayList<>(statements.size() * 2);
            for (Statement s : statements) {
                if (s.getLineNumber() > 0 && !(s instanceof EmptyStatement)) {
                    marked.add(call("mark", new ConstantExpression(s.getLineNumber(), true)));
                }
                marked.add(s);
            }
            statements.clear();
            statements.addAll(marked);
            for (Statement s : marked) {
                s.visit(this);
            }
        }

    }
}
