package org.cortexflow.tasks.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a network is: its architecture, its input image (height x width, one channel), and its two
 * heads. The classifier head is 128 -> hidden (no bias) -> BN -> ReLU -> classes (no bias); the
 * representation head is 128 -> hidden (no bias) -> BN -> ReLU -> representation (no bias), as in
 * the official PredANN code.
 *
 * @param height input rows (EEG channels, mel bands, audio channels)
 * @param width input columns (samples or frames)
 * @param classes classifier outputs
 * @param representation size of the representation z
 * @param hidden width of both heads' hidden layer
 * @param dropout drop probability before global pooling
 * @param channels output channels of the three convolutions (32, 64, 128 in PredANN)
 */
public record NetworkSpec(Architecture architecture, int height, int width, int classes, int representation,
                          int hidden, double dropout, List<Integer> channels) {

    /** Channels of the three convolutions in PredANN. */
    public static final List<Integer> PREDANN_CHANNELS = List.of(32, 64, 128);

    public NetworkSpec {
        channels = List.copyOf(channels);
        if (channels.size() != 3 || channels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("three positive convolution widths expected, got " + channels);
        }
        if (height < 1 || width < 1 || classes < 2 || representation < 1 || hidden < 1) {
            throw new IllegalArgumentException("bad network shape: input " + height + " x " + width + ", " + classes
                    + " classes, representation " + representation + ", hidden " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout " + dropout + " must be in [0, 1)");
        }
    }

    /** The PredANN defaults: convolutions 32/64/128, hidden 100, dropout 0.5. */
    public static NetworkSpec predann(Architecture a, int height, int width, int classes, int representation) {
        return new NetworkSpec(a, height, width, classes, representation, 100, 0.5, PREDANN_CHANNELS);
    }

    /** Width of the pooled feature vector (the last convolution's channels). */
    public int features() {
        return channels.get(2);
    }

    /** Output height after convolution {@code layer} (0-based). */
    public int heightAfter(int layer) {
        int h = height;
        for (int i = 0; i <= layer; i++) {
            h = (h + 2 - 3) / architecture.strideHeight() + 1;
        }
        return h;
    }

    /** Output width after convolution {@code layer} (0-based). */
    public int widthAfter(int layer) {
        int w = width;
        for (int i = 0; i <= layer; i++) {
            w = (w + 2 - 3) / architecture.strideWidth() + 1;
        }
        return w;
    }

    /** Multiply-accumulates of one forward pass of one example (convolutions and heads). */
    public long forwardMacs() {
        long macs = 0;
        int in = 1;
        for (int i = 0; i < 3; i++) {
            macs += (long) heightAfter(i) * widthAfter(i) * channels.get(i) * in * 9;
            in = channels.get(i);
        }
        return macs + (long) features() * hidden * 2 + (long) hidden * (classes + representation);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture.label());
        m.put("input_height", height);
        m.put("input_width", width);
        m.put("classes", classes);
        m.put("representation", representation);
        m.put("hidden", hidden);
        m.put("dropout", dropout);
        m.put("conv_channels", channels);
        m.put("conv_stride", List.of(architecture.strideHeight(), architecture.strideWidth()));
        return m;
    }

    public static NetworkSpec fromJson(Map<?, ?> m) {
        return new NetworkSpec(Architecture.parse(String.valueOf(m.get("architecture"))), num(m, "input_height"),
                num(m, "input_width"), num(m, "classes"), num(m, "representation"), num(m, "hidden"),
                ((Number) m.get("dropout")).doubleValue(), channelsOf(m.get("conv_channels")));
    }

    private static List<Integer> channelsOf(Object v) {
        if (!(v instanceof List<?> l)) {
            return PREDANN_CHANNELS;
        }
        return l.stream().map(x -> ((Number) x).intValue()).toList();
    }

    private static int num(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("model meta.json has no number '" + k + "'");
        }
        return n.intValue();
    }
}
