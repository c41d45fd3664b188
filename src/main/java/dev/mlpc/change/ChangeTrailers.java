package dev.mlpc.change;

/** The trailers of change control (see the config repository's README). */
public final class ChangeTrailers {
    /** The target's identity ({@link dev.mlpc.core.provider.Provider#targetIdentity}); never a secret. */
    public static final String TARGET = "Target";
    /** The connection's name in connections.yaml. */
    public static final String TARGET_CONNECTION = "Target-Connection";
    /** On a proposal: {@code required (N)}. */
    public static final String APPROVAL = "Approval";
    /** On an approval / rejection / an apply of a proposal / a policy change: the proposal's full id. */
    public static final String PROPOSAL = "Proposal";
    /** On an approval / rejection: the stack's name ({@code policy.yaml} for a proposed policy). */
    public static final String PROPOSAL_STACK = "Proposal-Stack";
    /** On an approval: the plan hash approved. */
    public static final String APPROVED_PLAN_SHA256 = "Approved-Plan-Sha256";
    /** On a rollback's stack commit: the commit whose stack version it restores. */
    public static final String REVERTS = "Reverts";
    /** On a proposed policy ({@code Record: policy-proposal}): the SHA-256 of the proposed policy text. */
    public static final String POLICY_SHA256 = "Policy-Sha256";
    /** {@code Record:} kinds. */
    public static final String RECORD_APPROVAL = "approval";
    public static final String RECORD_REJECTION = "rejection";
    public static final String RECORD_POLICY_PROPOSAL = "policy-proposal";

    private ChangeTrailers() {
    }

    /** The {@code Approval:} value for N approvals. */
    public static String approvalValue(int required) {
        return "required (" + required + ")";
    }

    /** N of an {@code Approval: required (N)} value, or -1 when it is not one. */
    public static int parseRequired(String value) {
        if (value == null) return -1;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("required \\((\\d{1,2})\\)").matcher(value.trim());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
