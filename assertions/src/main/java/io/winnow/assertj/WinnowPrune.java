package io.winnow.assertj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a recipe once for the test class, when its first test asks, and gives every test that asks the
 * result: a {@code PruneResult} or a {@link ReportOnDisk} parameter (the run saved under a temporary
 * directory, so every check applies). Needs winnow-tf-backend on the test class path.
 *
 * <pre>{@code
 * @WinnowPrune(recipe = "recipes/mlp-half.recipe", model = "models/mlp")
 * class PrunedMlpTest {
 *     @Test
 *     void keepsTheBounds(ReportOnDisk run) {
 *         assertThat(run).allCertificatesHold().theorem4Holds().accuracyDropAtMost(0.02);
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(WinnowPruneExtension.class)
public @interface WinnowPrune {

    /** The recipe file, relative to the working directory (a Maven module's base directory). */
    String recipe();

    /** The model directory written by winnow train, prune or import. */
    String model();

    /** The data, as {@code winnow prune --data} takes it: "embedded" or a directory. */
    String data() default "embedded";
}
