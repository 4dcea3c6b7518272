package dev.hearth.server.resource;

import dev.hearth.server.http.ApiError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an AIP-160 list filter into a portable (SQLite and PostgreSQL) SQL condition.
 *
 * <p>Grammar, loosest binding first: {@code expression = sequence {"AND" sequence}},
 * {@code sequence = factor {factor}} (juxtaposition is AND), {@code factor = term {"OR" term}},
 * {@code term = ["NOT" | "-"] (restriction | "(" expression ")")}, {@code restriction = field comparator value}.
 * Negation is rendered as {@code IS NOT TRUE}, so a comparison that is NULL on a NULL column counts as false
 * both plainly and under NOT; with {@code !=} matching NULL, {@code -a = 1} and {@code a != 1} select the same rows.
 */
public final class Filter {
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 32;

    private Filter() {}

    public static SqlCondition compile(String filter, ResourceFields fields) {
        if (filter == null || filter.isBlank()) {
            return SqlCondition.TRUE;
        }
        if (filter.length() > MAX_LENGTH) {
            throw error("longer than " + MAX_LENGTH + " characters");
        }
        return new Parser(filter, fields).parse();
    }

    private static ApiError error(String problem) {
        return ApiError.invalid("filter", problem);
    }

    private enum Kind { WORD, STRING, COMPARATOR, MINUS, LPAREN, RPAREN, END }

    /**
     * A token; for values, {@code like} is the text as a LIKE pattern (unescaped {@code *} became {@code %})
     * and {@code wildcards} counts those stars.
     */
    private record Token(Kind kind, String text, int offset, String like, int wildcards) {
        int position() {
            return offset + 1;
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equals(keyword);
        }

        String describe() {
            return kind == Kind.END ? "end of filter" : "\"" + text + "\"";
        }
    }

    /** Tokenizes on demand, because a value after a comparator may hold characters (":") that end a field name. */
    private static final class Lexer {
        private static final String FIELD_STOP = "()\"'=<>!:";
        private static final String VALUE_STOP = "()\"'=<>!";

        private final String input;
        private int pos;

        Lexer(String input) {
            this.input = input;
        }

        Token peek() {
            int saved = pos;
            Token token = next();
            pos = saved;
            return token;
        }

        Token next() {
            skipSpace();
            int start = pos;
            if (pos == input.length()) {
                return new Token(Kind.END, "", start, null, 0);
            }
            char c = input.charAt(pos);
            switch (c) {
                case '(' -> {
                    pos++;
                    return new Token(Kind.LPAREN, "(", start, null, 0);
                }
                case ')' -> {
                    pos++;
                    return new Token(Kind.RPAREN, ")", start, null, 0);
                }
                case '-' -> {
                    pos++;
                    return new Token(Kind.MINUS, "-", start, null, 0);
                }
                case '"', '\'' -> {
                    return quoted();
                }
                case '=', '<', '>', '!', ':' -> {
                    return comparator();
                }
                default -> {
                    return bare(FIELD_STOP);
                }
            }
        }

        /** The value after a comparator, or null when there is none. */
        Token value() {
            skipSpace();
            if (pos == input.length()) {
                return null;
            }
            char c = input.charAt(pos);
            if (c == '"' || c == '\'') {
                return quoted();
            }
            return VALUE_STOP.indexOf(c) >= 0 ? null : bare(VALUE_STOP);
        }

        private Token comparator() {
            int start = pos;
            char c = input.charAt(pos++);
            boolean equalsNext = pos < input.length() && input.charAt(pos) == '=';
            if ((c == '<' || c == '>' || c == '!') && equalsNext) {
                pos++;
                return new Token(Kind.COMPARATOR, c + "=", start, null, 0);
            }
            if (c == '!') {
                throw error("\"!\" at position " + (start + 1) + " is not an operator; use \"!=\" or NOT");
            }
            return new Token(Kind.COMPARATOR, String.valueOf(c), start, null, 0);
        }

        private Token bare(String stops) {
            int start = pos;
            while (pos < input.length() && !Character.isWhitespace(input.charAt(pos))
                    && stops.indexOf(input.charAt(pos)) < 0) {
                pos++;
            }
            String text = input.substring(start, pos);
            StringBuilder like = new StringBuilder();
            int wildcards = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*') {
                    like.append('%');
                    wildcards++;
                } else {
                    appendLikeLiteral(like, c);
                }
            }
            return new Token(Kind.WORD, text, start, like.toString(), wildcards);
        }

        /** A quoted string; a backslash makes the next character literal (including {@code *}). */
        private Token quoted() {
            int start = pos;
            char quote = input.charAt(pos++);
            StringBuilder text = new StringBuilder();
            StringBuilder like = new StringBuilder();
            int wildcards = 0;
            while (pos < input.length()) {
                char c = input.charAt(pos++);
                if (c == quote) {
                    return new Token(Kind.STRING, text.toString(), start, like.toString(), wildcards);
                }
                if (c == '*') {
                    text.append(c);
                    like.append('%');
                    wildcards++;
                    continue;
                }
                if (c == '\\') {
                    if (pos == input.length()) {
                        break;
                    }
                    c = input.charAt(pos++);
                }
                text.append(c);
                appendLikeLiteral(like, c);
            }
            throw error("unterminated string starting at position " + (start + 1));
        }

        private void skipSpace() {
            while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
                pos++;
            }
        }

        private static void appendLikeLiteral(StringBuilder like, char c) {
            if (c == '%' || c == '_' || c == '\\') {
                like.append('\\');
            }
            like.append(c);
        }
    }

    private static final class Parser {
        private final Lexer lexer;
        private final ResourceFields fields;
        private int depth;

        Parser(String input, ResourceFields fields) {
            this.lexer = new Lexer(input);
            this.fields = fields;
        }

        SqlCondition parse() {
            SqlCondition condition = expression();
            Token end = lexer.next();
            if (end.kind != Kind.END) {
                throw error("unexpected " + end.describe() + " at position " + end.position());
            }
            return condition;
        }

        private SqlCondition expression() {
            List<SqlCondition> parts = new ArrayList<>();
            parts.add(sequence());
            while (lexer.peek().isKeyword("AND")) {
                lexer.next();
                parts.add(sequence());
            }
            return join(parts, " AND ");
        }

        private SqlCondition sequence() {
            List<SqlCondition> parts = new ArrayList<>();
            parts.add(factor());
            for (Token next = lexer.peek(); next.kind != Kind.END && next.kind != Kind.RPAREN
                    && !next.isKeyword("AND"); next = lexer.peek()) {
                parts.add(factor());
            }
            return join(parts, " AND ");
        }

        private SqlCondition factor() {
            List<SqlCondition> parts = new ArrayList<>();
            parts.add(term());
            while (lexer.peek().isKeyword("OR")) {
                lexer.next();
                parts.add(term());
            }
            return join(parts, " OR ");
        }

        private SqlCondition term() {
            Token first = lexer.peek();
            if (first.kind == Kind.MINUS || first.isKeyword("NOT")) {
                lexer.next();
                enter(first);
                SqlCondition inner = simple();
                depth--;
                return new SqlCondition("((" + inner.sql() + ") IS NOT TRUE)", inner.params());
            }
            return simple();
        }

        private SqlCondition simple() {
            Token token = lexer.next();
            if (token.kind == Kind.LPAREN) {
                enter(token);
                SqlCondition inner = expression();
                Token close = lexer.next();
                if (close.kind != Kind.RPAREN) {
                    throw error("expected \")\" at position " + close.position() + " to close \"(\" at position "
                            + token.position() + ", found " + close.describe());
                }
                depth--;
                return inner;
            }
            if (token.kind != Kind.WORD || token.isKeyword("AND") || token.isKeyword("OR")
                    || token.isKeyword("NOT")) {
                throw error("expected a field name at position " + token.position() + ", found " + token.describe());
            }
            return restriction(token);
        }

        private void enter(Token token) {
            if (++depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels at position " + token.position());
            }
        }

        private SqlCondition restriction(Token name) {
            Field field = fields.find(name.text).orElseThrow(() -> error("unknown field \"" + name.text
                    + "\" at position " + name.position() + "; fields: " + fields.describe()));
            Token op = lexer.next();
            if (op.kind != Kind.COMPARATOR) {
                throw error("expected an operator (=, !=, <, <=, >, >=, :) after \"" + name.text + "\" at position "
                        + op.position() + ", found " + op.describe());
            }
            Token value = lexer.value();
            if (value == null) {
                Token found = lexer.peek();
                throw error("expected a value after \"" + op.text + "\" at position " + found.position()
                        + ", found " + found.describe());
            }
            return Restriction.compile(field, op.text, value);
        }

        private static SqlCondition join(List<SqlCondition> parts, String operator) {
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            List<String> texts = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            for (SqlCondition part : parts) {
                texts.add(part.sql());
                params.addAll(part.params());
            }
            return new SqlCondition("(" + String.join(operator, texts) + ")", params);
        }
    }

    /** One comparison, typed by its field. */
    private static final class Restriction {
        private Restriction() {}

        static SqlCondition compile(Field field, String op, Token value) {
            String column = field.column();
            if (op.equals(":") && value.wildcards == 1 && value.text.equals("*")) {
                boolean text = field.type() == FieldType.STRING || field.type() == FieldType.ENUM;
                return new SqlCondition(text ? "(" + column + " IS NOT NULL AND " + column + " <> '')"
                        : column + " IS NOT NULL", List.of());
            }
            if (field.type() == FieldType.STRING) {
                return string(column, op, value);
            }
            String sqlOp = op.equals(":") ? "=" : op;
            if (!sqlOp.equals("=") && !sqlOp.equals("!=")
                    && (field.type() == FieldType.BOOL || field.type() == FieldType.ENUM)) {
                String kind = field.type() == FieldType.BOOL ? "boolean" : "enum";
                throw error("operator \"" + op + "\" is not supported for " + kind + " field " + field.snakeName()
                        + "; use =, != or :");
            }
            return compare(column, sqlOp, typed(field, value));
        }

        /** Patterns match case-insensitively: SQLite's LIKE ignores ASCII case and PostgreSQL's does not. */
        private static SqlCondition string(String column, String op, Token value) {
            String like = "LOWER(" + column + ") LIKE LOWER(?) ESCAPE '\\'";
            if (op.equals(":")) {
                return new SqlCondition(like, List.of("%" + value.like + "%"));
            }
            if (value.wildcards > 0 && op.equals("=")) {
                return new SqlCondition(like, List.of(value.like));
            }
            if (value.wildcards > 0 && op.equals("!=")) {
                return new SqlCondition("(" + column + " IS NULL OR NOT " + like + ")", List.of(value.like));
            }
            return compare(column, op, value.text);
        }

        private static SqlCondition compare(String column, String op, Object value) {
            if (op.equals("!=")) {
                return new SqlCondition("(" + column + " IS NULL OR " + column + " <> ?)", List.of(value));
            }
            return new SqlCondition(column + " " + op + " ?", List.of(value));
        }

        private static Object typed(Field field, Token value) {
            String text = value.text;
            String quoted = "\"" + text + "\"";
            return switch (field.type()) {
                case STRING -> text;
                case ENUM -> {
                    if (!field.enumValues().contains(text)) {
                        throw error(quoted + " is not a value of " + field.snakeName() + "; values: "
                                + String.join(", ", field.enumValues()));
                    }
                    yield text;
                }
                case INT -> {
                    try {
                        yield Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw error(quoted + " is not an integer for field " + field.snakeName());
                    }
                }
                case BOOL -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw error(quoted + " is not a boolean for field " + field.snakeName()
                                + "; use true or false");
                    }
                    yield Boolean.valueOf(text);
                }
                case TIMESTAMP -> {
                    try {
                        yield Times.toMicros(OffsetDateTime.parse(text).toInstant());
                    } catch (DateTimeParseException e) {
                        throw error(quoted + " is not an RFC 3339 timestamp for field " + field.snakeName()
                                + " (e.g. 2024-01-02T03:04:05Z)");
                    }
                }
            };
        }
    }
}
