package org.cortexflow.dsl;

import groovyjarjarasm.asm.ClassReader;
import groovyjarjarasm.asm.ClassVisitor;
import groovyjarjarasm.asm.Handle;
import groovyjarjarasm.asm.MethodVisitor;
import groovyjarjarasm.asm.Opcodes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The calls compiled classes make, read from their bytecode, for tests of what a script compiles to. */
final class CompiledCalls {

    private CompiledCalls() {
    }

    /** "direct Owner.name" for each plain JVM call, "dynamic name" for each of Groovy's call sites. */
    static List<String> of(Collection<byte[]> classes) {
        List<String> calls = new ArrayList<>();
        for (byte[] bytes : classes) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                            calls.add("direct " + owner.substring(owner.lastIndexOf('/') + 1) + "." + method);
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String kind, String desc, Handle bootstrap, Object... args) {
                            // Groovy's call sites name the method as the bootstrap's first argument
                            if (kind.equals("invoke") && args.length > 0) {
                                calls.add("dynamic " + args[0]);
                            }
                        }
                    };
                }
            }, 0);
        }
        return calls;
    }
}
