package dev.hearth.server.resource;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** Runs a filtered, ordered, paginated list over one table (or join) the same way for every resource. */
public final class Lister {
    private Lister() {}

    /**
     * @param from the SQL after FROM (a table or a join)
     * @param scope the rows the caller may see (e.g. one account's), always applied
     * @param defaultOrder SQL used when the request has no orderBy
     * @param tiebreak SQL appended to every order so pagination is stable
     * @param fingerprint extra request parameters that a page token must match (e.g. showDeleted)
     */
    public static <T> Page<T> list(Jdbi jdbi, String from, SqlCondition scope, ListRequest request,
            ResourceFields fields, String defaultOrder, String tiebreak, RowMapper<T> mapper, String... fingerprint) {
        SqlCondition filter = Filter.compile(request.filter(), fields);
        String order = OrderBy.compile(request.orderBy(), fields, defaultOrder, tiebreak);
        List<String> key = new ArrayList<>(List.of(from, scope.sql() + scope.params(),
                String.valueOf(request.filter()), String.valueOf(request.orderBy())));
        key.addAll(List.of(fingerprint));
        String tokenKey = PageToken.fingerprint(key.toArray(String[]::new));
        long offset = PageToken.decode(request.pageToken(), tokenKey);

        String where = " FROM " + from + " WHERE (" + scope.sql() + ") AND (" + filter.sql() + ")";
        List<Object> params = new ArrayList<>(scope.params());
        params.addAll(filter.params());
        return jdbi.withHandle(handle -> {
            Query count = handle.createQuery("SELECT COUNT(*)" + where);
            bind(count, params);
            int total = count.mapTo(Integer.class).one();
            Query page = handle.createQuery("SELECT *" + where + " ORDER BY " + order + " LIMIT ? OFFSET ?");
            bind(page, params);
            page.bind(params.size(), request.pageSize() + 1);
            page.bind(params.size() + 1, offset);
            List<T> rows = page.map(mapper).list();
            String next = null;
            if (rows.size() > request.pageSize()) {
                rows = rows.subList(0, request.pageSize());
                next = PageToken.encode(offset + request.pageSize(), tokenKey);
            }
            return new Page<>(List.copyOf(rows), next, total);
        });
    }

    private static void bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.bind(i, params.get(i));
        }
    }
}
