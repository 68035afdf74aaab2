package io.winnow.tf.data;

import io.winnow.dsl.network.Shape;

/**
 * Turns one image of any size and 1 (grey), 2 (grey and alpha), 3 (RGB) or 4 (RGBA) channels,
 * values in [0, 1], into the model's input: first the channels, then the size.
 *
 * <ul>
 *   <li>Channels: RGB to grey is the luma of ITU-R BT.601, {@code 0.299 R + 0.587 G + 0.114 B}
 *       (Pillow's {@code convert("L")}); grey to RGB repeats the grey value; alpha is dropped.</li>
 *   <li>Size: bilinear with half-pixel centres and edge clamping, source coordinate
 *       {@code (y + 0.5) * h / H - 0.5}, as {@code tf.image.resize(method="bilinear")} without
 *       antialiasing (what Keras's {@code image_dataset_from_directory} uses) and PyTorch's
 *       {@code interpolate(mode="bilinear", align_corners=False)}. An image of the model's size is
 *       copied unchanged.</li>
 *   <li>A vector input takes samples of exactly its size, flattened row-major; nothing is resized.</li>
 * </ul>
 */
public final class InputConversion {

    private InputConversion() {
    }

    /**
     * Writes {@code source} ({@code height x width x channels}, row-major HWC) as one sample of
     * {@code target} into {@code into} at {@code offset}.
     *
     * @param name the file (and sample) named in an error
     */
    public static void convert(float[] source, int height, int width, int channels, Shape target, float[] into,
                               int offset, String name) {
        if (target instanceof Shape.Vector vector) {
            if ((long) height * width * channels != vector.features()) {
                throw new DataFormatException(name + ": a sample of " + height + "x" + width + "x" + channels + " = "
                        + (long) height * width * channels + " values, but the model takes vectors of "
                        + vector.features() + " values; a vector input is fed samples of exactly its size");
            }
            System.arraycopy(source, 0, into, offset, vector.features());
            return;
        }
        Shape.Image image = (Shape.Image) target;
        float[] recoloured = channels(source, height * width, channels, image.channels(), name);
        resize(recoloured, height, width, image.height(), image.width(), image.channels(), into, offset);
    }

    /** The pixels with {@code to} channels each. */
    static float[] channels(float[] source, int pixels, int from, int to, String name) {
        if (from == to) {
            return source;
        }
        boolean colour = from == 3 || from == 4;
        boolean grey = from == 1 || from == 2;
        if (!(colour || grey) || (to != 1 && to != 3)) {
            throw new DataFormatException(name + ": has " + from + " channels and the model takes " + to
                    + "; Winnow converts grey (1), grey+alpha (2), RGB (3) or RGBA (4) images to 1 or 3 channels only");
        }
        float[] out = new float[pixels * to];
        for (int p = 0; p < pixels; p++) {
            int at = p * from;
            if (to == 1) {
                out[p] = colour
                        ? (float) (0.299 * source[at] + 0.587 * source[at + 1] + 0.114 * source[at + 2])
                        : source[at];
            } else if (colour) {
                System.arraycopy(source, at, out, p * 3, 3);
            } else {
                out[p * 3] = source[at];
                out[p * 3 + 1] = source[at];
                out[p * 3 + 2] = source[at];
            }
        }
        return out;
    }

    /** Bilinear resize with half-pixel centres of {@code h x w x c} to {@code th x tw x c}. */
    static void resize(float[] source, int h, int w, int th, int tw, int c, float[] into, int offset) {
        if (h == th && w == tw) {
            System.arraycopy(source, 0, into, offset, h * w * c);
            return;
        }
        for (int y = 0; y < th; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / th - 0.5, 0), h - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < tw; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w / tw - 0.5, 0), w - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int k = 0; k < c; k++) {
                    double top = source[(y0 * w + x0) * c + k] * (1 - fx) + source[(y0 * w + x1) * c + k] * fx;
                    double bottom = source[(y1 * w + x0) * c + k] * (1 - fx) + source[(y1 * w + x1) * c + k] * fx;
                    into[offset + (y * tw + x) * c + k] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
    }
}
