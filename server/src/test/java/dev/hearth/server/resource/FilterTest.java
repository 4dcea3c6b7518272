package dev.hearth.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Code;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterTest {
    static final ResourceFields FIELDS = new ResourceFields("Thing", List.of(
            Field.of("name", "name", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("email", "email_addr", FieldType.STRING),
            Field.enumeration("state", "state", List.of("READY", "CREATING", "FAILED")),
            Field.of("replicas", "replicas", FieldType.INT),
            Field.of("serviceAccount", "service_account", FieldType.BOOL),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP)));

    private static final long JAN_2_030405 = 1_704_164_645_000_000L;

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t\n"})
    void blankFilterIsTrue(String filter) {
        assertSame(SqlCondition.TRUE, Filter.compile(filter, FIELDS));
    }

    static Stream<Arguments> compiled() {
        return Stream.of(
                // comparisons and field names
                Arguments.of("name = \"alice\"", "name = ?", List.of("alice")),
                Arguments.of("name=alice", "name = ?", List.of("alice")),
                Arguments.of("displayName = 'x'", "display_name = ?", List.of("x")),
                Arguments.of("display_name = 'x'", "display_name = ?", List.of("x")),
                Arguments.of("email = a@b.c", "email_addr = ?", List.of("a@b.c")),
                Arguments.of("name != bob", "(name IS NULL OR name <> ?)", List.of("bob")),
                Arguments.of("name < m", "name < ?", List.of("m")),
                Arguments.of("replicas > 2", "replicas > ?", List.of(2L)),
                Arguments.of("replicas >= -1", "replicas >= ?", List.of(-1L)),
                Arguments.of("replicas < 3", "replicas < ?", List.of(3L)),
                Arguments.of("replicas <= \"3\"", "replicas <= ?", List.of(3L)),
                Arguments.of("replicas != 0", "(replicas IS NULL OR replicas <> ?)", List.of(0L)),
                Arguments.of("state = READY", "state = ?", List.of("READY")),
                Arguments.of("state != \"FAILED\"", "(state IS NULL OR state <> ?)", List.of("FAILED")),
                Arguments.of("service_account = true", "service_account = ?", List.of(true)),
                Arguments.of("serviceAccount = FALSE", "service_account = ?", List.of(false)),
                Arguments.of("create_time > 2024-01-02T03:04:05Z", "create_time > ?", List.of(JAN_2_030405)),
                Arguments.of("create_time <= \"2024-01-02T05:04:05.123456+02:00\"", "create_time <= ?",
                        List.of(JAN_2_030405 + 123_456)),
                Arguments.of("create_time = '2024-01-02T03:04:05.5Z'", "create_time = ?", List.of(JAN_2_030405 + 500_000)),
                // strings: quotes, escapes and wildcards
                Arguments.of("name = 'it\\'s'", "name = ?", List.of("it's")),
                Arguments.of("name = \"say \\\"hi\\\" \\\\o/\"", "name = ?", List.of("say \"hi\" \\o/")),
                Arguments.of("name = \"a b\"", "name = ?", List.of("a b")),
                Arguments.of("name = \"acc*\"", "LOWER(name) LIKE LOWER(?) ESCAPE '\\'", List.of("acc%")),
                Arguments.of("email = *@example.com", "LOWER(email_addr) LIKE LOWER(?) ESCAPE '\\'",
                        List.of("%@example.com")),
                Arguments.of("name = \"50%_\\\\*\"", "LOWER(name) LIKE LOWER(?) ESCAPE '\\'", List.of("50\\%\\_\\\\%")),
                Arguments.of("name = \"a\\*\"", "name = ?", List.of("a*")),
                Arguments.of("name != \"acc*\"", "(name IS NULL OR NOT LOWER(name) LIKE LOWER(?) ESCAPE '\\')",
                        List.of("acc%")),
                Arguments.of("name > \"a*\"", "name > ?", List.of("a*")),
                // the has operator
                Arguments.of("name:ali", "LOWER(name) LIKE LOWER(?) ESCAPE '\\'", List.of("%ali%")),
                Arguments.of("name : \"50%_\\\\\"", "LOWER(name) LIKE LOWER(?) ESCAPE '\\'", List.of("%50\\%\\_\\\\%")),
                Arguments.of("name:*", "(name IS NOT NULL AND name <> '')", List.of()),
                Arguments.of("name:\"*\"", "(name IS NOT NULL AND name <> '')", List.of()),
                Arguments.of("name:\"\\*\"", "LOWER(name) LIKE LOWER(?) ESCAPE '\\'", List.of("%*%")),
                Arguments.of("state:*", "(state IS NOT NULL AND state <> '')", List.of()),
                Arguments.of("replicas:*", "replicas IS NOT NULL", List.of()),
                Arguments.of("createTime:*", "create_time IS NOT NULL", List.of()),
                Arguments.of("replicas:3", "replicas = ?", List.of(3L)),
                Arguments.of("state:READY", "state = ?", List.of("READY")),
                Arguments.of("service_account:true", "service_account = ?", List.of(true)),
                // logic: AND binds loosest, then juxtaposition, then OR
                Arguments.of("name=a AND replicas=1", "(name = ? AND replicas = ?)", List.of("a", 1L)),
                Arguments.of("name=a replicas=1", "(name = ? AND replicas = ?)", List.of("a", 1L)),
                Arguments.of("name=a OR name=b", "(name = ? OR name = ?)", List.of("a", "b")),
                Arguments.of("name=a AND name=b OR name=c", "(name = ? AND (name = ? OR name = ?))",
                        List.of("a", "b", "c")),
                Arguments.of("name=a OR name=b name=c", "((name = ? OR name = ?) AND name = ?)", List.of("a", "b", "c")),
                Arguments.of("name=a name=b AND name=c", "((name = ? AND name = ?) AND name = ?)", List.of("a", "b", "c")),
                Arguments.of("(name=a AND name=b) OR name=c", "((name = ? AND name = ?) OR name = ?)",
                        List.of("a", "b", "c")),
                Arguments.of("NOT name=a", "((name = ?) IS NOT TRUE)", List.of("a")),
                Arguments.of("-name=a", "((name = ?) IS NOT TRUE)", List.of("a")),
                Arguments.of("NOT(name=a OR replicas>1)", "(((name = ? OR replicas > ?)) IS NOT TRUE)", List.of("a", 1L)),
                Arguments.of("name=a -replicas:*", "(name = ? AND ((replicas IS NOT NULL) IS NOT TRUE))", List.of("a")),
                Arguments.of("((name=a))", "name = ?", List.of("a")),
                Arguments.of("name = AND", "name = ?", List.of("AND")),
                // input never reaches the SQL text
                Arguments.of("name = \"x'; DROP TABLE t; --\"", "name = ?", List.of("x'; DROP TABLE t; --")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compiled")
    void compiles(String filter, String sql, List<Object> params) {
        SqlCondition condition = Filter.compile(filter, FIELDS);
        assertEquals(sql, condition.sql());
        assertEquals(params, condition.params());
    }

    static Stream<Arguments> rejected() {
        String all = "fields: name, display_name, email, state, replicas, service_account, create_time";
        return Stream.of(
                Arguments.of("colour = red", "unknown field \"colour\" at position 1; " + all),
                Arguments.of("name=a AND colour:*", "unknown field \"colour\" at position 12; " + all),
                Arguments.of("name.first = a", "unknown field \"name.first\" at position 1; " + all),
                Arguments.of("state = READY AND name =", "expected a value after \"=\" at position 25, found end of filter"),
                Arguments.of("name = )", "expected a value after \"=\" at position 8, found \")\""),
                Arguments.of("name", "expected an operator (=, !=, <, <=, >, >=, :) after \"name\" at position 5, "
                        + "found end of filter"),
                Arguments.of("name alice", "expected an operator (=, !=, <, <=, >, >=, :) after \"name\" at position 6, "
                        + "found \"alice\""),
                Arguments.of("\"name\" = a", "expected a field name at position 1, found \"name\""),
                Arguments.of("name ! a", "\"!\" at position 6 is not an operator; use \"!=\" or NOT"),
                Arguments.of("name=a=b", "expected a field name at position 7, found \"=\""),
                Arguments.of("AND name=a", "expected a field name at position 1, found \"AND\""),
                Arguments.of("name=a AND", "expected a field name at position 11, found end of filter"),
                Arguments.of("name=a OR", "expected a field name at position 10, found end of filter"),
                Arguments.of("NOT NOT name=a", "expected a field name at position 5, found \"NOT\""),
                Arguments.of("()", "expected a field name at position 2, found \")\""),
                Arguments.of("(name=a", "expected \")\" at position 8 to close \"(\" at position 1, found end of filter"),
                Arguments.of("name=a)", "unexpected \")\" at position 7"),
                Arguments.of("name = \"abc", "unterminated string starting at position 8"),
                Arguments.of("name = 'abc\\", "unterminated string starting at position 8"),
                Arguments.of("service_account = maybe", "\"maybe\" is not a boolean for field service_account; "
                        + "use true or false"),
                Arguments.of("service_account < true", "operator \"<\" is not supported for boolean field "
                        + "service_account; use =, != or :"),
                Arguments.of("state = RUNNING", "\"RUNNING\" is not a value of state; values: READY, CREATING, FAILED"),
                Arguments.of("state = ready", "\"ready\" is not a value of state; values: READY, CREATING, FAILED"),
                Arguments.of("state >= READY", "operator \">=\" is not supported for enum field state; use =, != or :"),
                Arguments.of("replicas = 1.5", "\"1.5\" is not an integer for field replicas"),
                Arguments.of("replicas = many", "\"many\" is not an integer for field replicas"),
                Arguments.of("replicas = *", "\"*\" is not an integer for field replicas"),
                Arguments.of("create_time > \"2024-13-01\"", "\"2024-13-01\" is not an RFC 3339 timestamp for field "
                        + "create_time (e.g. 2024-01-02T03:04:05Z)"),
                Arguments.of("createTime < 2024-01-02T03:04:05", "\"2024-01-02T03:04:05\" is not an RFC 3339 timestamp "
                        + "for field create_time (e.g. 2024-01-02T03:04:05Z)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String filter, String problem) {
        ApiError error = assertThrows(ApiError.class, () -> Filter.compile(filter, FIELDS));
        assertEquals(Code.INVALID_ARGUMENT, error.code());
        assertEquals("filter: " + problem, error.getMessage());
    }

    @Test
    void limitsLength() {
        String longest = "name = \"" + "x".repeat(Filter.MAX_LENGTH - 9) + "\"";
        assertEquals(Filter.MAX_LENGTH, longest.length());
        Filter.compile(longest, FIELDS);
        ApiError error = assertThrows(ApiError.class, () -> Filter.compile(longest + " ", FIELDS));
        assertEquals("filter: longer than 4096 characters", error.getMessage());
    }

    @Test
    void limitsNesting() {
        int max = Filter.MAX_DEPTH;
        assertEquals("name = ?", Filter.compile("(".repeat(max) + "name=a" + ")".repeat(max), FIELDS).sql());
        ApiError parens = assertThrows(ApiError.class,
                () -> Filter.compile("(".repeat(max + 1) + "name=a" + ")".repeat(max + 1), FIELDS));
        assertEquals("filter: nested deeper than 32 levels at position 33", parens.getMessage());
        ApiError negations = assertThrows(ApiError.class,
                () -> Filter.compile("(-".repeat(max / 2) + "(name=a" + ")".repeat(max / 2 + 1), FIELDS));
        assertEquals("filter: nested deeper than 32 levels at position 33", negations.getMessage());
    }

    /** Runs filters against the same rows on SQLite and PostgreSQL to show that the SQL is portable. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnBothDatabases {
        private Databases databases;

        @BeforeAll
        void open() {
            databases = Databases.open();
        }

        @AfterAll
        void close() throws SQLException {
            if (databases != null) {
                databases.close();
            }
        }

        static Stream<Arguments> selections() {
            return Stream.of(
                    Arguments.of("name = alpha", "r1"),
                    Arguments.of("name != alpha", "r2 r3 r4 r5"),
                    Arguments.of("display_name != \"Alpha One\"", "r2 r3 r4 r5"),
                    Arguments.of("name = \"gamma*\"", "r3 r4"),
                    Arguments.of("name = \"gamma_*\"", "r3"),
                    Arguments.of("name != \"gamma*\"", "r1 r2 r5"),
                    Arguments.of("email = \"*@example.com\"", "r1 r3 r5"),
                    Arguments.of("name = \"*\\\\*\"", "r5"),
                    Arguments.of("name:AMM", "r3 r4"),
                    Arguments.of("displayName:\"%\"", "r3"),
                    Arguments.of("displayName:\"_\"", ""),
                    Arguments.of("displayName:\"\\\\\"", "r5"),
                    Arguments.of("display_name:*", "r1 r3 r5"),
                    Arguments.of("-display_name:*", "r2 r4"),
                    Arguments.of("email > b", "r2 r3 r5"),
                    Arguments.of("replicas:*", "r1 r2 r4 r5"),
                    Arguments.of("replicas > 1", "r2 r4"),
                    Arguments.of("replicas >= 1 AND replicas < 10", "r1 r2"),
                    Arguments.of("replicas <= 0", "r5"),
                    Arguments.of("replicas != 3", "r1 r3 r4 r5"),
                    Arguments.of("NOT replicas = 3", "r1 r3 r4 r5"),
                    Arguments.of("service_account = true", "r2 r4"),
                    Arguments.of("serviceAccount:false", "r1 r3"),
                    Arguments.of("serviceAccount != true", "r1 r3 r5"),
                    Arguments.of("state = READY", "r1 r4"),
                    Arguments.of("state != READY", "r2 r3 r5"),
                    Arguments.of("state:*", "r1 r2 r3 r4"),
                    Arguments.of("create_time > \"2024-01-01T00:00:00Z\"", "r2 r3 r5"),
                    Arguments.of("create_time <= 2024-01-02T01:00:00+01:00", "r1 r2"),
                    Arguments.of("create_time = 2024-01-03T12:00:00.5Z", "r3"),
                    Arguments.of("-createTime:*", "r4"),
                    Arguments.of("state = READY OR state = FAILED replicas > 0", "r1 r4"),
                    Arguments.of("state = READY AND replicas > 5 OR name = beta", "r4"),
                    Arguments.of("-(state = READY OR replicas > 2)", "r3 r5"),
                    Arguments.of("name = \"x'; DROP TABLE t; --\"", ""));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("selections")
        void selectsTheSameRows(String filter, String ids) {
            SqlCondition condition = Filter.compile(filter, FIELDS);
            List<String> expected = ids.isEmpty() ? List.of() : Arrays.asList(ids.split(" "));
            assertEquals(expected, databases.ids(databases.sqlite(), condition, "id"), "SQLite: " + condition);
            assertEquals(expected, databases.ids(databases.postgres(), condition, "id"), "PostgreSQL: " + condition);
        }
    }

    /** The same table and rows in an in-memory SQLite database and a temporary PostgreSQL table. */
    record Databases(String table, Connection sqlite, Connection postgres) implements AutoCloseable {
        static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

        private static final String COLUMNS = """
                (id VARCHAR(8) NOT NULL PRIMARY KEY, name VARCHAR(64), display_name VARCHAR(64),
                 email_addr VARCHAR(64), state VARCHAR(32), replicas BIGINT, service_account BOOLEAN, create_time BIGINT)""";
        private static final String ROWS = """
                ('r1', 'alpha', 'Alpha One', 'a@example.com', 'READY', 1, FALSE, 1704067200000000),
                ('r2', 'beta', NULL, 'b@example.org', 'CREATING', 3, TRUE, 1704153600000000),
                ('r3', 'gamma_1', '50% off', 'c@example.com', 'FAILED', NULL, FALSE, 1704283200500000),
                ('r4', 'Gamma', '', NULL, 'READY', 10, TRUE, NULL),
                ('r5', 'delta\\x', 'back\\slash', 'd@EXAMPLE.com', NULL, 0, NULL, 1706745600000000)""";

        /** Fails, rather than skips, when PostgreSQL is down: portability is the point of these tests. */
        static Databases open() {
            String table = "filter_test_" + UUID.randomUUID().toString().replace("-", "");
            Connection postgres;
            try {
                postgres = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
            } catch (SQLException e) {
                throw new AssertionError("PostgreSQL is unreachable at " + POSTGRES_URL + " (user postgres, no password): "
                        + e.getMessage(), e);
            }
            try {
                Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
                create(sqlite, "CREATE TABLE ", table);
                create(postgres, "CREATE TEMPORARY TABLE ", table);
                return new Databases(table, sqlite, postgres);
            } catch (SQLException e) {
                throw new AssertionError("creating the test table failed: " + e.getMessage(), e);
            }
        }

        private static void create(Connection connection, String create, String table) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(create + table + " " + COLUMNS);
                statement.execute("INSERT INTO " + table + " VALUES " + ROWS);
            }
        }

        /** The ids of the rows matching {@code where}, in {@code order}. */
        List<String> ids(Connection connection, SqlCondition where, String order) {
            String sql = "SELECT id FROM " + table + " WHERE " + where.sql() + " ORDER BY " + order;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < where.params().size(); i++) {
                    statement.setObject(i + 1, where.params().get(i));
                }
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            } catch (SQLException e) {
                throw new AssertionError("query failed: " + sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SQLException {
            try (sqlite; Statement statement = postgres.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            } finally {
                postgres.close();
            }
        }
    }
}
