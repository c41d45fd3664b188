package dev.mlpc.providers.snowflake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Written types and SHOW COLUMNS' JSON types reduce to one stored spelling; SHOW values map to the stack's. */
class SfTypesTest {
    @Test
    void synonymsOfATypeHaveOneStoredSpelling() {
        assertThat(SfTypes.canonical("string")).isEqualTo("VARCHAR(16777216)");
        assertThat(SfTypes.canonical("TEXT")).isEqualTo("VARCHAR(16777216)");
        assertThat(SfTypes.canonical("varchar( 20 )")).isEqualTo("VARCHAR(20)");
        assertThat(SfTypes.canonical("int")).isEqualTo("NUMBER(38,0)");
        assertThat(SfTypes.canonical("NUMBER")).isEqualTo("NUMBER(38,0)");
        assertThat(SfTypes.canonical("decimal(10, 2)")).isEqualTo("NUMBER(10,2)");
        assertThat(SfTypes.canonical("double")).isEqualTo("FLOAT");
        assertThat(SfTypes.canonical("TIMESTAMP_NTZ")).isEqualTo("TIMESTAMP_NTZ(9)");
        assertThat(SfTypes.canonical("datetime")).isEqualTo("TIMESTAMP_NTZ(9)");
        assertThat(SfTypes.canonical("vector(float,256)")).isEqualTo("VECTOR(FLOAT, 256)");
        assertThat(SfTypes.canonical("VARIANT")).isEqualTo("VARIANT");
        assertThat(SfTypes.canonical("ARRAY")).isEqualTo("ARRAY");
    }

    @Test
    void showColumnsJsonTypesMatchTheWrittenOnes() {
        assertThat(SfTypes.fromShowColumns("{\"type\":\"TEXT\",\"length\":16777216,\"byteLength\":16777216,\"nullable\":true,\"fixed\":false}"))
                .isEqualTo(SfTypes.canonical("STRING"));
        assertThat(SfTypes.fromShowColumns("{\"type\":\"FIXED\",\"precision\":38,\"scale\":0,\"nullable\":true}"))
                .isEqualTo(SfTypes.canonical("NUMBER(38,0)"));
        assertThat(SfTypes.fromShowColumns("{\"type\":\"REAL\",\"nullable\":true}")).isEqualTo("FLOAT");
        assertThat(SfTypes.fromShowColumns("{\"type\":\"TIMESTAMP_NTZ\",\"precision\":0,\"scale\":9}"))
                .isEqualTo(SfTypes.canonical("TIMESTAMP_NTZ"));
        assertThat(SfTypes.fromShowColumns("{\"type\":\"VECTOR\",\"vectorElementType\":\"FLOAT\",\"dimension\":256}"))
                .isEqualTo(SfTypes.canonical("VECTOR(FLOAT, 256)"));
        assertThat(SfTypes.fromShowColumns("{\"type\":\"VARIANT\",\"nullable\":true}")).isEqualTo("VARIANT");
        assertThat(SfTypes.fromShowColumns("VARCHAR(16777216)")).isEqualTo("VARCHAR(16777216)");
    }

    /** Issue 13 item 12: a shape that cannot be read is unknown (null), never a guessed type. */
    @Test
    void unreadableShowColumnsShapesAreUnknown() {
        assertThat(SfTypes.fromShowColumns("{\"type\":\"VECTOR\",\"elementType\":{\"type\":\"REAL\"},\"length\":256}")).isNull();
        assertThat(SfTypes.fromShowColumns("{\"type\":\"VECTOR\",\"vectorElementType\":\"FLOAT\"}")).isNull();
        assertThat(SfTypes.fromShowColumns("{\"type\":\"SOMETHING_NEW\",\"nullable\":true}")).isNull();
        assertThat(SfTypes.fromShowColumns("{\"nullable\":true}")).isNull();
        assertThat(SfTypes.fromShowColumns("[1, 2]")).isNull();
        assertThat(SfTypes.fromShowColumns("not a ) type")).isNull();
        assertThat(SfTypes.fromShowColumns("")).isNull();
        assertThat(SfTypes.fromShowColumns("{\"type\":\"BOOLEAN\"}")).isEqualTo("BOOLEAN");
    }

    @Test
    void showValuesMapToTheStacksSpelling() {
        assertThat(SnowflakeInventoryReader.warehouseSize("X-Small")).isEqualTo("XSMALL");
        assertThat(SnowflakeInventoryReader.warehouseSize("Medium")).isEqualTo("MEDIUM");
        assertThat(SnowflakeInventoryReader.warehouseSize("2X-Large")).isEqualTo("XXLARGE");
        assertThat(SnowflakeInventoryReader.warehouseSize("4X-Large")).isEqualTo("X4LARGE");
        assertThat(SnowflakeInventoryReader.nameParts("ML_DB.\"my \"\"raw\"\".x\".T"))
                .containsExactly("ML_DB", "my \"raw\".x", "T");
    }
}
