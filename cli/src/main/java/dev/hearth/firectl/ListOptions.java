package dev.hearth.firectl;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The paging and filtering flags of every list command. */
final class ListOptions {
    @Option(names = "--filter", paramLabel = "string",
            description = "Only resources satisfying the provided filter will be listed.%n"
                    + "See https://google.aip.dev/160 for the filter grammar.")
    String filter;

    @Option(names = "--order-by", paramLabel = "string",
            description = "A list of fields to order by. To specify a descending order for a field, append a \" desc\" suffix")
    String orderBy;

    @Option(names = "--page-size", paramLabel = "int32", description = "The maximum number of resources to list.")
    Integer pageSize;

    @Option(names = "--page-token", paramLabel = "string",
            description = "The page to list: the \"Next page token\" printed with the previous page.")
    String pageToken;

    @Option(names = "--no-paginate", description = "List all resources without pagination.")
    boolean noPaginate;

    private final Map<String, Object> params = new LinkedHashMap<>();

    /** A query parameter of the command's own, such as {@code showDeleted}, sent with every page. */
    void param(String name, Object value) {
        params.put(name, value);
    }

    /** The list query for one page; {@code token} is null for the first. */
    String query(String token) {
        QueryString query = new QueryString();
        params.forEach(query::add);
        return query
                .add("filter", filter)
                .add("orderBy", orderBy)
                .add("pageSize", pageSize)
                .add("pageToken", token)
                .toString();
    }
}
