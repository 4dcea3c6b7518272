package dev.hearth.server.resource;

import java.util.List;

/** A SQL boolean expression with positional ({@code ?}) parameters, in the order they appear. */
public record SqlCondition(String sql, List<Object> params) {
    public static final SqlCondition TRUE = new SqlCondition("1=1", List.of());

    public SqlCondition {
        params = List.copyOf(params);
    }
}
