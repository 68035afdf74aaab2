package io.winnow.recipes;

import io.winnow.dsl.Recipe;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a recipe chain as Java, in memory, against the dsl classes, and runs it: the reference the text reader must agree with. */
final class JavaChain {

    private JavaChain() {
    }

    static Recipe evaluate(String chain) throws Exception {
        String source = "import static io.winnow.dsl.Recipes.*;\n"
                + "public class Gen { public static io.winnow.dsl.Recipe r() { return " + chain + "; } }\n";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK");
        }
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, c -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Gen.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter messages = new StringWriter();
        List<String> options = List.of("-classpath", classpath(), "-proc:none");
        boolean ok = compiler.getTask(messages, inMemory, null, options, null, List.of(file)).call();
        if (!ok) {
            throw new AssertionError("the chain does not compile as Java:\n" + source + messages);
        }
        ClassLoader loader = new ClassLoader(JavaChain.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        return (Recipe) loader.loadClass("Gen").getMethod("r").invoke(null);
    }

    /** Where the dsl and Vavr classes are (surefire's own class path may be a manifest-only jar). */
    private static String classpath() throws URISyntaxException {
        return String.join(java.io.File.pathSeparator, location(Recipe.class), location(io.vavr.collection.List.class));
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
