package dev.mlpc.iac;

import java.util.Arrays;
import java.util.Optional;

/** The output formats of {@code mlpc export-iac --to}. */
public enum IacFormat {
    PULUMI_PYTHON("pulumi-python", "a Pulumi program in Python (__main__.py, Pulumi.yaml, requirements.txt)"),
    TERRAFORM_JSON("terraform-json", "Terraform JSON configuration (main.tf.json)");

    private final String id;
    private final String description;

    IacFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name on the command line. */
    public String id() { return id; }

    public String description() { return description; }

    /** The file printed when no output folder is given. */
    public String mainFile() { return this == PULUMI_PYTHON ? "__main__.py" : "main.tf.json"; }

    public static Optional<IacFormat> parse(String text) {
        return Arrays.stream(values()).filter(f -> f.id.equalsIgnoreCase(text == null ? "" : text.trim())).findFirst();
    }

    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(IacFormat::id).toList());
    }

    @Override
    public String toString() { return id; }
}
