package dev.hearth.server.resource;

import static dev.hearth.server.resource.FilterTest.FIELDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Code;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
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

class OrderByTest {
    private static final String DEFAULT = "create_time DESC";
    private static final String TIEBREAK = "id ASC";

    static Stream<Arguments> compiled() {
        return Stream.of(
                Arguments.of("create_time desc, display_name",
                        "create_time DESC NULLS LAST, display_name ASC NULLS FIRST, id ASC"),
                Arguments.of("createTime DESC", "create_time DESC NULLS LAST, id ASC"),
                Arguments.of("displayName Asc", "display_name ASC NULLS FIRST, id ASC"),
                Arguments.of("  replicas   desc  ,name\t", "replicas DESC NULLS LAST, name ASC NULLS FIRST, id ASC"),
                Arguments.of("email", "email_addr ASC NULLS FIRST, id ASC"),
                Arguments.of("state dEsC,serviceAccount asc",
                        "state DESC NULLS LAST, service_account ASC NULLS FIRST, id ASC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compiled")
    void compiles(String orderBy, String sql) {
        assertEquals(sql, OrderBy.compile(orderBy, FIELDS, DEFAULT, TIEBREAK));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void blankUsesTheDefault(String orderBy) {
        assertEquals("create_time DESC, id ASC", OrderBy.compile(orderBy, FIELDS, DEFAULT, TIEBREAK));
    }

    @Test
    void blankWithoutADefaultUsesTheTiebreak() {
        assertEquals("id ASC", OrderBy.compile("", FIELDS, "", TIEBREAK));
    }

    static Stream<Arguments> rejected() {
        String all = "fields: name, display_name, email, state, replicas, service_account, create_time";
        return Stream.of(
                Arguments.of("colour", "unknown field \"colour\"; " + all),
                Arguments.of("name.first desc", "unknown field \"name.first\"; " + all),
                Arguments.of("name--", "unknown field \"name--\"; " + all),
                Arguments.of("name up", "\"up\" is not a direction for field name; use asc or desc"),
                Arguments.of("name ascending", "\"ascending\" is not a direction for field name; use asc or desc"),
                Arguments.of("name asc extra", "expected \"field [asc|desc]\", found \"name asc extra\""),
                Arguments.of("name desc; DROP TABLE users", "expected \"field [asc|desc]\", found \"name desc; DROP TABLE users\""),
                Arguments.of("name, name desc", "field name appears more than once"),
                Arguments.of("display_name, displayName desc", "field display_name appears more than once"),
                Arguments.of("name,", "empty field in the list; write \"field [asc|desc], ...\""),
                Arguments.of(",name", "empty field in the list; write \"field [asc|desc], ...\""),
                Arguments.of("name,,replicas", "empty field in the list; write \"field [asc|desc], ...\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String orderBy, String problem) {
        ApiError error = assertThrows(ApiError.class, () -> OrderBy.compile(orderBy, FIELDS, DEFAULT, TIEBREAK));
        assertEquals(Code.INVALID_ARGUMENT, error.code());
        assertEquals("orderBy: " + problem, error.getMessage());
    }

    /** NULLs must land in the same place on both databases, whose defaults differ. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnBothDatabases {
        private FilterTest.Databases databases;

        @BeforeAll
        void open() {
            databases = FilterTest.Databases.open();
        }

        @AfterAll
        void close() throws SQLException {
            if (databases != null) {
                databases.close();
            }
        }

        static Stream<Arguments> orders() {
            return Stream.of(
                    Arguments.of("replicas", "r3 r5 r1 r2 r4"),
                    Arguments.of("replicas desc", "r4 r2 r1 r5 r3"),
                    Arguments.of("create_time desc", "r5 r3 r2 r1 r4"),
                    Arguments.of("createTime", "r4 r1 r2 r3 r5"),
                    Arguments.of("service_account, replicas desc", "r5 r1 r3 r4 r2"),
                    Arguments.of("state desc", "r1 r4 r3 r2 r5"),
                    Arguments.of("state", "r5 r2 r3 r1 r4"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("orders")
        void ordersTheSameWay(String orderBy, String ids) {
            String order = OrderBy.compile(orderBy, FIELDS, DEFAULT, TIEBREAK);
            List<String> expected = Arrays.asList(ids.split(" "));
            assertEquals(expected, databases.ids(databases.sqlite(), SqlCondition.TRUE, order), "SQLite: " + order);
            assertEquals(expected, databases.ids(databases.postgres(), SqlCondition.TRUE, order), "PostgreSQL: " + order);
        }
    }
}
