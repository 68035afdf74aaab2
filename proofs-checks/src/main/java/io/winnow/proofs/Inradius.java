package io.winnow.proofs;

/**
 * The relative inradius r of a point inside a polytope: the radius of the largest ball around it
 * that stays inside the polytope, within the polytope's affine hull (docs/theory.md section 3).
 *
 * @param radius    r; 0 when the polytope is a single point
 * @param dimension the dimension of the affine hull
 * @param facets    how many supporting hyperplanes were found (vertex subsets on one facet count once each)
 */
public record Inradius(double radius, int dimension, int facets) {
}
