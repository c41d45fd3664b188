package dev.mlpc.iac;

import dev.mlpc.core.spec.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exported resource: the Pulumi class and the Terraform type it becomes, its variable / local name, its
 * arguments in the order the mapping gives them, and notes on what it could not carry over.
 */
public final class IacResource {
    private final ResourceKey source;
    private final String variable;
    private final String logicalName;
    private final String pulumiModule;
    private final String pulumiAlias;
    private final String pulumiClass;
    private final String tfType;
    private final int rank;
    private final Map<String, IacValue> args = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    IacResource(ResourceKey source, String variable, String logicalName, String pulumiModule, String pulumiAlias,
                String pulumiClass, String tfType, int rank) {
        this.source = source;
        this.variable = variable;
        this.logicalName = logicalName;
        this.pulumiModule = pulumiModule;
        this.pulumiAlias = pulumiAlias;
        this.pulumiClass = pulumiClass;
        this.tfType = tfType;
        this.rank = rank;
    }

    /** The stack resource it comes from. */
    public ResourceKey source() { return source; }

    /** The Python variable and the Terraform local name. */
    public String variable() { return variable; }

    /** The Pulumi resource name (first constructor argument): the stack's resource name. */
    public String logicalName() { return logicalName; }

    /** The Python module imported for it, e.g. {@code pulumi_snowflake}. */
    public String pulumiModule() { return pulumiModule; }

    /** The alias the module is imported as, e.g. {@code snowflake}. */
    public String pulumiAlias() { return pulumiAlias; }

    /** The class under the alias, e.g. {@code Database} or {@code sagemaker.Domain}. */
    public String pulumiClass() { return pulumiClass; }

    public String tfType() { return tfType; }

    int rank() { return rank; }

    public Map<String, IacValue> args() { return args; }

    /** What has no equivalent or was derived, one sentence each. */
    public List<String> notes() { return notes; }

    /** Sets an argument; a null value is left out. */
    public IacResource arg(String name, Object value) {
        IacValue v = IacValue.of(value);
        if (v != null) args.put(name, v);
        return this;
    }

    public IacResource note(String text) {
        notes.add(text);
        return this;
    }
}
