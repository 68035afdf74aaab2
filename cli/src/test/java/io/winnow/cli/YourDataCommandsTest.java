package io.winnow.cli;

import static io.winnow.cli.CliRun.winnow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.tf.data.Npy;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data} with the user's own images and arrays, as a user runs the commands. */
class YourDataCommandsTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** A small MLP for 28x28 grey images of 3 classes. */
    private static Path model;
    /** cat, dog and fox: 40 images each, of assorted sizes, fox in colour. */
    private static Path images;

    @BeforeAll
    static void makeAModelAndAnImageFolder() throws IOException {
        Architecture small = Architecture.builder("small", Architectures.MNIST).flatten("flatten").dense("fc1", 16)
                .relu("relu1").dense("logits", 3).build();
        model = shared.resolve("small");
        ModelStore.save(small, ModelWeights.init(small, 2), model, false);
        images = shared.resolve("pets");
        SplittableRandom random = new SplittableRandom(1);
        String[] classes = {"fox", "cat", "dog"};
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(images.resolve(classes[c]));
            for (int k = 0; k < 40; k++) {
                int size = 28 + random.nextInt(9);
                BufferedImage image = new BufferedImage(size, size,
                        c == 0 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean lit = c == 0 ? x + y < size : c == 1 ? y < size / 2 : x < size / 2;
                        int v = Math.min(255, (lit ? 180 : 20) + random.nextInt(60));
                        image.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(String.format("%s-%02d.png", classes[c], k)).toFile());
            }
        }
    }

    @Test
    void pruneReadsAnImageFolderPrintsAndRecordsItsClassesAndVerifyRerunsItWithTheRecordedNormalisation()
            throws IOException {
        Path recipe = Files.writeString(tmp.resolve("p.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(32).seed(3)\n");
        Path out = tmp.resolve("pruned");
        CliRun run = winnow("prune", recipe.toString(), "--model", model.toString(), "--data", images.toString(),
                "--mean", "0.5", "--std", "0.25", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("classes (label, folder): 0 cat, 1 dog, 2 fox",
                "Data: image folder " + images + " (1 in 6 of each class held out for test): 70 train, 32 calibration, "
                        + "18 test");
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        assertThat(report.data().classes()).contains(List.of("cat", "dog", "fox"));
        assertThat(report.data().normalisation()).contains(new PruneReport.Normalisation(List.of(0.5), List.of(0.25)));
        assertThat(report.accuracy().original().samples()).isEqualTo(18);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<td>cat, dog, fox</td>",
                "<td>x = (pixel/255 - [0.5]) / [0.25]</td>");

        CliRun offline = winnow("verify", out.toString());
        assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();
        CliRun meanOffline = winnow("verify", out.toString(), "--mean", "0.5");
        assertThat(meanOffline.exit()).isEqualTo(2);
        assertThat(meanOffline.line()).isEqualTo("winnow verify: --mean and --std belong to the full mode: give --model "
                + "ORIGINAL and --data as well");
        CliRun full = winnow("verify", out.toString(), "--model", model.toString(), "--data", images.toString());
        assertThat(full.exit()).as(full.out() + full.err()).isZero();
        assertThat(full.out()).contains("is re-derived from " + model);
        // Without --data, the folder the run read (report.json's data.argument), not the default Fashion-MNIST.
        assertThat(report.data().argument()).contains(images.toAbsolutePath().normalize().toString());
        CliRun recorded = winnow("verify", out.toString(), "--model", model.toString());
        assertThat(recorded.exit()).as(recorded.out() + recorded.err()).isZero();
        assertThat(recorded.out()).contains("full mode: data as report.json records it, the image folder " + images,
                "is re-derived from " + model);
        // A recorded path that is not on this machine: one line naming it, and what to give instead.
        Path moved = Files.move(images, tmp.resolve("elsewhere"));
        try {
            CliRun gone = winnow("verify", out.toString(), "--model", model.toString());
            assertThat(gone.exit()).isEqualTo(2);
            assertThat(gone.line()).isEqualTo("winnow verify: the run read its data from "
                    + images.toAbsolutePath().normalize() + ", which is not here: give that data with --data");
        } finally {
            Files.move(moved, images);
        }
    }

    @Test
    void pruneStreamsCalibrationDataOfItsOwnAndVerifyNeedsTheSameDataToRerunIt() throws IOException {
        // 1500 samples: a whole part of 1024 and a short one; labels 0..2, the model's classes.
        int n = 1500;
        SplittableRandom random = new SplittableRandom(4);
        byte[] pixels = new byte[n * 784];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) random.nextInt(labels[i] == 0 ? 256 : 128);
            }
        }
        Path calibration = Files.createDirectories(tmp.resolve("calibration"));
        Files.write(calibration.resolve("x.npy"), npy("|u1", new long[] {n, 28, 28}, pixels));
        Files.write(calibration.resolve("y.npy"), labels(labels));
        Path recipe = Files.writeString(tmp.resolve("p.recipe"),
                "winnow-recipe 2\nlocalImitation().optimizeGamma().select(ratio(0.5)).calibration(64).seed(3)\n");
        Path out = tmp.resolve("pruned");

        CliRun run = winnow("prune", recipe.toString(), "--model", model.toString(), "--data", images.toString(),
                "--calibration-data", calibration.toString(), "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("calibration data: arrays " + calibration + " (x.npy, y.npy: 1500 samples, "
                + "read 1024 at a time)", "102 train, 64 calibration, 18 test");
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        assertThat(report.data().calibrationData())
                .contains(new PruneReport.CalibrationData(calibration.toString(), n));
        assertThat(report.data().train()).as("nothing carved from the training data").isEqualTo(102);
        assertThat(report.data().calibration()).isEqualTo(64);
        assertThat(report.theorem4().samples()).isEqualTo(64);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<td>statistics streamed from</td>",
                calibration + ": 1,500 samples, the calibration split drawn from them");

        assertThat(winnow("verify", out.toString()).exit()).isZero();
        CliRun without = winnow("verify", out.toString(), "--model", model.toString(), "--data", images.toString());
        assertThat(without.exit()).isEqualTo(1);
        assertThat(without.out()).contains("FAILED $.data.calibrationData: the run streamed its statistics from "
                + calibration + " (1500 samples); give that data with --calibration-data");
        CliRun full = winnow("verify", out.toString(), "--model", model.toString(), "--data", images.toString(),
                "--calibration-data", calibration.toString());
        assertThat(full.exit()).as(full.out() + full.err()).isZero();
        assertThat(full.out()).contains("streaming arrays " + calibration, "is re-derived from " + model);
        CliRun offlineOnly = winnow("verify", out.toString(), "--calibration-data", calibration.toString());
        assertThat(offlineOnly.exit()).isEqualTo(2);
        assertThat(offlineOnly.line()).isEqualTo("winnow verify: --calibration-data belongs to the full mode: give "
                + "--model ORIGINAL and --data as well");

        Path npz = Files.write(tmp.resolve("c.npz"), new byte[] {1});
        CliRun whole = winnow("prune", recipe.toString(), "--model", model.toString(), "--data", images.toString(),
                "--calibration-data", npz.toString(), "--out", tmp.resolve("q").toString());
        assertThat(whole.exit()).isEqualTo(2);
        assertThat(whole.line()).contains("--calibration-data " + npz + " is an .npz file, which is read whole");
        assertThat(tmp.resolve("q")).doesNotExist();
    }

    @Test
    void verifyFindsDataNormalisedOtherwiseThanTheRunRecorded() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("r.recipe"),
                "winnow-recipe 1\nrandom().select(8).calibration(16).seed(1)\n");
        Path out = tmp.resolve("pruned");
        assertThat(winnow("prune", recipe.toString(), "--model", model.toString(), "--data", images.toString(),
                "--out", out.toString()).exit()).isZero();
        CliRun full = winnow("verify", out.toString(), "--model", model.toString(), "--data", images.toString(),
                "--mean", "0.5");
        assertThat(full.exit()).isEqualTo(1);
        assertThat(full.out()).contains("FAILED $.data.normalisation: recorded mean [0.0], std [1.0]; the data given "
                + "was normalised with mean [0.5], std [1.0]");
    }

    @Test
    void trainAndEvalReadTheSameImageFolderAndAgreeOnItsTestSplit() throws IOException {
        Path digits = tmp.resolve("digits");
        for (int c = 0; c < 10; c++) {
            Path folder = Files.createDirectories(digits.resolve("class" + c));
            for (int k = 0; k < 6; k++) {
                BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setSample(c, k, 0, 255);
                ImageIO.write(image, "png", folder.resolve(k + ".png").toFile());
            }
        }
        Path trained = tmp.resolve("mlp");
        CliRun train = winnow("train", "--arch", "mlp", "--data", digits.toString(), "--epochs", "1", "--out",
                trained.toString());
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.out()).contains("classes (label, folder): 0 class0, 1 class1, 2 class2",
                "data: image folder " + digits + " (1 in 6 of each class held out for test): 50 train, 10 test",
                "10 images of image folder");
        String accuracy = train.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow()
                .replaceAll(" of image folder.*", ")");
        CliRun eval = winnow("eval", trained.toString(), "--data", digits.toString());
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(accuracy);
    }

    private static byte[] npy(String descr, long[] shape, byte[] values) {
        return Npy.file(descr, shape, values);
    }

    private static byte[] labels(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return npy("<i8", new long[] {values.length}, b.array());
    }

    private Path npz(long[] trainLabels) throws IOException {
        Path file = tmp.resolve("data.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npy("|u1", new long[] {trainLabels.length, 28, 28}, new byte[trainLabels.length * 784]));
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(labels(trainLabels));
            zip.putNextEntry(new ZipEntry("x_test.npy"));
            zip.write(npy("|u1", new long[] {3, 14, 14}, new byte[3 * 196]));
            zip.putNextEntry(new ZipEntry("y_test.npy"));
            zip.write(labels(0, 1, 2));
        }
        return file;
    }

    @Test
    void evalReadsAnNpzAndNamesItsClassesInJson() throws IOException {
        CliRun run = winnow("eval", model.toString(), "--data", npz(new long[] {0, 1, 2, 1}).toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("samples").asInt()).isEqualTo(3);
        assertThat(json.get("classes").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
    }

    @Test
    void aLabelOutsideTheModelsClassesIsExitTwoNamingTheArrayTheIndexAndTheRange() throws IOException {
        Path file = npz(new long[] {0, 5, 2});
        CliRun run = winnow("eval", model.toString(), "--data", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow eval: " + file + ", array y: label 5 at index 1 is not a class of the "
                + "model: labels must be 0..2 (the model predicts 3 classes)");
    }

    @Test
    void aFolderWithTheWrongNumberOfClassesIsExitTwoListingThem() throws IOException {
        Path two = tmp.resolve("two");
        for (String name : new String[] {"cat", "dog"}) {
            Files.createDirectories(two.resolve(name));
            Files.copy(images.resolve("cat/cat-00.png"), two.resolve(name).resolve("a.png"));
        }
        CliRun run = winnow("train", "--arch", "mlp", "--data", two.toString(), "--out", tmp.resolve("m").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow train: " + two + " has 2 class folders (cat, dog) but the model "
                + "predicts 10 classes; give one folder per class");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void anUnreadableImageIsExitTwoNamingTheFile() throws IOException {
        Path data = tmp.resolve("data");
        for (String name : new String[] {"cat", "dog", "fox"}) {
            Files.createDirectories(data.resolve("train").resolve(name));
            Files.createDirectories(data.resolve("test").resolve(name));
            Files.copy(images.resolve("cat/cat-00.png"), data.resolve("train").resolve(name).resolve("a.png"));
            Files.copy(images.resolve("cat/cat-00.png"), data.resolve("test").resolve(name).resolve("a.png"));
        }
        Path broken = Files.writeString(data.resolve("test/dog/b.jpg"), "not a JPEG");
        CliRun run = winnow("eval", model.toString(), "--data", data.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow eval: " + broken + ": not an image Java can read (PNG or JPEG expected)");
    }

    @Test
    void meanAndStdThatAreNotNumbersOrDoNotFitTheChannelsAreExitTwo() {
        CliRun text = winnow("eval", model.toString(), "--data", images.toString(), "--mean", "0.5,abc");
        assertThat(text.exit()).isEqualTo(2);
        assertThat(text.line()).isEqualTo("winnow eval: --mean 0.5,abc: 'abc' is not a number; give one value, or one "
                + "per channel separated by commas (0.485,0.456,0.406)");
        CliRun three = winnow("eval", model.toString(), "--data", images.toString(), "--std", "0.2,0.2,0.2");
        assertThat(three.exit()).isEqualTo(2);
        assertThat(three.line()).isEqualTo("winnow eval: --std has 3 values but the model's input 28x28x1 has 1 channel: "
                + "give one value");
        CliRun zero = winnow("eval", model.toString(), "--data", images.toString(), "--std", "0");
        assertThat(zero.line()).isEqualTo("winnow eval: --std 0.0 must be a finite number > 0");
    }
}
