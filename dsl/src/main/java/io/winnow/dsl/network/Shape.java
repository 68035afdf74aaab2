package io.winnow.dsl.network;

/** The shape of one sample's activation: an image (height x width x channels) or a flat vector. */
public sealed interface Shape {

    /** The most scalars one sample's activation may hold: a Java array's limit. */
    long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** Channels of an image, features of a vector: what pruning narrows. */
    int units();

    /** Number of scalars per sample. */
    long size();

    record Image(int height, int width, int channels) implements Shape {
        public Image {
            if (height < 1 || width < 1 || channels < 1) {
                throw new IllegalArgumentException("an image shape needs positive sizes, got "
                        + height + "x" + width + "x" + channels);
            }
            long area = (long) height * width;
            if (area > MAX_VALUES / channels) {
                throw new IllegalArgumentException("an image of " + height + "x" + width + "x" + channels + " holds "
                        + java.math.BigInteger.valueOf(area).multiply(java.math.BigInteger.valueOf(channels))
                        + " values per sample; at most " + MAX_VALUES + " are supported");
            }
        }

        @Override
        public int units() {
            return channels;
        }

        @Override
        public long size() {
            return (long) height * width * channels;
        }

        @Override
        public String toString() {
            return height + "x" + width + "x" + channels;
        }
    }

    record Vector(int features) implements Shape {
        public Vector {
            if (features < 1) {
                throw new IllegalArgumentException("a vector shape needs features >= 1, got " + features);
            }
        }

        @Override
        public int units() {
            return features;
        }

        @Override
        public long size() {
            return features;
        }

        @Override
        public String toString() {
            return Integer.toString(features);
        }
    }

    static Shape image(int height, int width, int channels) {
        return new Image(height, width, channels);
    }

    static Shape vector(int features) {
        return new Vector(features);
    }
}
