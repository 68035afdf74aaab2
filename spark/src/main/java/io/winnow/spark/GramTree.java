package io.winnow.spark;

import io.winnow.engine.select.Gram;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partitions' Gram matrices, added along one fixed binary tree over the partition indices, the
 * aggregate of Spark's treeAggregate. Spark merges partial aggregates in whatever order its tasks
 * finish, and floating-point addition is not associative, so adding as they come would give a
 * different last bit from run to run, and with it, on a near tie, a different selection. Here a node
 * is added only when both its children are there, left plus right, so every run gives the same sum
 * bit for bit, whatever the order of the merges.
 */
final class GramTree implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int leaves;
    /** The subtrees added so far, by their range of partitions [from, to): key from, value (to, sum). */
    private final TreeMap<Integer, Node> nodes = new TreeMap<>();

    private record Node(int to, Gram sum) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    GramTree(int leaves) {
        if (leaves < 1) {
            throw new IllegalArgumentException("a tree over " + leaves + " partitions");
        }
        this.leaves = leaves;
    }

    /** treeAggregate's seqOp: adds partition {@code index}'s Gram. */
    GramTree add(int index, Gram gram) {
        put(index, index + 1, gram);
        return this;
    }

    /** treeAggregate's combOp: takes in every subtree of {@code other}. */
    GramTree merge(GramTree other) {
        if (other.leaves != leaves) {
            throw new IllegalArgumentException("trees over " + leaves + " and " + other.leaves + " partitions");
        }
        other.nodes.forEach((from, node) -> put(from, node.to(), node.sum()));
        return this;
    }

    /** The sum of all partitions' Gram matrices; every partition must have been added. */
    Gram sum() {
        Node root = nodes.get(0);
        if (root == null || root.to() != leaves) {
            throw new IllegalStateException("the partitions' statistics are incomplete: have " + nodes.size()
                    + " subtree(s) of " + leaves + " partitions");
        }
        return root.sum();
    }

    private void put(int from, int to, Gram sum) {
        if (nodes.containsKey(from)) {
            throw new IllegalStateException("partitions from " + from + " added twice");
        }
        nodes.put(from, new Node(to, sum));
        join(from, to);
    }

    /** Adds [from, to) to its sibling when the sibling is there, and goes on up the tree. */
    private void join(int from, int to) {
        int[] parent = parentOf(from, to, 0, leaves);
        while (parent != null) {
            int lo = parent[0];
            int mid = parent[1];
            int hi = parent[2];
            Node left = nodes.get(lo);
            Node right = nodes.get(mid);
            if (left == null || left.to() != mid || right == null || right.to() != hi) {
                return;
            }
            nodes.remove(mid);
            nodes.put(lo, new Node(hi, left.sum().plus(right.sum())));
            parent = parentOf(lo, hi, 0, leaves);
        }
    }

    /** The parent {lo, mid, hi} of node [from, to) in the tree that splits [lo, hi) at (lo + hi) / 2; null at the root. */
    private static int[] parentOf(int from, int to, int lo, int hi) {
        if (from == lo && to == hi) {
            return null;
        }
        int mid = (lo + hi) >>> 1;
        if ((from == lo && to == mid) || (from == mid && to == hi)) {
            return new int[] {lo, mid, hi};
        }
        return to <= mid ? parentOf(from, to, lo, mid) : parentOf(from, to, mid, hi);
    }

    /** The subtrees held, for tests. */
    Map<Integer, Integer> ranges() {
        TreeMap<Integer, Integer> ranges = new TreeMap<>();
        nodes.forEach((from, node) -> ranges.put(from, node.to()));
        return ranges;
    }
}
