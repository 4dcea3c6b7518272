package dev.hearth.engine.template;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a template into tokens the way jinja2's lexer does with trim_blocks=True, lstrip_blocks=True and
 * keep_trailing_newline=False: {@code -} strips all adjacent whitespace, {@code +} disables lstrip, a block or
 * comment tag eats one newline after it, and brackets inside a tag are balanced before an end delimiter counts.
 */
final class Lexer {
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        this.src = s;
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        int n = src.length();
        while (pos < n) {
            int tag = nextTagStart(pos);
            if (tag < 0) {
                data(src.substring(pos), line);
                advanceTo(n);
                break;
            }
            String text = src.substring(pos, tag);
            int textLine = line;
            char kind = src.charAt(tag + 1);
            int j = tag + 2;
            char sign = j < n && (src.charAt(j) == '-' || src.charAt(j) == '+') ? src.charAt(j) : 0;
            if (sign == '-') {
                text = StrMethods.strip(text, null, false, true);
            } else if (sign != '+' && kind != '{') {
                int lineStart = text.lastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                        && text.substring(lineStart).codePoints().allMatch(StrMethods::isSpace)) {
                    text = text.substring(0, lineStart);
                }
            }
            data(text, textLine);
            advanceTo(tag);
            if (sign != 0) {
                j++;
            }
            if (kind == '#') {
                comment(j);
            } else if (kind == '%' && rawBlock(j)) {
                continue;
            } else {
                tag(kind, j);
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", null, line));
    }

    private int nextTagStart(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private void data(String text, int atLine) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Token.Kind.DATA, text, text, atLine));
        }
    }

    private void advanceTo(int to) {
        for (int i = pos; i < to; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        pos = to;
    }

    private void comment(int bodyStart) {
        int end = src.indexOf("#}", bodyStart);
        if (end < 0) {
            throw TemplateException.syntax("Missing end of comment tag", line);
        }
        int after = end + 2;
        if (end > bodyStart && src.charAt(end - 1) == '-') {
            after = skipWhitespace(after);
        } else if (!(end > bodyStart && src.charAt(end - 1) == '+') && after < src.length() && src.charAt(after) == '\n') {
            after++;
        }
        finishTag(after);
    }

    private void finishTag(int after) {
        lineStarting = after > 0 && src.charAt(after - 1) == '\n';
        advanceTo(after);
    }

    private int skipWhitespace(int i) {
        while (i < src.length() && StrMethods.isSpace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code {% raw %}...{% endraw %}}: the body is template data. */
    private boolean rawBlock(int j) {
        int i = skipWhitespace(j);
        if (!src.startsWith("raw", i)) {
            return false;
        }
        i = skipWhitespace(i + 3);
        boolean stripAfter = i < src.length() && src.charAt(i) == '-';
        if (i < src.length() && (src.charAt(i) == '-' || src.charAt(i) == '+')) {
            i++;
        }
        if (!src.startsWith("%}", i)) {
            return false;
        }
        int bodyStart = i + 2;
        if (stripAfter) {
            bodyStart = skipWhitespace(bodyStart);
        }
        boolean bodyLineStarting = bodyStart > 0 && src.charAt(bodyStart - 1) == '\n';
        int search = bodyStart;
        while (true) {
            int open = src.indexOf("{%", search);
            if (open < 0) {
                throw TemplateException.syntax("Missing end of raw directive", line);
            }
            int k = open + 2;
            boolean stripBefore = k < src.length() && src.charAt(k) == '-';
            boolean keepBefore = k < src.length() && src.charAt(k) == '+';
            if (stripBefore || keepBefore) {
                k++;
            }
            k = skipWhitespace(k);
            if (src.startsWith("endraw", k)) {
                k = skipWhitespace(k + 6);
                boolean stripEnd = k < src.length() && src.charAt(k) == '-';
                if (k < src.length() && (src.charAt(k) == '-' || src.charAt(k) == '+')) {
                    k++;
                }
                if (src.startsWith("%}", k)) {
                    String body = src.substring(bodyStart, open);
                    if (stripBefore) {
                        body = StrMethods.strip(body, null, false, true);
                    } else if (!keepBefore) {
                        int lineStart = body.lastIndexOf('\n') + 1;
                        if ((lineStart > 0 || bodyLineStarting) && lineStart < body.length()
                                && body.substring(lineStart).codePoints().allMatch(StrMethods::isSpace)) {
                            body = body.substring(0, lineStart);
                        }
                    }
                    data(body, line);
                    int after = k + 2;
                    if (stripEnd) {
                        after = skipWhitespace(after);
                    } else if (after < src.length() && src.charAt(after) == '\n') {
                        after++;
                    }
                    finishTag(after);
                    return true;
                }
            }
            search = open + 2;
        }
    }

    private void tag(char kind, int start) {
        boolean block = kind == '%';
        tokens.add(new Token(block ? Token.Kind.BLOCK_BEGIN : Token.Kind.VAR_BEGIN, block ? "{%" : "{{", null, line));
        advanceTo(start);
        Deque<Character> balance = new ArrayDeque<>();
        int n = src.length();
        int i = start;
        while (true) {
            if (i >= n) {
                throw TemplateException.syntax("unexpected end of template, expected '" + (block ? "%}" : "}}") + "'", line);
            }
            char c = src.charAt(i);
            if (balance.isEmpty()) {
                int end = tagEnd(block, i);
                if (end >= 0) {
                    advanceTo(i);
                    tokens.add(new Token(block ? Token.Kind.BLOCK_END : Token.Kind.VAR_END, block ? "%}" : "}}", null, line));
                    finishTag(end);
                    return;
                }
            }
            if (StrMethods.isSpace(c)) {
                i++;
                continue;
            }
            advanceTo(i);
            int tokenLine = line;
            if (c == '\'' || c == '"') {
                int close = i + 1;
                while (close < n && src.charAt(close) != c) {
                    close += src.charAt(close) == '\\' ? 2 : 1;
                }
                if (close >= n) {
                    throw TemplateException.syntax("unexpected char " + Py.repr(String.valueOf(c)) + " at " + i, line);
                }
                String raw = src.substring(i, close + 1);
                String value;
                try {
                    value = unescape(raw.substring(1, raw.length() - 1));
                } catch (TemplateException bad) {
                    throw TemplateException.syntax(bad.detail(), tokenLine);
                }
                tokens.add(new Token(Token.Kind.STRING, raw, value, tokenLine));
                i = close + 1;
            } else if (Character.isDigit(c)) {
                i = number(i, tokenLine);
            } else if (Character.isLetter(c) || c == '_') {
                int e = i + 1;
                while (e < n && (Character.isLetterOrDigit(src.charAt(e)) || src.charAt(e) == '_')) {
                    e++;
                }
                String name = src.substring(i, e);
                tokens.add(new Token(Token.Kind.NAME, name, name, tokenLine));
                i = e;
            } else {
                String op = operator(i);
                if (op == null) {
                    throw TemplateException.syntax("unexpected char " + Py.repr(String.valueOf(c)) + " at " + i, line);
                }
                switch (op) {
                    case "(", "[", "{" -> balance.push(op.charAt(0));
                    case ")", "]", "}" -> {
                        char expected = op.equals(")") ? '(' : op.equals("]") ? '[' : '{';
                        if (balance.isEmpty() || balance.pop() != expected) {
                            throw TemplateException.syntax("unexpected '" + op + "'", line);
                        }
                    }
                    default -> { }
                }
                tokens.add(new Token(Token.Kind.OP, op, op, tokenLine));
                i += op.length();
            }
        }
    }

    /** Index just after the end delimiter starting at {@code i} (with its whitespace handling), or -1. */
    private int tagEnd(boolean block, int i) {
        String close = block ? "%}" : "}}";
        if (src.startsWith("-" + close, i)) {
            return skipWhitespace(i + 3);
        }
        if (block && src.startsWith("+" + close, i)) {
            return i + 3;
        }
        if (src.startsWith(close, i)) {
            int after = i + 2;
            if (block && after < src.length() && src.charAt(after) == '\n') {
                after++;
            }
            return after;
        }
        return -1;
    }

    private static final String[] OPERATORS = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[",
            "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};

    private String operator(int i) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private int number(int i, int tokenLine) {
        int n = src.length();
        int e = i;
        while (e < n && (Character.isDigit(src.charAt(e)) || src.charAt(e) == '_')) {
            e++;
        }
        boolean isFloat = false;
        boolean afterDot = i > 0 && src.charAt(i - 1) == '.';
        if (!afterDot && e + 1 < n && src.charAt(e) == '.' && Character.isDigit(src.charAt(e + 1))) {
            isFloat = true;
            e++;
            while (e < n && (Character.isDigit(src.charAt(e)) || src.charAt(e) == '_')) {
                e++;
            }
        }
        if (!afterDot && e < n && (src.charAt(e) == 'e' || src.charAt(e) == 'E')) {
            int k = e + 1;
            if (k < n && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(src.charAt(k))) {
                isFloat = true;
                e = k;
                while (e < n && Character.isDigit(src.charAt(e))) {
                    e++;
                }
            }
        }
        String text = src.substring(i, e);
        String clean = text.replace("_", "");
        if (isFloat) {
            tokens.add(new Token(Token.Kind.FLOAT, text, Double.parseDouble(clean), tokenLine));
        } else {
            tokens.add(new Token(Token.Kind.INT, text, Py.normInt(new BigInteger(clean)), tokenLine));
        }
        return e;
    }

    /** Python's unicode-escape decoding of a string literal body. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\n' -> { }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    String hex = i + 1 + len <= s.length() ? s.substring(i + 1, i + 1 + len) : "";
                    if (hex.length() != len || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw TemplateException.syntax("truncated \\" + e + " escape in string literal", 0);
                    }
                    int cp = Integer.parseInt(hex, 16);
                    if (cp > Character.MAX_CODE_POINT) {
                        throw TemplateException.syntax("illegal Unicode character in string literal", 0);
                    }
                    sb.appendCodePoint(cp);
                    i += len;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                            end++;
                        }
                        sb.appendCodePoint(Integer.parseInt(s.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
        }
        return sb.toString();
    }
}
