package io.winnow.bench;

import io.winnow.engine.model.Split;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.data.Npy;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Writes calibration data larger than a small heap, for bench/streaming.sh: DIR/x.npy (float32, N x 28
 * x 28) and DIR/y.npy (int64), each sample one of the embedded Fashion-MNIST training images shifted by
 * up to 2 pixels each way (seeded), written a sample at a time so the writer holds no more than the
 * embedded images. The files appear whole or not at all (written beside, then moved), and an x.npy or y.npy
 * it did not write (no {@value #MARKER} beside it) is never replaced.
 *
 * <pre>java -cp ... io.winnow.bench.CalibrationArrays DIR N</pre>
 */
public final class CalibrationArrays {

    /** Marks a directory whose x.npy and y.npy this writer may replace: it never replaces files it did not write. */
    static final String MARKER = ".winnow-calibration-arrays";

    private CalibrationArrays() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Path marker = dir.resolve(MARKER);
        for (String name : new String[] {"x.npy", "y.npy"}) {
            if (Files.exists(dir.resolve(name)) && !Files.exists(marker)) {
                System.err.println("CalibrationArrays: " + dir.resolve(name) + " exists and was not written by it; "
                        + "give another directory (nothing was written)");
                System.exit(2);
            }
        }
        Files.writeString(marker, "written by io.winnow.bench.CalibrationArrays\n");
        Split train = FashionMnist.embedded().train();
        SplittableRandom random = new SplittableRandom(17);
        Path x = dir.resolve("x.npy.tmp");
        Path y = dir.resolve("y.npy.tmp");
        try (OutputStream xs = new BufferedOutputStream(Files.newOutputStream(x), 1 << 20);
             OutputStream ys = new BufferedOutputStream(Files.newOutputStream(y), 1 << 16)) {
            xs.write(Npy.header("<f4", new long[] {n, 28, 28}));
            ys.write(Npy.header("<i8", new long[] {n}));
            ByteBuffer image = ByteBuffer.allocate(784 * 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer label = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int s = 0; s < n; s++) {
                int source = random.nextInt(train.size());
                int dy = random.nextInt(5) - 2;
                int dx = random.nextInt(5) - 2;
                image.clear();
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        int rr = r - dy;
                        int cc = c - dx;
                        float v = rr < 0 || rr >= 28 || cc < 0 || cc >= 28 ? 0f : train.x()[source * 784 + rr * 28 + cc];
                        image.putFloat(v);
                    }
                }
                xs.write(image.array());
                label.clear();
                label.putLong(train.y()[source]);
                ys.write(label.array());
            }
        }
        Files.move(x, dir.resolve("x.npy"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(y, dir.resolve("y.npy"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("wrote %s: %d samples, %.2f GB%n", dir, n, Files.size(dir.resolve("x.npy")) / 1e9);
    }
}
