package dev.hearth.engine.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Python's str.format and printf-style {@code %} formatting, for the subset templates use. */
final class Formatter {
    private Formatter() {}

    static String format(String template, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new TemplateException("ValueError", "Single '{' encountered in format string");
                }
                String field = template.substring(i + 1, close);
                String spec = "";
                String conversion = null;
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conversion = field.substring(bang + 1);
                    field = field.substring(0, bang);
                }
                String head = field.substring(0, nextPart(field, 0));
                Object value;
                if (head.isEmpty()) {
                    value = arg(args, auto++);
                } else if (head.chars().allMatch(Character::isDigit)) {
                    value = arg(args, Integer.parseInt(head));
                } else if (kwargs.containsKey(head)) {
                    value = kwargs.get(head);
                } else {
                    throw new TemplateException("KeyError", "'" + head + "'");
                }
                String rest = field.substring(head.length());
                while (!rest.isEmpty()) {
                    if (rest.startsWith(".")) {
                        int end = nextPart(rest, 1);
                        value = Py.getattr(value, rest.substring(1, end));
                        rest = rest.substring(end);
                    } else {
                        int end = rest.indexOf(']');
                        String key = rest.substring(1, end);
                        value = Py.getitem(value, key.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(key) : key);
                        rest = rest.substring(end + 1);
                    }
                }
                if ("r".equals(conversion)) {
                    value = Py.repr(value);
                } else if ("s".equals(conversion)) {
                    value = Py.str(value);
                }
                out.append(applySpec(value, spec));
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    i += 2;
                    out.append('}');
                    continue;
                }
                throw new TemplateException("ValueError", "Single '}' encountered in format string");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int nextPart(String s, int from) {
        int end = from;
        while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
            end++;
        }
        return end;
    }

    private static Object arg(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new TemplateException("IndexError", "Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }

    /** The format-spec mini-language: [[fill]align][sign][0][width][,][.precision][type]. */
    static String applySpec(Object value, String spec) {
        if (spec.isEmpty()) {
            return Py.str(value);
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        if (spec.length() >= 2 && "<>^=".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>^=".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            if (align == 0) {
                fill = '0';
                align = '=';
            }
            i++;
        }
        int width = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            width = width * 10 + spec.charAt(i++) - '0';
        }
        boolean grouping = i < spec.length() && spec.charAt(i) == ',';
        if (grouping) {
            i++;
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            i++;
            precision = 0;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                precision = precision * 10 + spec.charAt(i++) - '0';
            }
        }
        char type = i < spec.length() ? spec.charAt(i) : 0;
        String body;
        boolean numeric = Py.isNumeric(value) && !(value instanceof Boolean && type == 0);
        if (numeric) {
            boolean negative = Py.toDouble(value) < 0;
            if (type == 'f' || type == 'F' || type == '%' || (type == 0 && Py.isFloat(value) && precision >= 0)) {
                double d = Math.abs(Py.toDouble(value)) * (type == '%' ? 100 : 1);
                body = new BigDecimal(d).setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN).toPlainString();
                if (type == '%') {
                    body += "%";
                }
            } else if (type == 'x' || type == 'X' || type == 'o' || type == 'b') {
                int radix = type == 'o' ? 8 : type == 'b' ? 2 : 16;
                body = Py.toBig(value).abs().toString(radix);
                if (type == 'X') {
                    body = body.toUpperCase();
                }
            } else if (Py.isFloat(value)) {
                body = Py.floatRepr(Math.abs(Py.toDouble(value)));
            } else {
                body = Py.toBig(value).abs().toString();
            }
            if (grouping) {
                int dot = body.indexOf('.');
                String intPart = dot < 0 ? body : body.substring(0, dot);
                StringBuilder g = new StringBuilder(intPart);
                for (int k = intPart.length() - 3; k > 0; k -= 3) {
                    g.insert(k, ',');
                }
                body = g + (dot < 0 ? "" : body.substring(dot));
            }
            String signText = negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
            if (align == '=') {
                int pad = Math.max(0, width - signText.length() - body.length());
                return signText + String.valueOf(fill).repeat(pad) + body;
            }
            body = signText + body;
            if (align == 0) {
                align = '>';
            }
        } else {
            body = Py.str(value);
            if (precision >= 0 && Py.len(body) > precision) {
                body = (String) Py.slice(body, 0L, (long) precision, null);
            }
            if (align == 0) {
                align = '<';
            }
        }
        int pad = Math.max(0, width - Py.len(body));
        String f = String.valueOf(fill);
        return switch (align) {
            case '<' -> body + f.repeat(pad);
            case '^' -> f.repeat(pad / 2) + body + f.repeat(pad - pad / 2);
            default -> f.repeat(pad) + body;
        };
    }

    /** {@code "..." % args}: %s, %r, %d, %i, %f with flags and width. */
    static String percent(String template, Object args) {
        List<Object> values = args instanceof Tuple t ? t : List.of(args == null ? "None" : args);
        if (args == null) {
            values = java.util.Collections.singletonList(null);
        }
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            StringBuilder spec = new StringBuilder();
            while (j < template.length() && "-+ 0#.0123456789".indexOf(template.charAt(j)) >= 0) {
                spec.append(template.charAt(j++));
            }
            if (j >= template.length()) {
                throw new TemplateException("ValueError", "incomplete format");
            }
            char type = template.charAt(j);
            i = j;
            if (type == '%') {
                out.append('%');
                continue;
            }
            if (next >= values.size()) {
                throw TemplateException.type("not enough arguments for format string");
            }
            Object v = values.get(next++);
            String flags = spec.toString();
            String pySpec = flags.startsWith("-") ? "<" + flags.substring(1) : flags.startsWith("0") ? flags : (flags.isEmpty() ? "" : ">" + flags);
            switch (type) {
                case 's' -> out.append(applySpec(Py.str(v), pySpec.replace("0", "").isEmpty() ? "" : pySpec));
                case 'r' -> out.append(applySpec(Py.repr(v), pySpec));
                case 'd', 'i' -> out.append(applySpec(Py.isFloat(v) ? (Object) (long) Py.toDouble(v) : v, pySpec + "d"));
                case 'f', 'F' -> out.append(applySpec(Py.toDouble(v), (pySpec.contains(".") ? pySpec : pySpec + ".6") + "f"));
                default -> throw new TemplateException("ValueError", "unsupported format character '" + type + "'");
            }
        }
        if (next < values.size()) {
            throw TemplateException.type("not all arguments converted during string formatting");
        }
        return out.toString();
    }
}
