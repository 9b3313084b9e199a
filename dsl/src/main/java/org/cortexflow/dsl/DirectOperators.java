package org.cortexflow.dsl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.Variable;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ClosureListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PostfixExpression;
import org.codehaus.groovy.ast.expr.PrefixExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Compiles the operators of a workflow script's loops as plain calls of {@link ScriptOperators}
 * where Groovy's dispatch can only go one way:
 * <ul>
 *   <li>{@code +}, {@code -}, {@code *} and the comparisons of two ints: variables and parameters
 *       declared {@code int}, int literals, and such sums (a declared {@code int} holds an Integer
 *       whatever is assigned to it);</li>
 *   <li>{@code i++}, {@code ++i}, {@code i--}, {@code --i} on an {@code int} variable as a statement
 *       or a {@code for} loop's step, where their value is not used;</li>
 *   <li>{@code +} with a string literal, or such a sum, on its left.</li>
 * </ul>
 * Each dynamic operator is a method-handle chain under the client compiler, about a microsecond:
 * a 100,000-task loop made half a million of them. A script that could change what these operators
 * do (one that touches a metaclass, uses a category or a mixin, or calls a method or reads a property
 * by a computed name) is left as Groovy compiles it.
 */
final class DirectOperators extends CompilationCustomizer {

    private static final ClassNode OPERATORS = ClassHelper.make(ScriptOperators.class);
    private static final Map<Integer, String> INT_OPERATORS = Map.of(
            Types.PLUS, "plus", Types.MINUS, "minus", Types.MULTIPLY, "multiply",
            Types.COMPARE_LESS_THAN, "lessThan", Types.COMPARE_LESS_THAN_EQUAL, "lessThanEqual",
            Types.COMPARE_GREATER_THAN, "greaterThan", Types.COMPARE_GREATER_THAN_EQUAL, "greaterThanEqual",
            Types.COMPARE_EQUAL, "equal", Types.COMPARE_NOT_EQUAL, "notEqual");
    private static final Set<String> CHANGERS = Set.of("use", "mixin", "metaClass", "getMetaClass", "setMetaClass",
            "invokeMethod", "getProperty", "setProperty");

    DirectOperators() {
        super(CompilePhase.INSTRUCTION_SELECTION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (classNode.isScript() && !mayChangeOperators(source)) {
            new Rewriter(source).visitClass(classNode);
        }
    }

    /** Whether any code in the file could give Integer or String operators another meaning. */
    private static boolean mayChangeOperators(SourceUnit source) {
        ChangeFinder finder = new ChangeFinder(source);
        for (ClassNode c : source.getAST().getClasses()) {
            finder.visitClass(c);
        }
        return finder.found;
    }

    private static boolean isInt(Expression e) {
        if (e instanceof ConstantExpression c) {
            return c.getValue() instanceof Integer;
        }
        if (e instanceof VariableExpression v) {
            return isIntVariable(v);
        }
        return e instanceof MethodCallExpression call && call.getMethodTarget() != null
                && call.getMethodTarget().getDeclaringClass().equals(OPERATORS)
                && ClassHelper.int_TYPE.equals(call.getMethodTarget().getReturnType());
    }

    /** A local variable or parameter declared {@code int} (not a field, not the binding's). */
    private static boolean isIntVariable(VariableExpression v) {
        Variable declared = v.getAccessedVariable();
        return (declared instanceof VariableExpression || declared instanceof Parameter)
                && ClassHelper.int_TYPE.equals(declared.getOriginType());
    }

    private static boolean isString(Expression e) {
        if (e instanceof ConstantExpression c) {
            return c.getValue() instanceof String;
        }
        return e instanceof MethodCallExpression call && call.getMethodTarget() != null
                && call.getMethodTarget().getDeclaringClass().equals(OPERATORS) && call.getMethodAsString().equals("concat");
    }

    private static MethodCallExpression operator(String name, ClassNode left, Expression a, Expression b) {
        ClassNode right = left.equals(ClassHelper.int_TYPE) ? left : ClassHelper.OBJECT_TYPE;
        MethodNode target = OPERATORS.getMethod(name, new Parameter[] {new Parameter(left, "a"), new Parameter(right, "b")});
        MethodCallExpression call = new MethodCallExpression(new ClassExpression(OPERATORS), name, new ArgumentListExpression(a, b));
        call.setMethodTarget(target);
        call.setImplicitThis(false);
        call.setSourcePosition(a);
        return call;
    }

    /** {@code i = ScriptOperators.plus(i, 1)} for {@code i++} and its kin on an int variable; null for anything else. */
    private static Expression step(Expression e) {
        Expression operand;
        Token operation;
        if (e instanceof PostfixExpression post) {
            operand = post.getExpression();
            operation = post.getOperation();
        } else if (e instanceof PrefixExpression pre) {
            operand = pre.getExpression();
            operation = pre.getOperation();
        } else {
            return null;
        }
        if (!(operand instanceof VariableExpression v) || !isIntVariable(v)) {
            return null;
        }
        String name = switch (operation.getType()) {
            case Types.PLUS_PLUS -> "plus";
            case Types.MINUS_MINUS -> "minus";
            default -> null;
        };
        if (name == null) {
            return null;
        }
        VariableExpression read = new VariableExpression(v.getName());
        read.setAccessedVariable(v.getAccessedVariable());
        read.setClosureSharedVariable(v.isClosureSharedVariable());
        read.setSourcePosition(v);
        Expression next = operator(name, ClassHelper.int_TYPE, read, new ConstantExpression(1, true));
        BinaryExpression assign = new BinaryExpression(v, Token.newSymbol(Types.ASSIGN, operation.getStartLine(), operation.getStartColumn()), next);
        assign.setSourcePosition(e);
        return assign;
    }

    private static final class Rewriter extends ClassCodeExpressionTransformer {

        private final SourceUnit source;

        Rewriter(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public Expression transform(Expression e) {
            if (e instanceof ClosureExpression closure) {
                closure.getCode().visit(this);
                return closure;
            }
            Expression t = super.transform(e);
            if (!(t instanceof BinaryExpression b) || t instanceof DeclarationExpression) {
                return t;
            }
            int type = b.getOperation().getType();
            String name = INT_OPERATORS.get(type);
            if (name != null && isInt(b.getLeftExpression()) && isInt(b.getRightExpression())) {
                return operator(name, ClassHelper.int_TYPE, b.getLeftExpression(), b.getRightExpression());
            }
            if (type == Types.PLUS && isString(b.getLeftExpression())) {
                return operator("concat", ClassHelper.STRING_TYPE, b.getLeftExpression(), b.getRightExpression());
            }
            return t;
        }

        @Override
        public void visitExpressionStatement(ExpressionStatement statement) {
            Expression step = step(statement.getExpression());
            if (step != null) {
                statement.setExpression(step);
            }
            super.visitExpressionStatement(statement);
        }

        @Override
        public void visitForLoop(ForStatement loop) {
            if (loop.getCollectionExpression() instanceof ClosureListExpression parts && parts.getExpressions().size() == 3) {
                List<Expression> list = parts.getExpressions();
                Expression step = step(list.get(2));
                if (step != null) {
                    list.set(2, step);
                }
            }
            super.visitForLoop(loop);
        }
    }

    /** Finds code that could change what Integer and String operators do. */
    private static final class ChangeFinder extends ClassCodeVisitorSupport {

        private final SourceUnit source;
        boolean found;

        ChangeFinder(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            found |= name == null || CHANGERS.contains(name);
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            found |= CHANGERS.contains(call.getMethod());
            super.visitStaticMethodCallExpression(call);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression property) {
            String name = property.getPropertyAsString();
            found |= name == null || CHANGERS.contains(name);
            super.visitPropertyExpression(property);
        }

        @Override
        public void visitVariableExpression(VariableExpression variable) {
            found |= CHANGERS.contains(variable.getName());
            super.visitVariableExpression(variable);
        }

        @Override
        public void visitClassExpression(ClassExpression expression) {
            found |= changesMetaClasses(expression.getType());
            super.visitClassExpression(expression);
        }

        @Override
        public void visitConstructorCallExpression(ConstructorCallExpression call) {
            found |= changesMetaClasses(call.getType());
            super.visitConstructorCallExpression(call);
        }

        private static boolean changesMetaClasses(ClassNode type) {
            String name = type.getName();
            return name.contains("MetaClass") || name.equals("groovy.lang.GroovySystem");
        }
    }
}
