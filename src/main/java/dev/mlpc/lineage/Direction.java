package dev.mlpc.lineage;

/** Which way to walk from a node: against the data flow, with it, or both. */
public enum Direction { UPSTREAM, DOWNSTREAM, BOTH }
