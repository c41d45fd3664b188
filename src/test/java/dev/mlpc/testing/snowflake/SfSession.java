package dev.mlpc.testing.snowflake;

/**
 * One simulated Snowflake session: the login's user and the session's current role, warehouse, database, schema and
 * query tag, as changed by {@code USE ...} and {@code ALTER SESSION SET QUERY_TAG}.
 */
public final class SfSession {
    private final long id;
    private final String token;
    private final String masterToken;
    private final String user;
    private final String account;
    private volatile String role;
    private volatile String warehouse;
    private volatile String database;
    private volatile String schema;
    private volatile String queryTag = "";
    private volatile boolean closed;

    SfSession(long id, String token, String masterToken, String user, String account,
              String role, String warehouse, String database, String schema) {
        this.id = id;
        this.token = token;
        this.masterToken = masterToken;
        this.user = user;
        this.account = account;
        this.role = role;
        this.warehouse = warehouse;
        this.database = database;
        this.schema = schema;
    }

    public long id() { return id; }
    String token() { return token; }
    String masterToken() { return masterToken; }
    public String user() { return user; }
    public String account() { return account; }
    public String role() { return role; }
    public String warehouse() { return warehouse; }
    public String database() { return database; }
    public String schema() { return schema; }
    public String queryTag() { return queryTag; }
    public boolean closed() { return closed; }

    void role(String v) { role = v; }
    void warehouse(String v) { warehouse = v; }
    void database(String v) { database = v; schema = null; }
    void schema(String v) { schema = v; }
    void queryTag(String v) { queryTag = v; }
    void close() { closed = true; }

    @Override
    public String toString() {
        return "SfSession[" + id + " user=" + user + " role=" + role + " wh=" + warehouse + " db=" + database
                + " schema=" + schema + " tag=" + queryTag + (closed ? " closed" : "") + "]";
    }
}
