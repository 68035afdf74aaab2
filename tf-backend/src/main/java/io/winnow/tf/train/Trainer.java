package io.winnow.tf.train;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Forward;
import io.winnow.tf.model.Model;
import java.util.ArrayList;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Mini-batch training of a {@link Model} in its own graph and session: the loss, gradients and
 * optimizer updates are added once, under the name scope {@code trainer}, when the trainer is
 * attached; {@link #fit} and {@link #distil} may then run as often as wanted (optimizer state
 * carries over; the schedule restarts at each call). Batch norm trains with batch statistics and
 * updates its moving statistics at every step.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Model model;
    private final TrainConfig config;
    private final int classes;
    private final Placeholder<TFloat32> labels;
    private final Placeholder<TFloat32> teacher;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Operand<TFloat32> dataLoss;
    private final Operand<TFloat32> totalLoss;
    private final java.util.List<Op> targets = new ArrayList<>();
    private long adamStep;

    private Trainer(Model model, TrainConfig config) {
        this.model = model;
        this.config = config;
        Architecture arch = model.architecture();
        this.classes = arch.classes();
        Ops tf = model.ops().withSubScope("trainer");
        Forward forward = model.trainingForward();
        Operand<TFloat32> logits = forward.output(arch.classifier().name());
        labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        teacher = tf.withName("teacher_logits").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> crossEntropy = mean(tf, tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss());
        Operand<TFloat32> objective = crossEntropy;
        if (config.distillation().isDefined()) {
            Distillation d = config.distillation().get();
            Operand<TFloat32> t = tf.constant((float) d.temperature());
            Operand<TFloat32> soft = tf.nn.softmax(tf.math.div(teacher, t));
            // KL(p || q) = CE(p, q) - H(p); H(p) depends on the fed teacher only, so it adds no gradient.
            Operand<TFloat32> ce = mean(tf, tf.nn.softmaxCrossEntropyWithLogits(tf.math.div(logits, t), soft).loss());
            Operand<TFloat32> entropy = mean(tf, tf.math.neg(tf.reduceSum(
                    tf.math.mul(soft, tf.nn.logSoftmax(tf.math.div(teacher, t))), tf.constant(1))));
            Operand<TFloat32> kl = tf.math.sub(ce, entropy);
            objective = tf.math.add(tf.math.mul(tf.constant((float) (d.alpha() * d.temperature() * d.temperature())), kl),
                    tf.math.mul(tf.constant((float) (1 - d.alpha())), crossEntropy));
        }
        this.dataLoss = tf.withName("data_loss").identity(objective);
        Operand<TFloat32> loss = dataLoss;
        if (config.weightDecay() > 0) {
            // l2Loss, never square(variable): the square gradient on a variable crashes TF Java 1.1.0.
            java.util.List<Operand<TFloat32>> penalties = new ArrayList<>();
            model.kernels().values().forEach(k -> penalties.add(tf.nn.l2Loss(k)));
            loss = tf.math.add(loss, tf.math.mul(tf.constant((float) config.weightDecay()), tf.math.addN(penalties)));
        }
        this.totalLoss = tf.withName("loss").identity(loss);

        List<Variable<TFloat32>> variables = model.trainableVariables().values().toList();
        var gradients = tf.gradients(totalLoss, variables);
        // Every update waits for every gradient: the variables are read by reference, so an update
        // racing a gradient that still reads the old value would make training wrong and
        // nondeterministic (the same seed must give the same weights).
        java.util.List<Operand<TFloat32>> grads = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            grads.add(tf.identity(gradients.dy(i)));
        }
        if (config.clipNorm().isDefined()) {
            grads = clipped(tf, grads, config.clipNorm().get());
        }
        java.util.List<Op> gradientOps = new ArrayList<>();
        grads.forEach(g -> gradientOps.add((Op) g));
        Ops apply = tf.withControlDependencies(gradientOps);
        Ops slots = tf.withSubScope("slots");
        java.util.List<Op> slotInit = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            Operand<TFloat32> g = grads.get(i);
            String slotName = v.op().name().replace('/', '_');
            Shape shape = v.shape();
            if (config.optimizer() instanceof Optimizer.Sgd sgd) {
                Variable<TFloat32> accum = slot(slots, slotName + "_momentum", shape, slotInit);
                targets.add(apply.train.applyMomentum(v, accum, learningRate, g, tf.constant((float) sgd.momentum()),
                        ApplyMomentum.useNesterov(sgd.nesterov())));
            } else if (config.optimizer() instanceof Optimizer.Adam adam) {
                Variable<TFloat32> m = slot(slots, slotName + "_m", shape, slotInit);
                Variable<TFloat32> s = slot(slots, slotName + "_v", shape, slotInit);
                targets.add(apply.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
                        tf.constant((float) adam.beta1()), tf.constant((float) adam.beta2()),
                        tf.constant((float) adam.epsilon()), g));
            }
        }
        targets.addAll(forward.updates().asJava());
        Session.Runner init = model.runner();
        slotInit.forEach(init::addTarget);
        init.run().close();
    }

    /** Adds the training ops for {@code config} to the model's graph. */
    public static Trainer attach(Model model, TrainConfig config) {
        return new Trainer(model, config);
    }

    /** Attaches a trainer and runs {@link #fit} once: the common case. */
    public static List<EpochStats> train(Model model, Split train, TrainConfig config) {
        return attach(model, config).fit(train);
    }

    public TrainConfig config() {
        return config;
    }

    /** Trains on {@code train} for the configured epochs. */
    public List<EpochStats> fit(Split train) {
        return fit(train, Option.none());
    }

    /** Trains, evaluating on {@code validation} (never the test split when tuning) after every epoch. */
    public List<EpochStats> fit(Split train, Option<Split> validation) {
        if (config.distillation().isDefined()) {
            throw new IllegalStateException("this trainer distils: call distil with the teacher's logits");
        }
        return run(train, null, validation);
    }

    /**
     * Trains towards the teacher's logits on {@code train} as well as the labels; {@code teacherLogits}
     * is [train.size(), classes], row i the teacher's logits for sample i.
     */
    public List<EpochStats> distil(Split train, FloatArray teacherLogits) {
        if (config.distillation().isEmpty()) {
            throw new IllegalStateException("distil needs a TrainConfig with a Distillation");
        }
        if (teacherLogits.values().length != (long) train.size() * classes) {
            throw new IllegalArgumentException("teacher logits " + teacherLogits.shapeText() + " do not match "
                    + train.size() + " samples of " + classes + " classes");
        }
        return run(train, teacherLogits.values(), Option.none());
    }

    private List<EpochStats> run(Split train, float[] teacherLogits, Option<Split> validation) {
        int n = train.size();
        int per = train.sampleSize();
        int batchSize = Math.min(config.batchSize(), n);
        int steps = (n + batchSize - 1) / batchSize;
        float[] x = new float[batchSize * per];
        float[] y = new float[batchSize * classes];
        float[] t = new float[batchSize * classes];
        float off = (float) (config.labelSmoothing() / classes);
        float on = (float) (1 - config.labelSmoothing()) + off;
        List<EpochStats> history = List.empty();
        ProgressBar bar = ProgressBar.onTerminal();
        EarlyRise rise = new EarlyRise(steps * config.epochs());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            int[] order = Split.permutation(n, config.seed() * 1_000_003L + epoch);
            long start = System.nanoTime();
            double lossSum = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * batchSize;
                int size = Math.min(batchSize, n - from);
                java.util.Arrays.fill(y, 0, size * classes, off);
                for (int i = 0; i < size; i++) {
                    int sample = order[from + i];
                    System.arraycopy(train.x(), sample * per, x, i * per, per);
                    y[i * classes + train.y()[sample]] = on;
                    if (teacherLogits != null) {
                        System.arraycopy(teacherLogits, sample * classes, t, i * classes, classes);
                    }
                }
                double lr = config.schedule().at(config.learningRate(), epoch - 1 + (double) step / steps, config.epochs());
                double loss = step(x, y, t, size, lr);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, step + 1, loss);
                }
                lossSum += loss;
                rise.record((epoch - 1) * steps + step, loss, lr).forEach(warning -> {
                    bar.clear();
                    LOG.warn(warning);
                });
                if (bar.enabled()) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    bar.update(step + 1, steps, String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f %.0f samples/s",
                            epoch, config.epochs(), step + 1, steps, loss, (from + size) / seconds));
                } else if ((step + 1) % config.logEvery() == 0) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    LOG.info(String.format("epoch %d/%d step %d/%d loss %.4f lr %.3g %.0f samples/s", epoch,
                            config.epochs(), step + 1, steps, loss, lr, (from + size) / seconds));
                }
            }
            bar.clear();
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochStats stats = new EpochStats(epoch, steps, lossSum / steps, seconds, n / seconds,
                    validation.map(model::evaluate));
            LOG.info(String.format("epoch %d/%d done: mean loss %.4f, %.1f s, %.0f samples/s%s", epoch, config.epochs(),
                    stats.meanLoss(), seconds, stats.samplesPerSecond(),
                    stats.validation().map(v -> "; validation " + v).getOrElse("")));
            history = history.append(stats);
        }
        return history;
    }

    /** One update; returns the objective without weight decay. */
    private double step(float[] x, float[] y, float[] t, int size, double lr) {
        adamStep++;
        double b1 = config.optimizer() instanceof Optimizer.Adam a ? Math.pow(a.beta1(), adamStep) : 0;
        double b2 = config.optimizer() instanceof Optimizer.Adam a ? Math.pow(a.beta2(), adamStep) : 0;
        try (TFloat32 xs = model.batch(x, size);
             TFloat32 ys = rows(y, size);
             TFloat32 ts = rows(t, size);
             TFloat32 rate = TFloat32.scalarOf((float) lr);
             TFloat32 p1 = TFloat32.scalarOf((float) b1);
             TFloat32 p2 = TFloat32.scalarOf((float) b2)) {
            Session.Runner runner = model.runner()
                    .feed(model.input(), xs).feed(labels, ys).feed(learningRate, rate)
                    .feed(beta1Power, p1).feed(beta2Power, p2).fetch(dataLoss).fetch(totalLoss);
            if (config.distillation().isDefined()) {
                runner.feed(teacher, ts);
            }
            targets.forEach(runner::addTarget);
            try (Result result = runner.run()) {
                double data = ((TFloat32) result.get(0)).getFloat();
                double total = ((TFloat32) result.get(1)).getFloat();
                return Double.isFinite(total) ? data : total;
            }
        }
    }

    /** Global-norm clipping: every gradient times min(1, maxNorm / ||all gradients||), with l2Loss(g) = ||g||^2 / 2. */
    private static java.util.List<Operand<TFloat32>> clipped(Ops tf, java.util.List<Operand<TFloat32>> grads, double maxNorm) {
        java.util.List<Operand<TFloat32>> halfSquares = new ArrayList<>();
        grads.forEach(g -> halfSquares.add(tf.nn.l2Loss(g)));
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.mul(tf.constant(2f), tf.math.addN(halfSquares)));
        Operand<TFloat32> bound = tf.constant((float) maxNorm);
        Operand<TFloat32> scale = tf.math.div(bound, tf.math.maximum(norm, bound));
        java.util.List<Operand<TFloat32>> out = new ArrayList<>();
        grads.forEach(g -> out.add(tf.math.mul(g, scale)));
        return out;
    }

    private TFloat32 rows(float[] values, int size) {
        return TFloat32.tensorOf(Shape.of(size, classes), DataBuffers.of(values, true, false).narrow((long) size * classes));
    }

    private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> perSample) {
        return tf.math.mean(perSample, tf.constant(0));
    }

    private static Variable<TFloat32> slot(Ops tf, String name, Shape shape, java.util.List<Op> init) {
        Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
        init.add(tf.assign(v, tf.zeros(tf.constant(shape.asArray()), TFloat32.class)));
        return v;
    }
}
