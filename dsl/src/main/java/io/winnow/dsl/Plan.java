package io.winnow.dsl;

public record Plan() {
}
