package io.winnow.tf.onnx;

import io.winnow.tf.UserInputException;

/** An ONNX file Winnow cannot import: not ONNX, or a network it cannot represent exactly; the message says why. */
public final class OnnxImportException extends UserInputException {

    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
