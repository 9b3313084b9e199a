package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import java.util.List;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;
import org.junit.jupiter.api.Test;

/** That {@link DirectOperators} compiles a script's int and string operators as plain calls, and that they give what Groovy's give. */
class DirectOperatorsTest {

    /**
     * Operators on ints, int variables (local, shared with a closure, a closure's parameter),
     * strings, and every kind of value added to a string; each line's value is compared.
     */
    private static final String OPERATORS = """
            int a = 7, b = -3, big = Integer.MAX_VALUE
            int shared = 2
            def out = []
            out << a + b << a - b << a * b << big + 1 << big * 2 << -big - 2 << a + 1 - b * 2
            out << (a < b) << (a <= 7) << (a > b) << (a >= 8) << (a == 7) << (a != 7) << (b < 0)
            out << 'x' + 1 << 'x' + null << 'x' + [1, 2] << 'x' + [k: 1] << 'x' + "g${a}" << 'x' + 1.5
            out << 'x' + 'y' + a << 'x' + (char) 'c' << 'x' + new StringBuilder('sb') << 'x' + true << 'x' + 10L
            out << 'x' + [1, [2]] << 'x' + 1 + 2 << 'x' - 'x' + a
            for (int i = 0; i < 3; i++) { out << i * 10 }
            for (int i = 3; i > 0; --i) { out << i }
            int n = 0
            n++; ++n; n--; out << n
            [1, 2, 3].each { int k -> shared++; out << shared * k << 'k' + k }
            out << shared
            def dynamic = 5
            out << dynamic + a << a + dynamic << a + 0.5 << a / 2 << 1 + 'x'
            out
            """;

    private static CompilerConfiguration direct() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.addCompilationCustomizers(new DirectOperators());
        return config;
    }

    private static Object evaluate(String script, CompilerConfiguration config) {
        return new GroovyShell(config).evaluate(script);
    }

    /** The calls a compiled script makes: "direct Owner.name" for plain JVM calls, "dynamic name" for Groovy's. */
    private static List<String> calls(String script) {
        CompilationUnit unit = new CompilationUnit(direct());
        unit.addSource("s.groovy", script);
        unit.compile(Phases.CLASS_GENERATION);
        return CompiledCalls.of(unit.getClasses().stream().map(GroovyClass::getBytes).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void directOperatorsGiveWhatGroovysDispatchGives() {
        Object dynamic = evaluate(OPERATORS, new CompilerConfiguration());
        Object direct = evaluate(OPERATORS, direct());

        assertThat(direct).isEqualTo(dynamic);
        assertThat(((List<Object>) direct).subList(0, 7)).containsExactly((Object) 4, 10, -21, Integer.MIN_VALUE, -2, Integer.MAX_VALUE, 14);
    }

    @Test
    void intAndStringOperatorsCompileToPlainCalls() {
        List<String> calls = calls(OPERATORS);

        assertThat(calls).contains("direct ScriptOperators.plus", "direct ScriptOperators.minus", "direct ScriptOperators.multiply",
                "direct ScriptOperators.lessThan", "direct ScriptOperators.lessThanEqual", "direct ScriptOperators.greaterThan",
                "direct ScriptOperators.greaterThanEqual", "direct ScriptOperators.equal", "direct ScriptOperators.notEqual",
                "direct ScriptOperators.concat");
        // i++ and its kin as statements, and the ints' operators, are no longer Groovy calls
        assertThat(calls).doesNotContain("dynamic next", "dynamic previous", "dynamic multiply");
        // an untyped variable, a decimal, a division and a number on the left of a string stay Groovy's
        assertThat(calls).contains("dynamic plus", "dynamic div");
    }

    @Test
    void aScriptThatCouldChangeWhatOperatorsDoKeepsGroovysDispatch() {
        for (String change : List.of(
                "Integer.metaClass.plus = { Integer other -> 42 }",
                "String.metaClass.plus = { Object other -> 'changed' }",
                "use(Object) { }",
                "def name = 'plus'; 1.\"$name\"(2)",
                "def m = 1.getMetaClass()",
                "def e = new ExpandoMetaClass(Integer)")) {
            String script = change + "\nint a = 1\n[a + 1, 'x' + a]";

            assertThat(calls(script)).as(change).doesNotContain("direct ScriptOperators.plus", "direct ScriptOperators.concat");
        }
        String script = """
                Integer.metaClass.plus = { Integer other -> 42 }
                try { int a = 1; a + 1 } finally { GroovySystem.metaClassRegistry.removeMetaClass(Integer) }
                """;
        assertThat(evaluate(script, direct())).isEqualTo(42);
    }
}
