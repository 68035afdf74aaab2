package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import io.winnow.dsl.network.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @Test
    void theEmbeddedSubsetHoldsTwelveThousandAndTwoThousandBalancedImages() {
        Dataset data = FashionMnist.embedded();
        assertThat(data.train().size()).isEqualTo(12_000);
        assertThat(data.test().size()).isEqualTo(2_000);
        assertThat(data.train().classCounts()).containsOnly(1_200);
        assertThat(data.test().classCounts()).containsOnly(200);
        assertThat(data.source()).isEqualTo(new DataSource.Embedded());
        float max = 0;
        for (float v : data.train().x()) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void aGivenDirectoryIsReadAndNamedAsTheSource(@TempDir Path dir) throws IOException {
        for (String prefix : new String[] {"train", "t10k"}) {
            int n = prefix.equals("train") ? 5 : 3;
            byte[] pixels = new byte[n * 784];
            pixels[784 + 5] = (byte) 255;
            Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new Idx.Images(n, 28, 28, pixels));
            Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), Arrays.copyOf(new int[] {7, 2, 9, 0, 1}, n));
        }
        Dataset data = FashionMnist.locate(Option.some(dir));
        assertThat(data.source()).isEqualTo(new DataSource.Directory(dir));
        assertThat(data.train().size()).isEqualTo(5);
        assertThat(data.test().y()).containsExactly(7, 2, 9);
        assertThat(data.train().x()[784 + 5]).isEqualTo(1f);
    }

    @Test
    void theCalibrationSplitComesFromTrainingDataOnlyAndIsDisjointFromIt() {
        Dataset data = TeacherData.generate(Shape.vector(3), 4, 3, 200, 50, 1);
        Dataset carved = data.withCalibration(40, 9);
        Split calibration = carved.calibration().get();
        assertThat(calibration.size()).isEqualTo(40);
        assertThat(carved.train().size()).isEqualTo(160);
        assertThat(carved.test()).isSameAs(data.test());
        Set<String> train = rows(carved.train());
        Set<String> calib = rows(calibration);
        assertThat(calib).doesNotContainAnyElementsOf(train).isSubsetOf(rows(data.train()));
    }

    @Test
    void theSameSeedCarvesTheSameCalibrationSplit() {
        Dataset data = TeacherData.generate(Shape.vector(3), 4, 3, 200, 50, 1);
        assertThat(data.withCalibration(40, 9).calibration().get().x())
                .containsExactly(data.withCalibration(40, 9).calibration().get().x());
        assertThat(data.withCalibration(40, 9).calibration().get().x())
                .isNotEqualTo(data.withCalibration(40, 10).calibration().get().x());
    }

    @Test
    void teacherDataIsReproducibleFromItsSeed() {
        Dataset a = TeacherData.generate(Shape.vector(5), 8, 4, 100, 10, 3);
        Dataset b = TeacherData.generate(Shape.vector(5), 8, 4, 100, 10, 3);
        assertThat(a.train().x()).containsExactly(b.train().x());
        assertThat(a.train().y()).containsExactly(b.train().y());
        assertThat(a.train().classCounts()).doesNotContain(0);
    }

    private static Set<String> rows(Split split) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < split.size(); i++) {
            rows.add(Arrays.toString(Arrays.copyOfRange(split.x(), i * 3, i * 3 + 3)));
        }
        return rows;
    }
}
