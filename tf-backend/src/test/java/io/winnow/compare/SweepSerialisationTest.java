package io.winnow.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.winnow.dsl.RecipeText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jobs, inputs and points cross to a cluster's workers by Java serialisation and come back unchanged. */
class SweepSerialisationTest {

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static Sweep.NamedRecipe recipe() {
        String text = "winnow-recipe 1\nlocalImitation().optimizeGamma().select(ratio(0.5)).calibration(256)\n"
                + "    .finetune(1, lr(0.05))\n";
        return new Sweep.NamedRecipe("local", "local.recipe", RecipeText.parse(text, "local.recipe").get().recipe());
    }

    @Test
    void aJobWithAndWithoutAFlopsTargetComesBackWithTheSameKeyAndRecipe() throws Exception {
        for (SweepJob job : Sweep.grid(List.of(recipe()), List.of(0.3), 1).appendAll(Sweep.grid(List.of(recipe()), List.empty(), 2))) {
            SweepJob back = (SweepJob) roundTrip(job);
            assertThat(back).isEqualTo(job);
            assertThat(back.key()).isEqualTo(job.key());
        }
    }

    @Test
    void aFlopsTargetKeepsTheRecipesVersionSoAVersionOneFileRunsAsItReads() throws Exception {
        SweepJob job = (SweepJob) roundTrip(Sweep.grid(List.of(recipe()), List.of(0.3), 1).head());
        assertThat(job.effectiveRecipe().version()).isEqualTo(1);
        assertThat(job.effectiveRecipe().stages().head().correctBias()).isFalse();
        assertThat(RecipeText.print(job.effectiveRecipe())).startsWith("winnow-recipe 1\n")
                .contains("select(flops(0.3))");
    }

    @Test
    void inputsComeBackWithTheDefaultDataStillAbsent() throws Exception {
        SweepInputs inputs = new SweepInputs("models/mlp", Optional.empty(), java.util.List.of(0.5), java.util.List.of(0.25));
        SweepInputs embedded = new SweepInputs("models/mlp", Optional.of("embedded"), java.util.List.of(0.0),
                java.util.List.of(1.0));
        assertThat(roundTrip(inputs)).isEqualTo(inputs);
        assertThat(roundTrip(embedded)).isEqualTo(embedded);
    }

    @Test
    void aPointComesBackBitForBitAndAFailedOneWithItsError() throws Exception {
        SweepJob job = Sweep.grid(List.of(recipe()), List.of(0.3), 1).head();
        SweepPoint point = new SweepPoint(job.key(), "local", "ab12", job.budget(), 1, Optional.empty(), 1000, 400,
                5000, 1499, 0.8125, 0.1 + 0.2, Optional.of(Math.PI / 4), new double[] {0.123456789012345, 1.5},
                new double[] {Double.MIN_VALUE, 1e-300}, 0.25, 7.75, true);
        SweepPoint failed = SweepPoint.failure(job, "ModelFormatException: no model at x (attempt 2 of 2)");

        SweepPoint back = (SweepPoint) roundTrip(point);
        assertThat(back).usingRecursiveComparison().isEqualTo(point);
        assertThat(Double.doubleToRawLongBits(back.accuracyAfterSelection()))
                .isEqualTo(Double.doubleToRawLongBits(0.1 + 0.2));
        assertThat(((SweepPoint) roundTrip(failed)).error()).isEqualTo(failed.error());
    }
}
