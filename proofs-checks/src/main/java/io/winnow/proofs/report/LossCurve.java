package io.winnow.proofs.report;

import java.util.OptionalDouble;

/**
 * Plot (a) for one instance: the measured losses of both rules and the two bounds.
 *
 * @param optimizeGamma L_0..L_n of optimizeGamma (L_0 = best single neuron)
 * @param certificate   B_0..B_n = L_0 prod_{j<k} (1 - r_j^2/D_j^2), the a-posteriori bound
 * @param aPriori       L_0 exp(-n r^2/D^2) for n = 0..; null when r is not computed (m > 3)
 * @param fixedGamma    L_0..L_N of fixedGamma (L_0 = L(empty), n = neurons kept)
 * @param inradius      r when computed
 * @param pathDiameter  D = max_k D_k of the optimizeGamma path
 */
public record LossCurve(String instance, int width, int dimension, double[] optimizeGamma, double[] certificate,
        double[] aPriori, double[] fixedGamma, OptionalDouble inradius, double pathDiameter, double lossFloor) {
}
