package org.cortexflow.tasks.models.nd4j;

import org.cortexflow.tasks.models.ModelBackend.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam on a flat parameter array; matches torch.optim.Adam (no weight decay, no amsgrad): epsilon is
 * added to sqrt(v) after bias correction. ND4J's own AdamUpdater adds it before, which scales the
 * step of small-gradient elements differently from the PyTorch reference.
 */
final class TorchAdam {

    private final Optimizer config;
    /** [2, P]: first moments in row 0, second moments in row 1. */
    private final INDArray moments;
    private final INDArray m;
    private final INDArray v;

    TorchAdam(Optimizer config, INDArray moments) {
        this.config = config;
        this.moments = moments;
        this.m = moments.getRow(0, true);
        this.v = moments.getRow(1, true);
    }

    INDArray state() {
        return moments;
    }

    /**
     * Updates {@code params} in place from {@code grad} ([1, P] both).
     *
     * @param step 0 for the first step
     */
    void step(INDArray params, INDArray grad, long step) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        long t = step + 1;
        m.muli(b1).addi(grad.mul(1 - b1));
        v.muli(b2).addi(grad.mul(grad).muli(1 - b2));
        double correction1 = 1 - Math.pow(b1, t);
        double correction2 = 1 - Math.pow(b2, t);
        INDArray denominator = Transforms.sqrt(v, true).divi(Math.sqrt(correction2)).addi(config.epsilon());
        params.subi(m.div(denominator).muli(config.learningRate() / correction1));
    }
}
