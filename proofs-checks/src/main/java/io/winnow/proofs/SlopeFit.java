package io.winnow.proofs;

/** Ordinary least squares of y on x: the slope and intercept, for the rate plots of section 3. */
public record SlopeFit(double slope, double intercept, int points) {

    public static SlopeFit of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a slope needs at least two (x, y) pairs");
        }
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        return new SlopeFit(slope, my - slope * mx, n);
    }
}
