package org.cortexflow.tasks.models.nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.NpzArchive;
import org.cortexflow.tasks.models.ModelBackend.Optimizer;
import org.cortexflow.tasks.models.Network;
import org.cortexflow.tasks.models.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The SampleCNN2D network written directly on ND4J's native operations: convolutions through
 * libnd4j's {@code conv2d} / {@code conv2d_bp} (oneDNN kernels in the {@code -onednn} build; the
 * single-channel first one as {@code im2col} + a batched {@code matmul}), batch norm, ReLU, dropout,
 * pooling and the heads as array operations with hand-written backward passes
 * (matches torch.nn Conv2d / BatchNorm2d / BatchNorm1d / Linear / Dropout / adaptive_avg_pool2d in
 * training and eval mode; tested against a PyTorch golden). DL4J's own layers are not used: on this
 * CPU its ConvolutionLayer (Java im2col) and BatchNormalization layer made a training step 7 times
 * slower than PyTorch, and its oneDNN helpers never engage in 1.0.0-M2.1 (docs/benchmarks.md).
 *
 * <p>All parameters live in one flat array (and their gradients in another), so one Adam updater
 * covers them and a checkpoint is a handful of arrays. Layout is NCHW throughout.
 */
final class Nd4jNetwork implements Network {

    private static final double BN_EPS = 1e-5;
    private static final double BN_MOMENTUM = 0.1;
    /**
     * Output (or output gradient) per conv2d / conv2d_bp call, in bytes: oneDNN reorders each call's
     * arrays into copies of its own layout, and slices of the batch this size keep them in cache and
     * free them after each slice (the paper network's peak memory halved; compact's second
     * convolution faster in A/B runs: docs/benchmarks.md).
     */
    private static final long CONV_SLICE_BYTES = 4L << 20;
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyMirroring(MirroringPolicy.FULL).policySpill(SpillPolicy.REALLOCATE).build();
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();

    private final String workspaceId = "cortexflow-net-" + INSTANCES.incrementAndGet();

    private final NetworkSpec spec;
    private final long seed;
    private final long convSliceBytes;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Tensor> buffers = new ArrayList<>();
    private final INDArray params;
    private final INDArray grads;
    private final INDArray state;
    private final TorchAdam adam;
    private final Random random;
    private final ConvBlock[] blocks = new ConvBlock[3];
    private final Head classifier;
    private final Head representation;

    /** A named slice of the flat parameter (or buffer) array, with its gradient slice. */
    private record Tensor(String name, long[] shape, long offset, long length) {
    }

    Nd4jNetwork(NetworkSpec spec, Optimizer opt, long seed) {
        this(spec, opt, seed, CONV_SLICE_BYTES);
    }

    /** With another slice size for the convolutions (tests: one example per call). */
    Nd4jNetwork(NetworkSpec spec, Optimizer opt, long seed, long convSliceBytes) {
        this.spec = spec;
        this.seed = seed;
        this.convSliceBytes = convSliceBytes;
        int in = 1;
        long p = 0;
        long b = 0;
        for (int i = 0; i < 3; i++) {
            int out = spec.channels().get(i);
            p = declare("conv" + i + ".weight", p, out, in, 3, 3);
            p = declare("conv" + i + ".bias", p, out);
            p = declare("bn" + i + ".weight", p, out);
            p = declare("bn" + i + ".bias", p, out);
            b = declareBuffer("bn" + i + ".running_mean", b, out);
            b = declareBuffer("bn" + i + ".running_var", b, out);
            in = out;
        }
        int feat = spec.features();
        for (String head : List.of("cls", "rep")) {
            int outputs = head.equals("cls") ? spec.classes() : spec.representation();
            p = declare(head + ".fc.weight", p, spec.hidden(), feat);
            p = declare(head + ".bn.weight", p, spec.hidden());
            p = declare(head + ".bn.bias", p, spec.hidden());
            p = declare(head + ".out.weight", p, outputs, spec.hidden());
            b = declareBuffer(head + ".bn.running_mean", b, spec.hidden());
            b = declareBuffer(head + ".bn.running_var", b, spec.hidden());
        }
        Nd4jRuntime.load();
        params = Nd4j.create(DataType.FLOAT, 1, p);
        grads = Nd4j.create(DataType.FLOAT, 1, p);
        state = Nd4j.create(DataType.FLOAT, 1, Math.max(1, b));
        initialise(new SplittableRandom(seed));
        adam = new TorchAdam(opt, Nd4j.create(DataType.FLOAT, 2, p));
        random = Nd4j.getRandomFactory().getNewRandomInstance(nativeSeed(seed));
        for (int i = 0; i < 3; i++) {
            blocks[i] = new ConvBlock(i, spec.architecture().strideHeight(), spec.architecture().strideWidth());
        }
        classifier = new Head("cls");
        representation = new Head("rep");
    }

    private long declare(String name, long offset, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        tensors.add(new Tensor(name, shape, offset, n));
        return offset + n;
    }

    private long declareBuffer(String name, long offset, long... shape) {
        buffers.add(new Tensor(name, shape, offset, shape[0]));
        return offset + shape[0];
    }

    private Tensor tensor(String name) {
        for (Tensor t : tensors) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        for (Tensor t : buffers) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor " + name);
    }

    private static INDArray view(INDArray flat, Tensor t) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(t.offset, t.offset + t.length)).reshape('c', t.shape);
    }

    private INDArray param(String name) {
        return view(params, tensor(name));
    }

    private INDArray grad(String name) {
        return view(grads, tensor(name));
    }

    private INDArray buffer(String name) {
        return view(state, tensor(name));
    }

    /** PyTorch's defaults: weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)); BN scale 1, shift 0, var 1. */
    /** ND4J's native generator seeds itself from the clock when given 0: never hand it a zero. */
    private static long nativeSeed(long s) {
        return s != 0 ? s : 0x2545F4914F6CDD1DL;
    }

    private void initialise(SplittableRandom rng) {
        for (Tensor t : tensors) {
            float[] v = new float[(int) t.length];
            if (t.name.startsWith("bn") || t.name.contains(".bn.")) {
                java.util.Arrays.fill(v, t.name.endsWith(".weight") ? 1f : 0f);
            } else {
                long fanIn = t.name.endsWith(".bias") ? fanIn(t.name.replace(".bias", ".weight")) : fanIn(t.name);
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            view(params, t).assign(Nd4j.create(v, t.shape, 'c'));
        }
        for (Tensor t : buffers) {
            view(state, t).assign(t.name.endsWith("running_var") ? 1.0 : 0.0);
        }
    }

    private long fanIn(String weightName) {
        long[] s = tensor(weightName).shape;
        long f = 1;
        for (int i = 1; i < s.length; i++) {
            f *= s[i];
        }
        return f;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public long parameterCount() {
        return params.length();
    }

    // ---------------------------------------------------------------- training

    @Override
    public Outputs trainStep(float[] inputs, int n, long step, LossFunction loss) {
        if (n < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 examples (batch norm), got " + n);
        }
        // a workspace recycles one arena for every step's temporaries: without it each step maps and
        // zeroes fresh pages for every activation (a fifth of a step's time in page faults)
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, workspaceId + "-train")) {
            return trainStepInWorkspace(inputs, n, step, loss);
        }
    }

    private Outputs trainStepInWorkspace(float[] inputs, int n, long step, LossFunction loss) {
        random.setSeed(nativeSeed(seed * 0x9E3779B97F4A7C15L + step));
        INDArray h = input(inputs, n);
        for (ConvBlock block : blocks) {
            h = block.forwardTraining(h);
        }
        int c = spec.features();
        long hw = h.size(2) * h.size(3);
        INDArray mask = null;
        if (spec.dropout() > 0) {
            double keep = 1 - spec.dropout();
            mask = Nd4j.createUninitialized(DataType.FLOAT, h.shape());
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), random);
            mask.muli(1 / keep);
            // in place on the last block's output: its backward pass reads only the sign, which a
            // positive scale keeps and which does not matter where the mask (hence the gradient) is 0
            h.muli(mask);
        }
        INDArray feat = h.reshape('c', (long) n * c, hw).mean(1).reshape('c', n, c);
        INDArray logits = classifier.forwardTraining(feat);
        INDArray z = representation.forwardTraining(feat);
        Outputs out = new Outputs(n, logits.data().asFloat(), z.data().asFloat());
        LossGradient g = loss.apply(out);

        INDArray dFeat = classifier.backward(feat, Nd4j.create(g.dLogits(), new long[] {n, spec.classes()}, 'c'));
        dFeat.addi(representation.backward(feat, Nd4j.create(g.dRepresentation(), new long[] {n, spec.representation()}, 'c')));
        // average pooling spreads dFeat / hw over each map; dropout passes it where its (scaled) mask does
        INDArray spread = mask != null ? mask : Nd4j.ones(DataType.FLOAT, h.shape());
        INDArray dh = spread.reshape('c', (long) n * c, hw).muliColumnVector(dFeat.reshape('c', (long) n * c, 1).divi(hw))
                .reshape('c', h.shape());
        for (int i = blocks.length - 1; i >= 0; i--) {
            dh = blocks[i].backward(dh, i > 0);
        }
        adam.step(params, grads, step);
        return out;
    }

    private INDArray input(float[] inputs, int n) {
        long expected = (long) n * spec.height() * spec.width();
        if (inputs.length < expected) {
            throw new IllegalArgumentException("input has " + inputs.length + " values, expected " + expected);
        }
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, n, 1, spec.height(), spec.width());
        // a bulk copy: Nd4j.create(float[]) measured ten times slower
        new FloatPointer(x.data().addressPointer()).put(inputs, 0, (int) expected);
        return x;
    }

    /**
     * conv (3x3, padding 1) -> BN2d -> ReLU. The convolution runs without its bias: batch norm
     * subtracts the batch mean, so the bias changes nothing but the running mean, where it is added
     * back (and the inference shift); its gradient is exactly zero.
     */
    private final class ConvBlock {
        private final int index;
        private final int strideH;
        private final int strideW;
        private final INDArray weight;
        private final INDArray bias;
        private final INDArray gamma;
        private final INDArray beta;
        private final INDArray runningMean;
        private final INDArray runningVar;
        /** Convolve as im2col + one batched matrix product (the first block, one input channel). */
        private final boolean lowered;
        private INDArray input;
        private INDArray columns;
        private INDArray centered;
        private INDArray invStd;
        private INDArray output;

        ConvBlock(int index, int strideH, int strideW) {
            this.index = index;
            this.strideH = strideH;
            this.strideW = strideW;
            weight = param("conv" + index + ".weight");
            bias = param("conv" + index + ".bias");
            gamma = param("bn" + index + ".weight");
            beta = param("bn" + index + ".bias");
            runningMean = buffer("bn" + index + ".running_mean");
            runningVar = buffer("bn" + index + ".running_var");
            // oneDNN's kernels for one input channel are slow, and conv2d_bp always computes the input
            // gradient, which the first block does not need: there im2col + gemm measured 2.5x faster
            // forward and over 10x faster backward (docs/benchmarks.md)
            lowered = index == 0 && weight.size(1) == 1;
        }

        private int[] convArgs() {
            // kH kW sH sW pH pW dH dW, padding mode 0 (explicit, as torch padding=1), NCHW, weights [out, in, kH, kW]
            return new int[] {3, 3, strideH, strideW, 1, 1, 1, 1, 0, 0, 1};
        }

        /** The convolution without bias; in the lowered form, keeps the im2col matrix when {@code keep}. */
        private INDArray conv(INDArray x, boolean keep) {
            long n = x.size(0);
            long h = (x.size(2) + 2 - 3) / strideH + 1;
            long w = (x.size(3) + 2 - 3) / strideW + 1;
            long out = weight.size(0);
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, n, out, h, w);
            if (!lowered) {
                long examples = sliceExamples(y);
                for (long i = 0; i < n; i += examples) {
                    long[] rows = {i, Math.min(n, i + examples)};
                    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(slice(x, rows), weight).addOutputs(slice(y, rows))
                            .addIntegerArguments(convArgs()).build());
                }
                return y;
            }
            // columns [n, 9, h*w] (im2col: kH kW sH sW pH pW dH dW, not 'same'); y[i] = W [out, 9] . columns[i]
            INDArray col = Nd4j.createUninitialized(DataType.FLOAT, n, 1, 3, 3, h, w);
            Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(x).addOutputs(col)
                    .addIntegerArguments(3, 3, strideH, strideW, 1, 1, 1, 1, 0).addFloatingPointArguments(0.0).build());
            INDArray col3 = col.reshape('c', n, 9, h * w);
            INDArray kernels = Nd4j.tile(weight.reshape('c', 1, out, 9), (int) n, 1, 1);
            Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(kernels, col3).addOutputs(y.reshape('c', n, out, h * w))
                    .addIntegerArguments(0, 0, 0).build());
            columns = keep ? col3 : null;
            return y;
        }

        INDArray forwardTraining(INDArray x) {
            input = x;
            INDArray c = conv(x, true);
            long n = c.size(0);
            long ch = c.size(1);
            long hw = c.size(2) * c.size(3);
            double count = (double) n * hw;
            INDArray c2 = c.reshape('c', n * ch, hw);
            INDArray mean = channelSums(c2.sum(1), n, ch).divi(count);
            c2.subiColumnVector(perRow(mean, n));
            INDArray rowNorms = c2.norm2(1);
            INDArray var = channelSums(rowNorms.muli(rowNorms), n, ch).divi(count);
            invStd = Transforms.pow(var.add(BN_EPS), -0.5, false);
            centered = c;
            // y = relu(gamma * (x - mean) * invStd + beta), the centred values kept for the backward pass
            INDArray y = c2.mulColumnVector(perRow(gamma.mul(invStd), n)).addiColumnVector(perRow(beta, n));
            Transforms.relu(y, false);
            runningMean.muli(1 - BN_MOMENTUM).addi(mean.add(bias).muli(BN_MOMENTUM));
            runningVar.muli(1 - BN_MOMENTUM).addi(var.mul(BN_MOMENTUM * count / Math.max(1, count - 1)));
            output = y.reshape('c', c.shape());
            return output;
        }

        /**
         * dY: gradient of the block's output (overwritten); returns the gradient of its input (when
         * wanted). Uses up the block's output, which the next block's backward pass no longer needs.
         */
        INDArray backward(INDArray dY, boolean wantInputGradient) {
            long n = dY.size(0);
            long ch = dY.size(1);
            long hw = dY.size(2) * dY.size(3);
            double count = (double) n * hw;
            Nd4j.getExecutioner().exec(new Step(output, output, 0.0)); // ReLU: pass where the output is positive
            dY.muli(output);
            INDArray d2 = dY.reshape('c', n * ch, hw);
            INDArray x2 = centered.reshape('c', n * ch, hw);
            // xhat = centered * invStd; dBeta = sum(dY), dGamma = sum(dY * xhat)
            INDArray dBeta = channelSums(d2.sum(1), n, ch);
            INDArray dGamma = channelSums(Nd4j.getExecutioner().exec(new Dot(d2, x2, 1)), n, ch).muli(invStd);
            grad("bn" + index + ".weight").assign(dGamma);
            grad("bn" + index + ".bias").assign(dBeta);
            // dX = gamma * invStd * (dY - dBeta / N - xhat * dGamma / N), as scale * dY + a * centered + b
            INDArray scale = gamma.mul(invStd);
            INDArray a = scale.mul(invStd).muli(dGamma).divi(-count);
            INDArray b = scale.mul(dBeta).divi(-count);
            x2.muliColumnVector(perRow(a, n)).addiColumnVector(perRow(b, n));
            d2.muliColumnVector(perRow(scale, n)).addi(x2);
            INDArray dInput = null;
            if (lowered) {
                // dW[o, k] = sum over examples and positions of dY[i, o, p] * columns[i, k, p]
                INDArray perExample = Nd4j.createUninitialized(DataType.FLOAT, n, ch, 9);
                Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(dY.reshape('c', n, ch, hw), columns).addOutputs(perExample)
                        .addIntegerArguments(0, 1, 0).build());
                grad("conv" + index + ".weight").assign(perExample.sum(0).reshape('c', weight.shape()));
            } else {
                // the centred values are spent: their buffer takes the input gradient where it fits (stride 1)
                dInput = centered.length() >= input.length()
                        ? centered.reshape('c', new long[] {centered.length()}).get(NDArrayIndex.interval(0, input.length()))
                                .reshape('c', input.shape())
                        : Nd4j.createUninitialized(DataType.FLOAT, input.shape());
                convBackward(dY, dInput);
            }
            grad("conv" + index + ".bias").assign(0); // batch norm follows: exactly zero
            input = null;
            columns = null;
            centered = null;
            output = null;
            return wantInputGradient ? dInput : null;
        }

        /** conv2d_bp over slices of the batch (see {@link #CONV_SLICE_BYTES}), summing the weight gradient. */
        private void convBackward(INDArray dY, INDArray dInput) {
            long n = dY.size(0);
            long examples = sliceExamples(dY);
            INDArray dWeight = grad("conv" + index + ".weight");
            INDArray part = examples < n ? Nd4j.createUninitialized(DataType.FLOAT, weight.shape()) : dWeight;
            for (long i = 0; i < n; i += examples) {
                long[] rows = {i, Math.min(n, i + examples)};
                Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(slice(input, rows), weight, slice(dY, rows))
                        .addOutputs(slice(dInput, rows), i == 0 ? dWeight : part).addIntegerArguments(convArgs()).build());
                if (i > 0) {
                    dWeight.addi(part);
                }
            }
        }

        INDArray forwardInference(INDArray x) {
            INDArray c = conv(x, false);
            long n = c.size(0);
            long ch = c.size(1);
            INDArray scale = gamma.mul(Transforms.pow(runningVar.add(BN_EPS), -0.5, false));
            INDArray shift = beta.add(bias.sub(runningMean).muli(scale));
            INDArray c2 = c.reshape('c', n * ch, c.size(2) * c.size(3));
            c2.muliColumnVector(perRow(scale, n)).addiColumnVector(perRow(shift, n));
            Transforms.relu(c2, false);
            return c;
        }
    }

    /** Examples per convolution call for an output (gradient) of this shape. */
    private long sliceExamples(INDArray out) {
        long n = out.size(0);
        return Math.max(1, Math.min(n, convSliceBytes / (out.length() / n * Float.BYTES)));
    }

    /** Examples [from, to) of an NCHW array, as a view. */
    private static INDArray slice(INDArray x, long[] rows) {
        return rows[0] == 0 && rows[1] == x.size(0) ? x
                : x.get(NDArrayIndex.interval(rows[0], rows[1]), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Per-row sums of an [n * C, HW] view, folded to per-channel sums [C]. */
    private static INDArray channelSums(INDArray rowSums, long n, long ch) {
        return rowSums.reshape('c', n, ch).sum(0);
    }

    /** A per-channel vector [C] repeated for each example: a column [n * C, 1]. */
    private static INDArray perRow(INDArray perChannel, long n) {
        long ch = perChannel.length();
        return Nd4j.tile(perChannel.reshape('c', 1, ch), (int) n, 1).reshape('c', n * ch, 1);
    }

    /** fc (no bias) -> BN1d -> ReLU -> out (no bias). */
    private final class Head {
        private final String name;
        private final INDArray fc;
        private final INDArray gamma;
        private final INDArray beta;
        private final INDArray out;
        private final INDArray runningMean;
        private final INDArray runningVar;
        private INDArray xhat;
        private INDArray invStd;
        private INDArray hidden;

        Head(String name) {
            this.name = name;
            fc = param(name + ".fc.weight");
            gamma = param(name + ".bn.weight");
            beta = param(name + ".bn.bias");
            out = param(name + ".out.weight");
            runningMean = buffer(name + ".bn.running_mean");
            runningVar = buffer(name + ".bn.running_var");
        }

        INDArray forwardTraining(INDArray feat) {
            INDArray pre = feat.mmul(fc.transpose());
            long n = pre.size(0);
            INDArray mean = pre.mean(0);
            INDArray xc = pre.subiRowVector(mean);
            INDArray var = xc.mul(xc).mean(0);
            invStd = Transforms.pow(var.add(BN_EPS), -0.5, false);
            xhat = xc.muliRowVector(invStd);
            hidden = Transforms.relu(xhat.mulRowVector(gamma).addiRowVector(beta), false);
            runningMean.muli(1 - BN_MOMENTUM).addi(mean.mul(BN_MOMENTUM));
            runningVar.muli(1 - BN_MOMENTUM).addi(var.mul(BN_MOMENTUM * n / Math.max(1, n - 1)));
            return hidden.mmul(out.transpose());
        }

        INDArray backward(INDArray feat, INDArray dOut) {
            long n = dOut.size(0);
            grad(name + ".out.weight").assign(dOut.transpose().mmul(hidden));
            INDArray dHidden = dOut.mmul(out);
            dHidden.muli(hidden.gt(0).castTo(DataType.FLOAT));
            INDArray dBeta = dHidden.sum(0);
            INDArray dGamma = dHidden.mul(xhat).sum(0);
            grad(name + ".bn.weight").assign(dGamma);
            grad(name + ".bn.bias").assign(dBeta);
            INDArray dPre = dHidden.subiRowVector(dBeta.div(n)).subi(xhat.mulRowVector(dGamma.div(n)))
                    .muliRowVector(gamma.mul(invStd));
            grad(name + ".fc.weight").assign(dPre.transpose().mmul(feat));
            return dPre.mmul(fc);
        }

        INDArray forwardInference(INDArray feat) {
            INDArray scale = gamma.mul(Transforms.pow(runningVar.add(BN_EPS), -0.5, false));
            INDArray shift = beta.sub(runningMean.mul(scale));
            INDArray h = feat.mmul(fc.transpose()).muliRowVector(scale).addiRowVector(shift);
            return Transforms.relu(h, false).mmul(out.transpose());
        }
    }

    // ---------------------------------------------------------------- inference

    @Override
    public Outputs predict(float[] inputs, int n) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, workspaceId + "-predict")) {
            return predictInWorkspace(inputs, n);
        }
    }

    private Outputs predictInWorkspace(float[] inputs, int n) {
        INDArray h = input(inputs, n);
        for (ConvBlock block : blocks) {
            h = block.forwardInference(h);
        }
        int c = spec.features();
        INDArray feat = h.reshape('c', (long) n * c, h.size(2) * h.size(3)).mean(1).reshape('c', n, c);
        return new Outputs(n, classifier.forwardInference(feat).data().asFloat(),
                representation.forwardInference(feat).data().asFloat());
    }

    // ---------------------------------------------------------------- persistence

    @Override
    public void save(Path file) throws IOException {
        Map<String, NpzArchive.Entry> arrays = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            arrays.put(t.name, new NpzArchive.Entry(t.shape, view(params, t).dup().data().asFloat()));
        }
        for (Tensor t : buffers) {
            arrays.put(t.name, new NpzArchive.Entry(t.shape, view(state, t).dup().data().asFloat()));
        }
        NpzArchive.write(file, arrays);
    }

    /** Restores what {@link #save} wrote; the archive must hold every tensor with its shape. */
    @Override
    public void load(Path file) throws IOException, FileFormatError {
        Map<String, NpzArchive.Entry> arrays = NpzArchive.read(file);
        for (Tensor t : tensors) {
            view(params, t).assign(entry(arrays, file, t));
        }
        for (Tensor t : buffers) {
            view(state, t).assign(entry(arrays, file, t));
        }
    }

    private static INDArray entry(Map<String, NpzArchive.Entry> arrays, Path file, Tensor t) throws FileFormatError {
        NpzArchive.Entry e = arrays.get(t.name);
        if (e == null) {
            throw new FileFormatError(file, -1, t.name, "the model file has no array '" + t.name + "'",
                    "was it written for another architecture?");
        }
        if (!java.util.Arrays.equals(e.shape(), t.shape)) {
            throw new FileFormatError(file, -1, t.name, "shape " + java.util.Arrays.toString(e.shape()) + ", expected "
                    + java.util.Arrays.toString(t.shape));
        }
        return Nd4j.create(e.data(), t.shape, 'c');
    }

    @Override
    public void saveOptimizer(Path file) throws IOException {
        INDArray st = adam.state();
        NpzArchive.write(file, Map.of("adam", new NpzArchive.Entry(st.shape(), st.dup().data().asFloat())));
    }

    @Override
    public void loadOptimizer(Path file) throws IOException, FileFormatError {
        NpzArchive.Entry e = NpzArchive.read(file).get("adam");
        INDArray st = adam.state();
        if (e == null || e.data().length != st.length()) {
            throw new FileFormatError(file, -1, "adam", "optimizer state of " + (e == null ? 0 : e.data().length)
                    + " values, expected " + st.length());
        }
        st.assign(Nd4j.create(e.data(), st.shape(), 'c'));
    }

    /** The gradients of the last training step, flattened like {@link #parameters()} (for tests). */
    float[] gradients() {
        return grads.dup().data().asFloat();
    }

    /** Names, shapes and offsets of the parameters in the flat order (for tests). */
    Map<String, long[]> layout() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            m.put(t.name, new long[] {t.offset, t.length});
        }
        return m;
    }

    /** A batch-norm statistic by name (for tests). */
    float[] bufferValues(String name) {
        return buffer(name).dup().data().asFloat();
    }

    @Override
    public float[] parameters() {
        return params.dup().data().asFloat();
    }

    @Override
    public void close() {
        // the workspaces belong to the threads that trained or ran this network; free this thread's
        for (String suffix : List.of("-train", "-predict")) {
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(workspaceId + suffix)) {
                Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(workspaceId + suffix).destroyWorkspace(true);
            }
        }
    }
}
