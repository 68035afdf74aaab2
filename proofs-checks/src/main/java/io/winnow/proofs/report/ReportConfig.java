package io.winnow.proofs.report;

/**
 * What one bound report runs: the seed every instance is drawn from and the grids. Two sizes:
 * {@link #quick(long)} (seconds, for a smoke run) and {@link #full(long)} (a few minutes).
 *
 * @param seed              every random instance derives from it
 * @param quick             whether this is the small grid
 * @param lowDimChecks      random Gaussian instances with m in {2, 3}, where r is computed exactly
 * @param highDimChecks     random Gaussian instances with 4 <= m <= maxHighDim (r unknown: Lemma 3 observed form and certificate only)
 * @param maxCheckWidth     N of a check instance is drawn from 3..maxCheckWidth
 * @param maxHighDim        largest m of a high-dimensional check instance
 * @param curveWidth        N of the loss-curve instances, plot (a)
 * @param curveDims         m of the loss-curve instances, plot (a); one instance each
 * @param lemma1Widths2     widths of Lemma 1's curve in m = 2, plot (c)
 * @param lemma1Widths3     widths of Lemma 1's curve in m = 3, plot (c)
 * @param slopeWidths       N of the slope grid, table (d)
 * @param slopeDims         m of the slope grid, table (d)
 * @param deep              networks of the deep section (f), Theorem 4; empty to leave it out
 */
public record ReportConfig(long seed, boolean quick, int lowDimChecks, int highDimChecks, int maxCheckWidth, int maxHighDim,
        int curveWidth, int[] curveDims, int[] lemma1Widths2, int[] lemma1Widths3, int[] slopeWidths, int[] slopeDims,
        java.util.List<DeepCase> deep) {

    public static final long DEFAULT_SEED = 20201030L;

    public ReportConfig {
        curveDims = curveDims.clone();
        lemma1Widths2 = lemma1Widths2.clone();
        lemma1Widths3 = lemma1Widths3.clone();
        slopeWidths = slopeWidths.clone();
        slopeDims = slopeDims.clone();
        deep = java.util.List.copyOf(deep);
    }

    public static ReportConfig quick(long seed) {
        return new ReportConfig(seed, true, 100, 30, 30, 30,
                30, new int[] {3, 10, 30},
                new int[] {16, 32, 64, 128, 256}, new int[] {16, 32, 64},
                new int[] {20, 40, 80}, new int[] {3, 10, 20, 40, 80},
                java.util.List.of(DeepCase.tiny()));
    }

    public static ReportConfig full(long seed) {
        return new ReportConfig(seed, false, 3000, 600, 60, 80,
                100, new int[] {2, 3, 10, 30, 60, 100},
                new int[] {16, 32, 64, 128, 256, 512, 1024, 2048}, new int[] {16, 32, 64, 128, 256},
                new int[] {40, 80, 160, 320}, new int[] {3, 10, 30, 80, 160, 320},
                java.util.List.of(DeepCase.cnn(), DeepCase.vggSmall(), DeepCase.resnetSmall()));
    }

    @Override
    public int[] curveDims() {
        return curveDims.clone();
    }

    @Override
    public int[] lemma1Widths2() {
        return lemma1Widths2.clone();
    }

    @Override
    public int[] lemma1Widths3() {
        return lemma1Widths3.clone();
    }

    @Override
    public int[] slopeWidths() {
        return slopeWidths.clone();
    }

    @Override
    public int[] slopeDims() {
        return slopeDims.clone();
    }
}
