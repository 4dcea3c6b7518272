package dev.hearth.engine.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Python str methods with code-point semantics. */
final class StrMethods {
    private StrMethods() {}

    static Object call(String s, String name, List<Object> args, Map<String, Object> kwargs) {
        switch (name) {
            case "strip":
                return strip(s, charsArg(args, kwargs), true, true);
            case "lstrip":
                return strip(s, charsArg(args, kwargs), true, false);
            case "rstrip":
                return strip(s, charsArg(args, kwargs), false, true);
            case "split":
            case "rsplit": {
                Object sep = args.size() > 0 ? args.get(0) : kwargs.get("sep");
                Object max = args.size() > 1 ? args.get(1) : kwargs.getOrDefault("maxsplit", -1L);
                List<Object> parts = name.equals("split") ? split(s, sep == null ? null : str(sep), (int) Py.toLong(max))
                        : rsplit(s, sep == null ? null : str(sep), (int) Py.toLong(max));
                return parts;
            }
            case "splitlines":
                return splitlines(s, Py.truthy(args.isEmpty() ? kwargs.get("keepends") : args.get(0)));
            case "startswith":
            case "endswith": {
                Methods.arity(name, args, 1, 3);
                String sub = substring(s, args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null);
                Object prefixes = args.get(0);
                List<Object> options = prefixes instanceof Tuple t ? t : List.of(prefixes);
                for (Object option : options) {
                    if (!(option instanceof String p)) {
                        throw TemplateException.type(name + " first arg must be str or a tuple of str, not "
                                + Py.typeName(option));
                    }
                    if (name.equals("startswith") ? sub.startsWith(p) : sub.endsWith(p)) {
                        return true;
                    }
                }
                return false;
            }
            case "replace": {
                Methods.arity("replace", args, 2, 3);
                long count = args.size() > 2 ? Py.toLong(args.get(2)) : Py.toLong(kwargs.getOrDefault("count", -1L));
                return replace(s, str(args.get(0)), str(args.get(1)), count);
            }
            case "upper":
                return Methods.upper(s);
            case "lower":
            case "casefold":
                return Methods.lower(s);
            case "title":
                return title(s);
            case "capitalize":
                return s.isEmpty() ? s : new String(Character.toChars(Character.toTitleCase(s.codePointAt(0))))
                        + Methods.lower(s.substring(Character.charCount(s.codePointAt(0))));
            case "swapcase": {
                StringBuilder sb = new StringBuilder();
                s.codePoints().forEach(c -> sb.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                        : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
                return sb.toString();
            }
            case "find":
            case "index":
            case "rfind":
            case "rindex": {
                Methods.arity(name, args, 1, 3);
                String needle = str(args.get(0));
                int startCp = args.size() > 1 && args.get(1) != null ? (int) normIndex(Py.toLong(args.get(1)), Py.len(s)) : 0;
                String hay = substring(s, args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null);
                int at = name.startsWith("r") ? hay.lastIndexOf(needle) : hay.indexOf(needle);
                if (at < 0) {
                    if (name.endsWith("index")) {
                        throw new TemplateException("ValueError", "substring not found");
                    }
                    return -1L;
                }
                return (long) (startCp + hay.codePointCount(0, at));
            }
            case "count": {
                Methods.arity("count", args, 1, 3);
                String needle = str(args.get(0));
                String hay = substring(s, args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null);
                if (needle.isEmpty()) {
                    return (long) Py.len(hay) + 1;
                }
                long n = 0;
                for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length())) {
                    n++;
                }
                return n;
            }
            case "format":
                return Formatter.format(s, args, kwargs);
            case "join": {
                Methods.arity("join", args, 1, 1);
                StringBuilder sb = new StringBuilder();
                int i = 0;
                for (Object item : Py.list(args.get(0))) {
                    if (!(item instanceof String str)) {
                        throw TemplateException.type("sequence item " + i + ": expected str instance, "
                                + Py.typeName(item) + " found");
                    }
                    if (i++ > 0) {
                        sb.append(s);
                    }
                    sb.append(str);
                }
                return sb.toString();
            }
            case "isdigit":
            case "isnumeric":
            case "isdecimal":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace":
                return !s.isEmpty() && s.codePoints().allMatch(StrMethods::isSpace);
            case "isupper":
                return s.codePoints().anyMatch(Character::isUpperCase) && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower":
                return s.codePoints().anyMatch(Character::isLowerCase) && s.codePoints().noneMatch(Character::isUpperCase);
            case "istitle":
                return !s.isEmpty() && title(s).equals(s) && s.codePoints().anyMatch(StrMethods::isCased);
            case "isidentifier":
                return !s.isEmpty() && Character.isUnicodeIdentifierStart(s.codePointAt(0)) || s.startsWith("_");
            case "zfill": {
                int width = (int) Py.toLong(args.get(0));
                int n = Py.len(s);
                if (n >= width) {
                    return s;
                }
                String pad = "0".repeat(width - n);
                return !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? s.charAt(0) + pad + s.substring(1)
                        : pad + s;
            }
            case "center":
            case "ljust":
            case "rjust": {
                int width = (int) Py.toLong(args.get(0));
                String fill = args.size() > 1 ? str(args.get(1)) : " ";
                int n = Py.len(s);
                if (n >= width) {
                    return s;
                }
                int total = width - n;
                int left = name.equals("ljust") ? 0 : name.equals("rjust") ? total : total / 2 + (total & width & 1);
                return fill.repeat(left) + s + fill.repeat(total - left);
            }
            case "partition":
            case "rpartition": {
                String sep = str(args.get(0));
                int at = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (at < 0) {
                    return name.equals("partition") ? Tuple.of(s, "", "") : Tuple.of("", "", s);
                }
                return Tuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
            }
            case "removeprefix": {
                String p = str(args.get(0));
                return s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "removesuffix": {
                String p = str(args.get(0));
                return s.endsWith(p) && !p.isEmpty() ? s.substring(0, s.length() - p.length()) : s;
            }
            case "expandtabs": {
                int tab = args.isEmpty() ? 8 : (int) Py.toLong(args.get(0));
                StringBuilder sb = new StringBuilder();
                int col = 0;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '\t') {
                        int spaces = tab > 0 ? tab - col % tab : 0;
                        sb.append(" ".repeat(spaces));
                        col += spaces;
                    } else {
                        sb.append(c);
                        col = c == '\n' || c == '\r' ? 0 : col + 1;
                    }
                }
                return sb.toString();
            }
            default:
                throw new TemplateException("UndefinedError", "'str object' has no attribute '" + name + "'");
        }
    }

    private static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Undefined u) {
            throw u.error();
        }
        throw TemplateException.type("must be str, not " + Py.typeName(o));
    }

    private static String charsArg(List<Object> args, Map<String, Object> kwargs) {
        Object chars = args.isEmpty() ? kwargs.get("chars") : args.get(0);
        return chars == null ? null : str(chars);
    }

    private static long normIndex(long i, int n) {
        return i < 0 ? Math.max(0, i + n) : Math.min(i, n);
    }

    private static String substring(String s, Object start, Object end) {
        if (start == null && end == null) {
            return s;
        }
        return (String) Py.slice(s, start, end, null);
    }

    static boolean isSpace(int c) {
        return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    private static boolean isCased(int c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int c = s.codePointAt(start);
                if (chars == null ? !isSpace(c) : chars.indexOf(Character.toString(c)) < 0) {
                    break;
                }
                start += Character.charCount(c);
            }
        }
        if (right) {
            while (end > start) {
                int c = s.codePointBefore(end);
                if (chars == null ? !isSpace(c) : chars.indexOf(Character.toString(c)) < 0) {
                    break;
                }
                end -= Character.charCount(c);
            }
        }
        return s.substring(start, end);
    }

    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(s.substring(i));
                    break;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("ValueError", "empty separator");
        }
        int i = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, i);
            if (at < 0) {
                break;
            }
            out.add(s.substring(i, at));
            i = at + sep.length();
        }
        out.add(s.substring(i));
        return out;
    }

    static List<Object> rsplit(String s, String sep, int maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, maxsplit);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && isSpace(s.charAt(j - 1))) {
                    j--;
                }
                if (j <= 0) {
                    break;
                }
                if (out.size() == maxsplit) {
                    out.add(s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !isSpace(s.charAt(i - 1))) {
                    i--;
                }
                out.add(s.substring(i, j));
                j = i;
            }
        } else {
            if (sep.isEmpty()) {
                throw new TemplateException("ValueError", "empty separator");
            }
            int j = s.length();
            while (out.size() < maxsplit) {
                int at = s.lastIndexOf(sep, j - sep.length());
                if (at < 0) {
                    break;
                }
                out.add(s.substring(at + sep.length(), j));
                j = at;
            }
            out.add(s.substring(0, j));
        }
        Collections.reverse(out);
        return out;
    }

    static List<Object> splitlines(String s, boolean keepends) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int start = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int eol = 0;
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                eol = 2;
            } else if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
                    || c == 0x85 || c == 0x2028 || c == 0x2029) {
                eol = 1;
            }
            if (eol > 0) {
                out.add(s.substring(start, keepends ? i + eol : i));
                i += eol;
                start = i;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            if (old.isEmpty()) {
                StringBuilder sb = new StringBuilder(replacement);
                s.codePoints().forEach(c -> sb.appendCodePoint(c).append(replacement));
                return sb.toString();
            }
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        long done = 0;
        if (old.isEmpty()) {
            List<Object> cps = Py.codePoints(s);
            for (Object cp : cps) {
                if (done < count) {
                    sb.append(replacement);
                    done++;
                }
                sb.append((String) cp);
            }
            if (done < count) {
                sb.append(replacement);
            }
            return sb.toString();
        }
        while (done < count) {
            int at = s.indexOf(old, i);
            if (at < 0) {
                break;
            }
            sb.append(s, i, at).append(replacement);
            i = at + old.length();
            done++;
        }
        return sb.append(s.substring(i)).toString();
    }

    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            sb.appendCodePoint(prevCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            prevCased = isCased(c);
        }
        return sb.toString();
    }
}
