package io.winnow.dsl;

/**
 * The widths a stage with {@code align(m)} may give a layer of n channels: the multiples of m up to n,
 * and n itself (a layer narrower than m keeps all its channels). Inference runtimes run convolutions
 * and matrix products fastest on channel counts that fill their vector registers (ONNX Runtime on
 * x86 runs odd widths slower than the unpruned model; docs/recipes.md), so a FLOPs cut only pays off
 * at such widths. {@code m = 1} allows every width.
 *
 * @param multiple m, at least 1
 */
public record Alignment(int multiple) {

    /** align(m) accepts m in 1..MAX. */
    public static final int MAX = 1024;

    /** Every width allowed: what a stage without align(...) has. */
    public static final Alignment NONE = new Alignment(1);

    public Alignment {
        if (multiple < 1 || multiple > MAX) {
            throw new IllegalArgumentException("align(m) needs 1 <= m <= " + MAX + ", got " + multiple);
        }
    }

    /** The widths allowed for a layer of {@code n} channels, ascending: m, 2m, ... up to n, and n. */
    public int[] allowed(int n) {
        java.util.stream.IntStream multiples = java.util.stream.IntStream.iterate(multiple, k -> k <= n, k -> k + multiple);
        return n % multiple == 0 ? multiples.toArray()
                : java.util.stream.IntStream.concat(multiples, java.util.stream.IntStream.of(n)).toArray();
    }

    /** The allowed width nearest to {@code k} for a layer of {@code n} channels; of two as near, the wider. */
    public int nearest(int k, int n) {
        int below = k / multiple * multiple;
        int above = below == k ? k : below + multiple;
        int best = n;
        for (int w : new int[] {below, above}) {
            boolean allowed = w >= multiple && w <= n;
            if (allowed && (Math.abs(w - k) < Math.abs(best - k) || (Math.abs(w - k) == Math.abs(best - k) && w > best))) {
                best = w;
            }
        }
        return best;
    }

    /** The narrowest width allowed for a layer of {@code n} channels. */
    public int narrowest(int n) {
        return Math.min(multiple, n);
    }
}
