package io.winnow.tf.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The vector width TensorFlow's oneDNN kernels run at on this machine, which decides how its float32
 * sums round: the same seeded training gives other weights on an AVX2 CPU than on an AVX-512 one, and so
 * other selections and accuracies downstream (docs/results.md). Read from /proc/cpuinfo's flags.
 */
public final class CpuKind {

    private CpuKind() {
    }

    /** "avx512", "avx2", or "other" where neither is found (or not on Linux). */
    public static String vectorWidth() {
        try {
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().orElse("");
            Set<String> set = Set.of(flags.replaceFirst("^flags\\s*:", "").trim().split("\\s+"));
            return set.contains("avx512f") ? "avx512" : set.contains("avx2") ? "avx2" : "other";
        } catch (IOException | RuntimeException e) {
            return "other";
        }
    }

    /** "AVX-512", "AVX2" or "neither AVX2 nor AVX-512", for reports. */
    public static String describe() {
        return switch (vectorWidth()) {
            case "avx512" -> "AVX-512";
            case "avx2" -> "AVX2";
            default -> "neither AVX2 nor AVX-512";
        };
    }
}
