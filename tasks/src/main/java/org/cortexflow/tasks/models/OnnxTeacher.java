package org.cortexflow.tasks.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.samediff.frameworkimport.onnx.importer.OnnxFrameworkImporter;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * A teacher network from an ONNX file, imported with SameDiff's ONNX import (samediff-import-onnx
 * 1.0.0-M2.1): the activations of a named node output for each epoch's input, flattened to a row
 * in row-major order. The file is read first with the ONNX protobuf schema to check, before the
 * import runs, that it has the node output, one float input whose sizes after the batch dimension
 * multiply to the input source's size (the flat vector is given that shape), and none of the
 * operators the M2.1 import is known to fail on (docs/models.md lists them).
 */
final class OnnxTeacher implements InputSource, AutoCloseable {

    /** Operators the 1.0.0-M2.1 import cannot take, each with what we saw and what to export instead. */
    private static final Map<String, String> BROKEN = Map.of(
            "GlobalAveragePool", "crashes the native ND4J library during import (a JVM crash); export a mean over the "
                    + "spatial axes instead (x.mean(dim=(2, 3)) becomes ReduceMean, which imports)",
            "Reshape", "fails during import ('Data types validation failed'); export the network without reshapes: "
                    + "teacher.embed gives the input the shape the file declares, so a conv net can take [n, 1, 2, 64] directly");

    private static final Object IMPORT_LOCK = new Object();
    private static OnnxFrameworkImporter importer;

    private final InputSource input;
    private final SameDiff graph;
    private final String inputName;
    private final long[] inputShape;
    private final int batch;
    private final boolean fixedBatch;
    private final String layer;
    private final int dim;
    private final Map<String, Object> description;
    private final int total;
    private float[] cache;
    private int first = -1;

    private OnnxTeacher(InputSource input, SameDiff graph, String inputName, long[] inputShape, boolean fixedBatch,
                        int chunk, String layer, int dim, Map<String, Object> description, int total) {
        this.input = input;
        this.graph = graph;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.fixedBatch = fixedBatch;
        this.batch = fixedBatch ? (int) inputShape[0] : chunk;
        this.layer = layer;
        this.dim = dim;
        this.description = description;
        this.total = total;
    }

    /**
     * Reads and checks {@code file}, imports it, and runs epoch 0 once to learn the layer's size. What
     * the importer prints goes to {@code log}.
     */
    static OnnxTeacher open(Path file, String layer, InputSource input, int total, PrintStream log)
            throws TaskFailure, IOException {
        return open(file, layer, input, total, log, 64);
    }

    /** As {@link #open(Path, String, InputSource, int, PrintStream)}, {@code chunk} epochs at a time where the batch is free. */
    static OnnxTeacher open(Path file, String layer, InputSource input, int total, PrintStream log, int chunk)
            throws TaskFailure, IOException {
        if (!Files.isRegularFile(file)) {
            throw new TaskFailure("no ONNX model file " + file);
        }
        Onnx.ModelProto model = parse(file);
        Onnx.GraphProto g = model.getGraph();
        checkOperators(file, g);
        List<String> outputs = nodeOutputs(g);
        if (!outputs.contains(layer)) {
            throw new TaskFailure("the ONNX model " + file.getFileName() + " has no node output '" + layer + "'; its node outputs: "
                    + listed(outputs) + "\n  hint: 'layer' takes a node output name as Netron shows it");
        }
        Onnx.ValueInfoProto in = singleInput(file, g);
        long[] shape = inputShape(file, in);
        long given = (long) input.height() * input.width();
        long takes = 1;
        for (int i = 1; i < shape.length; i++) {
            takes *= shape[i];
        }
        if (takes != given) {
            throw new TaskFailure("the ONNX model takes " + takes + " input values per example (input '" + in.getName() + "' "
                    + dims(shape) + "), the teacher input gives " + given + " (" + input.height() + " x " + input.width()
                    + ")\n  hint: choose 'input' (mel-stats, log-mel, waveform) and mel_bands to match the model");
        }
        boolean fixedBatch = shape[0] > 0;
        SameDiff sd = importGraph(file, withGemmBiasAsAdd(file, model), log);
        if (!sd.hasVariable(layer)) {
            throw new TaskFailure("SameDiff's import of " + file.getFileName() + " has no variable for the node output '" + layer
                    + "' (the import rewrote that node); take the output of the node before or after it");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "onnx");
        m.put("producer", (model.getProducerName() + " " + model.getProducerVersion()).trim());
        m.put("opset", opset(model));
        m.put("input_name", in.getName());
        m.put("input_shape", Arrays.stream(shape).boxed().toList());
        m.put("nodes", g.getNodeCount());
        m.put("parameters", parameters(g));
        OnnxTeacher probe = new OnnxTeacher(input, sd, in.getName(), shape, fixedBatch, chunk, layer, 0, m, total);
        float[] x = new float[(int) given];
        input.fill(0, x, 0);
        int d = (int) (probe.run(x, 1).length());
        return new OnnxTeacher(input, sd, in.getName(), shape, fixedBatch, chunk, layer, d, m, total);
    }

    private static Onnx.ModelProto parse(Path file) throws IOException, FileFormatError {
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new FileFormatError(file, -1, "ModelProto", "not a readable ONNX model: " + e.getMessage(),
                    "the file may be truncated or not ONNX; export it again with torch.onnx.export or tf2onnx");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new FileFormatError(file, -1, "ModelProto.graph", "no graph with nodes: not an ONNX model",
                    "export the network with torch.onnx.export or tf2onnx");
        }
        return model;
    }

    private static void checkOperators(Path file, Onnx.GraphProto g) throws TaskFailure {
        for (Onnx.NodeProto node : g.getNodeList()) {
            String why = BROKEN.get(node.getOpType());
            if (why == null && node.getOpType().equals("Conv")) {
                for (Onnx.AttributeProto a : node.getAttributeList()) {
                    if (a.getName().equals("kernel_shape") && a.getIntsCount() != 2) {
                        why = "the import maps Conv to a 2-D convolution only and fails on a " + a.getIntsCount()
                                + "-D kernel; export Conv1d as Conv2d with a (1, k) kernel on a [n, c, 1, w] input";
                    }
                }
            }
            if (why != null) {
                throw new TaskFailure("the ONNX model " + file.getFileName() + " has a " + node.getOpType() + " node ('"
                        + node.getName() + "') that SameDiff's ONNX import (DL4J 1.0.0-M2.1) cannot take: it " + why);
            }
        }
    }

    /** Every node's outputs in graph order, then graph outputs not among them. */
    private static List<String> nodeOutputs(Onnx.GraphProto g) {
        Set<String> names = new LinkedHashSet<>();
        for (Onnx.NodeProto node : g.getNodeList()) {
            for (String o : node.getOutputList()) {
                if (!o.isEmpty()) {
                    names.add(o);
                }
            }
        }
        for (Onnx.ValueInfoProto o : g.getOutputList()) {
            names.add(o.getName());
        }
        return new ArrayList<>(names);
    }

    private static Onnx.ValueInfoProto singleInput(Path file, Onnx.GraphProto g) throws TaskFailure {
        Set<String> weights = new LinkedHashSet<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            weights.add(t.getName());
        }
        List<Onnx.ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !weights.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new TaskFailure("the ONNX model " + file.getFileName() + " has " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.stream().map(Onnx.ValueInfoProto::getName).toList())
                    + "); teacher.embed gives a network one input");
        }
        Onnx.ValueInfoProto in = inputs.get(0);
        int type = in.getType().getTensorType().getElemType();
        if (type != Onnx.TensorProto.DataType.FLOAT.getNumber()) {
            throw new TaskFailure("the ONNX model's input '" + in.getName() + "' has element type "
                    + Onnx.TensorProto.DataType.forNumber(type) + "; teacher.embed gives float32 values");
        }
        return in;
    }

    /** The declared input shape; a symbolic (or missing) batch size is -1, other sizes must be fixed. */
    private static long[] inputShape(Path file, Onnx.ValueInfoProto in) throws TaskFailure {
        List<Onnx.TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        if (dims.size() < 2) {
            throw new TaskFailure("the ONNX model's input '" + in.getName() + "' has rank " + dims.size()
                    + "; teacher.embed needs a batch dimension and at least one more");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Onnx.TensorShapeProto.Dimension d = dims.get(i);
            shape[i] = d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1;
            if (i > 0 && shape[i] < 0) {
                throw new TaskFailure("the ONNX model's input '" + in.getName() + "' has a symbolic size ('" + d.getDimParam()
                        + "') in dimension " + i + " of " + file.getFileName()
                        + "; teacher.embed needs fixed sizes after the batch dimension\n  hint: export without dynamic_axes on those dimensions");
            }
        }
        return shape;
    }

    /**
     * The model with each Gemm's bias input C moved to an Add node after it and beta set to 0: the
     * 1.0.0-M2.1 import maps Gemm to a matrix product that drops C and accumulates into its output
     * across calls when beta is 1. Gemm nodes with alpha or beta other than 1 or with transA are
     * refused (the import does not read them).
     */
    private static Onnx.ModelProto withGemmBiasAsAdd(Path file, Onnx.ModelProto model) throws TaskFailure {
        Onnx.GraphProto g = model.getGraph();
        List<Onnx.NodeProto> nodes = new ArrayList<>();
        for (Onnx.NodeProto node : g.getNodeList()) {
            if (!node.getOpType().equals("Gemm")) {
                nodes.add(node);
                continue;
            }
            for (Onnx.AttributeProto a : node.getAttributeList()) {
                boolean plain = switch (a.getName()) {
                    case "alpha", "beta" -> a.getF() == 1f;
                    case "transA" -> a.getI() == 0;
                    default -> true;
                };
                if (!plain) {
                    throw new TaskFailure("the ONNX model " + file.getFileName() + " has a Gemm node ('" + node.getName() + "') with "
                            + a.getName() + " " + (a.getName().equals("transA") ? a.getI() : a.getF())
                            + "; SameDiff's ONNX import (DL4J 1.0.0-M2.1) reads only transB of Gemm");
                }
            }
            // beta 0: the import hands beta to its matrix product as z = A B + beta z, and z is an array
            // it reuses between calls, so beta 1 adds each result to the one before
            Onnx.NodeProto.Builder product = node.toBuilder().clearAttribute();
            for (Onnx.AttributeProto a : node.getAttributeList()) {
                if (!a.getName().equals("beta")) {
                    product.addAttribute(a);
                }
            }
            product.addAttribute(Onnx.AttributeProto.newBuilder().setName("beta").setF(0f)
                    .setType(Onnx.AttributeProto.AttributeType.FLOAT));
            if (node.getInputCount() < 3 || node.getInput(2).isEmpty()) {
                nodes.add(product.build());
                continue;
            }
            String out = node.getOutput(0);
            String unbiased = out + "/without_bias";
            nodes.add(product.clearInput().addInput(node.getInput(0)).addInput(node.getInput(1))
                    .clearOutput().addOutput(unbiased).build());
            nodes.add(Onnx.NodeProto.newBuilder().setOpType("Add").setName(node.getName() + "/bias")
                    .addInput(unbiased).addInput(node.getInput(2)).addOutput(out).build());
        }
        return model.toBuilder().setGraph(g.toBuilder().clearNode().addAllNode(nodes)).build();
    }

    private static SameDiff importGraph(Path file, Onnx.ModelProto model, PrintStream log) throws TaskFailure, IOException {
        Path copy = Files.createTempFile("cortexflow-onnx-", ".onnx");
        try {
            Files.write(copy, model.toByteArray());
            return importFile(file, copy, log);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static SameDiff importFile(Path file, Path copy, PrintStream log) throws TaskFailure {
        synchronized (IMPORT_LOCK) {
            PrintStream out = System.out;
            Thread self = Thread.currentThread();
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            // the importer prints to System.out; keep what this thread prints for the task log
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    if (Thread.currentThread() == self) {
                        said.write(b);
                    } else {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (Thread.currentThread() == self) {
                        said.write(b, off, len);
                    } else {
                        out.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8));
            try {
                if (importer == null) {
                    importer = new OnnxFrameworkImporter();
                }
                return importer.runImport(copy.toString(), Map.of(), false);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                throw new TaskFailure("SameDiff's ONNX import (DL4J 1.0.0-M2.1) cannot import " + file + ": " + e
                        + "\n  hint: docs/models.md lists the operators it is known to take; export with opset 11 to 13");
            } finally {
                System.setOut(out);
                if (log != null && said.size() > 0) {
                    log.println("onnx import: " + said.toString(StandardCharsets.UTF_8).strip());
                }
            }
        }
    }

    private INDArray run(float[] x, int n) {
        int size = input.height() * input.width();
        int rows = fixedBatch ? batch : n;
        float[] padded = x.length == (long) rows * size ? x : Arrays.copyOf(x, rows * size);
        long[] shape = inputShape.clone();
        shape[0] = rows;
        INDArray in = Nd4j.create(padded, shape, 'c');
        INDArray a = graph.output(Map.of(inputName, in), List.of(layer)).get(layer).castTo(DataType.FLOAT);
        return a.reshape('c', rows, a.length() / rows).get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    private static String listed(List<String> names) {
        int max = 80;
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + " ... and " + (names.size() - max) + " more";
    }

    private static String dims(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "n" : String.valueOf(shape[i]));
        }
        return sb.append(']').toString();
    }

    private static int opset(Onnx.ModelProto model) {
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return -1;
    }

    private static long parameters(Onnx.GraphProto g) {
        long n = 0;
        for (Onnx.TensorProto t : g.getInitializerList()) {
            long c = 1;
            for (long d : t.getDimsList()) {
                c *= d;
            }
            n += c;
        }
        return n;
    }

    Map<String, Object> describe() {
        return description;
    }

    @Override
    public int height() {
        return 1;
    }

    @Override
    public int width() {
        return dim;
    }

    /** Rows are asked for in order; computes a batch of epochs at a time (the file's fixed batch, else 64). */
    @Override
    public void fill(int epoch, float[] dst, int off) throws IOException {
        if (first < 0 || epoch < first || epoch >= first + batch) {
            int n = Math.min(batch, total - epoch);
            int size = input.height() * input.width();
            float[] x = new float[n * size];
            for (int i = 0; i < n; i++) {
                input.fill(epoch + i, x, i * size);
            }
            cache = run(x, n).dup('c').data().asFloat();
            first = epoch;
        }
        System.arraycopy(cache, (epoch - first) * dim, dst, off, dim);
    }

    @Override
    public void close() {
        // the imported graph's arrays are released with it
    }
}
