package dev.hearth.engine.template;

import dev.hearth.engine.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser following jinja2's grammar and operator precedence. */
final class Parser {
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int pos;
    private int loopDepth;
    /** For each macro being parsed, the special names (varargs, kwargs, caller) its body references. */
    private final java.util.ArrayDeque<java.util.Set<String>> macroReferences = new java.util.ArrayDeque<>();

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        Parser parser = new Parser(Lexer.tokenize(source));
        List<Node> body = parser.statements(Set.of());
        if (parser.current().kind() != Kind.EOF) {
            throw parser.error("unexpected " + parser.current().describe());
        }
        return body;
    }

    // ---- token helpers

    private Token current() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean skipOp(String op) {
        if (current().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean skipName(String name) {
        if (current().isName(name)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectOp(String op) {
        if (!skipOp(op)) {
            throw error("expected token '" + op + "', got " + current().describe());
        }
    }

    private String expectName() {
        if (current().kind() != Kind.NAME) {
            throw error("expected name, got " + current().describe());
        }
        return next().text();
    }

    private void expect(Kind kind) {
        if (current().kind() != kind) {
            throw error("expected " + new Token(kind, "", null, 0).describe() + ", got " + current().describe());
        }
        next();
    }

    private TemplateException error(String message) {
        return TemplateException.syntax(message, current().line());
    }

    // ---- statements

    /** Parses until a block tag whose first name is in {@code endTags} (left unconsumed, after its {% ) or EOF. */
    private List<Node> statements(Set<String> endTags) {
        List<Node> body = new ArrayList<>();
        while (true) {
            Token t = current();
            switch (t.kind()) {
                case EOF -> {
                    if (!endTags.isEmpty()) {
                        throw error("Unexpected end of template. Jinja was looking for the following tags: "
                                + String.join(" or ", endTags.stream().map(s -> "'" + s + "'").sorted().toList())
                                + ".");
                    }
                    return body;
                }
                case DATA -> {
                    next();
                    body.add(new Node.Text(t.text(), t.line()));
                }
                case VAR_BEGIN -> {
                    next();
                    Expr value = tuple(true, false);
                    expect(Kind.VAR_END);
                    body.add(new Node.Output(value, t.line()));
                }
                case BLOCK_BEGIN -> {
                    Token tag = peek(1);
                    if (tag.kind() == Kind.NAME && endTags.contains(tag.text())) {
                        next();
                        return body;
                    }
                    next();
                    body.add(statement());
                }
                default -> throw error("unexpected " + t.describe());
            }
        }
    }

    private void endBlock() {
        expect(Kind.BLOCK_END);
    }

    /** Consumes the tag name that {@link #statements} stopped at. */
    private String endTag() {
        return expectName();
    }

    private Node statement() {
        Token t = current();
        if (t.kind() != Kind.NAME) {
            throw error("tag name expected");
        }
        int line = t.line();
        String name = next().text();
        switch (name) {
            case "if":
                return ifStatement(line);
            case "for":
                return forStatement(line);
            case "set":
                return setStatement(line);
            case "macro":
                return macroStatement(line);
            case "call":
                return callStatement(line);
            case "filter": {
                Expr filter = filterChain(namedFilter(new Expr.Hole()));
                endBlock();
                List<Node> body = statements(Set.of("endfilter"));
                endTag();
                endBlock();
                return new Node.FilterBlock(filter, body, line);
            }
            case "with":
                return withStatement(line);
            case "break":
            case "continue": {
                if (loopDepth == 0) {
                    throw TemplateException.syntax("Encountered unknown tag '" + name + "'.", line);
                }
                endBlock();
                return name.equals("break") ? new Node.Break(line) : new Node.Continue(line);
            }
            case "generation":
            case "block": {
                if (name.equals("block")) {
                    expectName();
                    skipName("scoped");
                    skipName("required");
                }
                endBlock();
                List<Node> body = statements(Set.of("end" + name));
                endTag();
                if (name.equals("block") && current().kind() == Kind.NAME) {
                    next();
                }
                endBlock();
                return new Node.Inline(body, line);
            }
            default:
                throw TemplateException.syntax("Encountered unknown tag '" + name + "'.", line);
        }
    }

    private Node ifStatement(int line) {
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        tests.add(tuple(false, false));
        endBlock();
        List<Node> otherwise = List.of();
        while (true) {
            bodies.add(statements(Set.of("elif", "else", "endif")));
            String tag = endTag();
            if (tag.equals("elif")) {
                tests.add(tuple(false, false));
                endBlock();
            } else if (tag.equals("else")) {
                endBlock();
                otherwise = statements(Set.of("endif"));
                endTag();
                endBlock();
                break;
            } else {
                endBlock();
                break;
            }
        }
        return new Node.If(tests, bodies, otherwise, line);
    }

    private Node forStatement(int line) {
        Node.Target target = assignTarget(false);
        if (!skipName("in")) {
            throw error("expected 'in', got " + current().describe());
        }
        Expr iterable = tuple(false, true);
        Expr condition = null;
        if (skipName("if")) {
            condition = expression(true);
        }
        boolean recursive = skipName("recursive");
        endBlock();
        loopDepth++;
        List<Node> body = statements(Set.of("endfor", "else"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (endTag().equals("else")) {
            endBlock();
            otherwise = statements(Set.of("endfor"));
            endTag();
        }
        endBlock();
        return new Node.For(target, iterable, condition, body, otherwise, recursive, line);
    }

    private Node.Target assignTarget(boolean allowNamespace) {
        if (allowNamespace && current().kind() == Kind.NAME && peek(1).isOp(".") && peek(2).kind() == Kind.NAME) {
            String ns = next().text();
            next();
            return new Node.Target(List.of(ns), false, next().text());
        }
        List<String> names = new ArrayList<>();
        boolean parenthesised = skipOp("(");
        names.add(expectName());
        boolean unpack = false;
        while (skipOp(",")) {
            unpack = true;
            if (current().kind() != Kind.NAME) {
                break;
            }
            names.add(expectName());
        }
        if (parenthesised) {
            expectOp(")");
        }
        for (String n : names) {
            if (n.equals("true") || n.equals("false") || n.equals("none") || n.equals("True") || n.equals("False")
                    || n.equals("None")) {
                throw error("Can't assign to " + n);
            }
        }
        return new Node.Target(names, unpack, null);
    }

    private Node setStatement(int line) {
        Node.Target target = assignTarget(true);
        if (skipOp("=")) {
            Expr value = tuple(true, false);
            endBlock();
            return new Node.Set(target, value, line);
        }
        Expr filter = current().isOp("|") ? filterChain(new Expr.Hole()) : null;
        endBlock();
        List<Node> body = statements(Set.of("endset"));
        endTag();
        endBlock();
        return new Node.SetBlock(target, filter, body, line);
    }

    private Node.MacroDef macroStatement(int line) {
        String name = expectName();
        Node.MacroDef def = macroSignature(name, line);
        endBlock();
        int savedLoops = loopDepth;
        loopDepth = 0;
        java.util.Set<String> references = new java.util.HashSet<>();
        macroReferences.push(references);
        List<Node> body = statements(Set.of("endmacro"));
        macroReferences.pop();
        loopDepth = savedLoops;
        endTag();
        if (current().kind() == Kind.NAME) {
            next();
        }
        endBlock();
        return new Node.MacroDef(def.name(), def.params(), def.defaults(), body, references, line);
    }

    private Node.MacroDef macroSignature(String name, int line) {
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        expectOp("(");
        while (!current().isOp(")")) {
            if (!params.isEmpty()) {
                expectOp(",");
                if (current().isOp(")")) {
                    break;
                }
            }
            params.add(expectName());
            if (skipOp("=")) {
                defaults.add(expression(true));
            } else {
                if (!defaults.isEmpty() && defaults.get(defaults.size() - 1) != null) {
                    throw error("non-default argument follows default argument");
                }
                defaults.add(null);
            }
        }
        expectOp(")");
        return new Node.MacroDef(name, params, defaults, List.of(), Set.of(), line);
    }

    private Node callStatement(int line) {
        Node.MacroDef signature = current().isOp("(") ? macroSignature("caller", line)
                : new Node.MacroDef("caller", List.of(), List.of(), List.of(), Set.of(), line);
        Expr call = expression(true);
        if (!(call instanceof Expr.Call c)) {
            throw error("expected call");
        }
        endBlock();
        java.util.Set<String> references = new java.util.HashSet<>();
        macroReferences.push(references);
        List<Node> body = statements(Set.of("endcall"));
        macroReferences.pop();
        endTag();
        endBlock();
        return new Node.CallBlock(c, new Node.MacroDef("caller", signature.params(), signature.defaults(), body, references,
                line), line);
    }

    private Node withStatement(int line) {
        List<Node.Target> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (current().kind() != Kind.BLOCK_END) {
            if (!targets.isEmpty()) {
                expectOp(",");
            }
            targets.add(assignTarget(false));
            expectOp("=");
            values.add(expression(true));
        }
        endBlock();
        List<Node> body = statements(Set.of("endwith"));
        endTag();
        endBlock();
        return new Node.With(targets, values, body, line);
    }

    // ---- expressions

    /** Comma-separated expressions: a tuple when there is a comma, else the single expression. */
    private Expr tuple(boolean withCondexpr, boolean forIterable) {
        List<Expr> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!skipOp(",")) {
                    break;
                }
                comma = true;
            }
            if (tupleEnds(forIterable)) {
                break;
            }
            items.add(expression(withCondexpr));
        }
        if (!comma) {
            if (items.isEmpty()) {
                throw error("Expected an expression, got " + current().describe());
            }
            return items.get(0);
        }
        return new Expr.TupleLit(items);
    }

    private boolean tupleEnds(boolean forIterable) {
        Token t = current();
        return t.kind() == Kind.VAR_END || t.kind() == Kind.BLOCK_END || t.isOp(")")
                || (forIterable && (t.isName("recursive") || t.isName("if")));
    }

    private Expr expression(boolean withCondexpr) {
        return withCondexpr ? condexpr() : or();
    }

    private Expr condexpr() {
        Expr expr = or();
        while (skipName("if")) {
            Expr test = or();
            Expr otherwise = skipName("else") ? condexpr() : null;
            expr = new Expr.Conditional(test, expr, otherwise);
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (skipName("or")) {
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (skipName("and")) {
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (skipName("not")) {
            return new Expr.Not(not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.kind() == Kind.OP && COMPARE_OPS.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && peek(1).isName("in")) {
                next();
                next();
                ops.add("notin");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
    }

    private Expr math1() {
        Expr left = concat();
        while (current().isOp("+") || current().isOp("-")) {
            String op = next().text();
            left = new Expr.Binary(op, left, concat());
        }
        return left;
    }

    private Expr concat() {
        Expr first = math2();
        if (!current().isOp("~")) {
            return first;
        }
        List<Expr> parts = new ArrayList<>();
        parts.add(first);
        while (skipOp("~")) {
            parts.add(math2());
        }
        return new Expr.Concat(parts);
    }

    private Expr math2() {
        Expr left = pow();
        while (current().isOp("*") || current().isOp("/") || current().isOp("//") || current().isOp("%")) {
            String op = next().text();
            left = new Expr.Binary(op, left, pow());
        }
        return left;
    }

    private Expr pow() {
        Expr left = unary(true);
        while (skipOp("**")) {
            left = new Expr.Binary("**", left, unary(true));
        }
        return left;
    }

    private Expr unary(boolean withFilter) {
        Expr node;
        if (skipOp("-")) {
            node = new Expr.Negate(unary(false));
        } else if (skipOp("+")) {
            node = unary(false);
        } else {
            node = primary();
        }
        node = postfix(node);
        return withFilter ? filterExpr(node) : node;
    }

    private Expr primary() {
        Token t = current();
        switch (t.kind()) {
            case NAME -> {
                next();
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE);
                    case "false", "False" -> new Expr.Const(Boolean.FALSE);
                    case "none", "None" -> new Expr.Const(null);
                    default -> {
                        if (t.text().equals("varargs") || t.text().equals("kwargs") || t.text().equals("caller")) {
                            macroReferences.forEach(refs -> refs.add(t.text()));
                        }
                        yield new Expr.Name(t.text());
                    }
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder((String) next().value());
                while (current().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return new Expr.Const(sb.toString());
            }
            case INT, FLOAT -> {
                next();
                return new Expr.Const(t.value());
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        next();
                        if (skipOp(")")) {
                            return new Expr.TupleLit(List.of());
                        }
                        Expr inner = tuple(true, false);
                        expectOp(")");
                        return inner;
                    }
                    case "[" -> {
                        next();
                        List<Expr> items = new ArrayList<>();
                        while (!current().isOp("]")) {
                            if (!items.isEmpty()) {
                                expectOp(",");
                                if (current().isOp("]")) {
                                    break;
                                }
                            }
                            items.add(expression(true));
                        }
                        expectOp("]");
                        return new Expr.ListLit(items);
                    }
                    case "{" -> {
                        next();
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!current().isOp("}")) {
                            if (!keys.isEmpty()) {
                                expectOp(",");
                                if (current().isOp("}")) {
                                    break;
                                }
                            }
                            keys.add(expression(true));
                            expectOp(":");
                            values.add(expression(true));
                        }
                        expectOp("}");
                        return new Expr.DictLit(keys, values);
                    }
                    default -> throw error("unexpected " + t.describe());
                }
            }
            default -> throw error("unexpected " + t.describe());
        }
    }

    private Expr postfix(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp(".")) {
                next();
                Token attr = next();
                if (attr.kind() == Kind.NAME) {
                    node = new Expr.GetAttr(node, attr.text());
                } else if (attr.kind() == Kind.INT) {
                    node = new Expr.GetItem(node, new Expr.Const(attr.value()));
                } else {
                    throw TemplateException.syntax("expected name or number", attr.line());
                }
            } else if (t.isOp("[")) {
                next();
                node = subscript(node);
            } else if (t.isOp("(")) {
                node = new Expr.Call(node, callArgs());
            } else {
                return node;
            }
        }
    }

    private Expr subscript(Expr node) {
        List<Expr[]> parts = new ArrayList<>();
        while (!current().isOp("]")) {
            if (!parts.isEmpty()) {
                expectOp(",");
                if (current().isOp("]")) {
                    break;
                }
            }
            parts.add(sliceOrExpr());
        }
        expectOp("]");
        if (parts.size() == 1 && parts.get(0).length == 1) {
            return new Expr.GetItem(node, parts.get(0)[0]);
        }
        if (parts.size() == 1) {
            Expr[] s = parts.get(0);
            return new Expr.Slice(node, s[0], s[1], s[2]);
        }
        List<Expr> items = new ArrayList<>();
        for (Expr[] p : parts) {
            if (p.length != 1) {
                throw error("slices inside tuples are not supported");
            }
            items.add(p[0]);
        }
        return new Expr.GetItem(node, new Expr.TupleLit(items));
    }

    /** One subscript element: {@code [expr]} or {@code [start, stop, step]} for a slice. */
    private Expr[] sliceOrExpr() {
        Expr start = null;
        if (!current().isOp(":")) {
            start = expression(true);
            if (!current().isOp(":")) {
                return new Expr[] {start};
            }
        }
        next();
        Expr stop = null;
        Expr step = null;
        if (!current().isOp("]") && !current().isOp(",") && !current().isOp(":")) {
            stop = expression(true);
        }
        if (skipOp(":")) {
            if (!current().isOp("]") && !current().isOp(",")) {
                step = expression(true);
            }
        }
        return new Expr[] {start, stop, step};
    }

    private Expr.Args callArgs() {
        expectOp("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean first = true;
        while (!current().isOp(")")) {
            if (!first) {
                expectOp(",");
                if (current().isOp(")")) {
                    break;
                }
            }
            first = false;
            if (current().kind() == Kind.NAME && peek(1).isOp("=")) {
                names.add(next().text());
                next();
                values.add(expression(true));
            } else {
                if (!names.isEmpty()) {
                    throw error("positional argument follows keyword argument");
                }
                positional.add(expression(true));
            }
        }
        expectOp(")");
        return new Expr.Args(positional, names, values);
    }

    private Expr filterExpr(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp("|")) {
                node = filterChain(node);
            } else if (t.isName("is")) {
                next();
                node = test(node);
            } else if (t.isOp("(")) {
                node = new Expr.Call(node, callArgs());
            } else {
                return node;
            }
        }
    }

    private Expr filterChain(Expr node) {
        while (skipOp("|")) {
            node = namedFilter(node);
        }
        return node;
    }

    private Expr namedFilter(Expr node) {
        String name = dottedName();
        Expr.Args args = current().isOp("(") ? callArgs() : Expr.Args.NONE;
        return new Expr.Filter(node, name, Filters.get(name), args);
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(expectName());
        while (current().isOp(".") && peek(1).kind() == Kind.NAME) {
            next();
            name.append('.').append(next().text());
        }
        return name.toString();
    }

    private Expr test(Expr node) {
        boolean negated = skipName("not");
        String name = dottedName();
        Expr.Args args = Expr.Args.NONE;
        Token t = current();
        if (t.isOp("(")) {
            args = callArgs();
        } else if ((t.kind() == Kind.NAME || t.kind() == Kind.STRING || t.kind() == Kind.INT || t.kind() == Kind.FLOAT
                || t.isOp("(") || t.isOp("[") || t.isOp("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) {
                throw error("You cannot chain multiple tests with is");
            }
            Expr arg = postfix(primary());
            args = new Expr.Args(List.of(arg), List.of(), List.of());
        }
        return new Expr.Test(node, name, Tests.get(name), args, negated);
    }
}
