package io.winnow.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.winnow.common.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * compare.json: what a sweep measured so far, rewritten whole (atomically) after every point so an
 * interrupted sweep resumes where it stopped.
 *
 * @param format       "winnow-compare/1"
 * @param model        the model swept, as given
 * @param modelWeights the SHA-256 of the model's weights ({@code WeightsDigest}), so that points of another
 *                     model at the same path (retrained, or trained on another CPU) are never mixed in;
 *                     absent from files written before Winnow recorded it
 * @param data         the data, as described by the run
 * @param points       every finished point, in the order they finished
 */
public record SweepFile(String format, String model, java.util.Optional<String> modelWeights, String data,
                        List<SweepPoint> points) {

    public static final String FORMAT = "winnow-compare/1";
    public static final String NAME = "compare.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public SweepFile {
        points = List.copyOf(points);
    }

    public SweepFile with(SweepPoint point) {
        java.util.List<SweepPoint> all = new java.util.ArrayList<>(points);
        all.add(point);
        return new SweepFile(format, model, modelWeights, data, all);
    }

    /** The same points, recorded as swept on the model whose weights have SHA-256 {@code digest}. */
    public SweepFile withModelWeights(String digest) {
        return new SweepFile(format, model, java.util.Optional.of(digest), data, points);
    }

    public boolean done(SweepJob job) {
        return has(job.key());
    }

    /** Whether a point of this key (recipe hash, budget, seed) is already here. */
    public boolean has(String key) {
        return points.stream().anyMatch(p -> p.key().equals(key));
    }

    public byte[] bytes() {
        try {
            return MAPPER.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write compare.json: " + e.getMessage(), e);
        }
    }

    /** One point as compare.json writes it. */
    static String json(SweepPoint point) {
        try {
            return MAPPER.writeValueAsString(point);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a sweep point: " + e.getMessage(), e);
        }
    }

    /** The point {@link #json} wrote. */
    static SweepPoint point(String json) {
        try {
            return MAPPER.readValue(json, SweepPoint.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a sweep point: " + e.getMessage(), e);
        }
    }

    public static SweepFile read(Path file) {
        try {
            SweepFile read = MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), SweepFile.class);
            if (!FORMAT.equals(read.format())) {
                throw new UserInputException(file + ": format " + read.format() + ", expected " + FORMAT);
            }
            return read;
        } catch (IOException e) {
            throw new UserInputException(file + ": not a compare.json this Winnow reads: " + e.getMessage(), e);
        }
    }
}
