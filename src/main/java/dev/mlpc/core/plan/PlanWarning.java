package dev.mlpc.core.plan;

/** Something the admin should know about a plan that is not an error: {@code rule} is a stable identifier. */
public record PlanWarning(String type, String name, String rule, String message) {}
