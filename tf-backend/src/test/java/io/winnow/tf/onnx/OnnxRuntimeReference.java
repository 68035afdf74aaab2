package io.winnow.tf.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.winnow.dsl.network.Shape;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** ONNX Runtime's logits for a model file: the independent reference of the import tests. */
final class OnnxRuntimeReference {

    private OnnxRuntimeReference() {
    }

    /**
     * @param nhwc n samples in Winnow's channels-last layout, transposed here to ONNX's channels-first
     * @return n rows of logits, row-major
     */
    static float[] logits(Path model, float[] nhwc, int n, Shape.Image sample) {
        int h = sample.height();
        int w = sample.width();
        int c = sample.channels();
        float[] nchw = new float[nhwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        nchw[((i * c + ch) * h + y) * w + x] = nhwc[((i * h + y) * w + x) * c + ch];
                    }
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {n, c, h, w});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                float[][] rows = (float[][]) result.get(0).getValue();
                float[] flat = new float[n * rows[0].length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
                }
                return flat;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
