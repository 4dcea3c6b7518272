package dev.hearth.engine.template;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;

/** Python's datetime.strftime in the C locale, for a naive local date-time. */
final class Strftime {
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};

    private Strftime() {}

    static String format(LocalDateTime t, String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            boolean noPad = false;
            if (d == '-' && i + 1 < pattern.length()) {
                noPad = true;
                d = pattern.charAt(++i);
            }
            String piece = directive(t, d);
            if (piece == null) {
                out.append('%').append(noPad ? "-" : "").append(d);
                continue;
            }
            if (noPad && piece.length() > 1 && Character.isDigit(piece.charAt(piece.length() - 1))) {
                int start = 0;
                while (start < piece.length() - 1 && (piece.charAt(start) == '0' || piece.charAt(start) == ' ')) {
                    start++;
                }
                piece = piece.substring(start);
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String directive(LocalDateTime t, char d) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        String day = DAYS[t.getDayOfWeek().getValue() - 1];
        String month = MONTHS[t.getMonthValue() - 1];
        return switch (d) {
            case 'a' -> day.substring(0, 3);
            case 'A' -> day;
            case 'b', 'h' -> month.substring(0, 3);
            case 'B' -> month;
            case 'd' -> two(t.getDayOfMonth());
            case 'e' -> (t.getDayOfMonth() < 10 ? " " : "") + t.getDayOfMonth();
            case 'm' -> two(t.getMonthValue());
            case 'y' -> two(t.getYear() % 100);
            case 'Y' -> Integer.toString(t.getYear());
            case 'C' -> two(t.getYear() / 100);
            case 'H' -> two(t.getHour());
            case 'k' -> (t.getHour() < 10 ? " " : "") + t.getHour();
            case 'I' -> two(hour12);
            case 'l' -> (hour12 < 10 ? " " : "") + hour12;
            case 'M' -> two(t.getMinute());
            case 'S' -> two(t.getSecond());
            case 'f' -> String.format("%06d", t.getNano() / 1000);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'P' -> t.getHour() < 12 ? "am" : "pm";
            case 'j' -> String.format("%03d", t.getDayOfYear());
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> two((t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7);
            case 'W' -> two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7);
            case 'V' -> two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'D' -> two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(t.getYear() % 100);
            case 'F' -> t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth());
            case 'T', 'X' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
            case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
            case 'r' -> two(hour12) + ":" + two(t.getMinute()) + ":" + two(t.getSecond()) + " " + (t.getHour() < 12 ? "AM" : "PM");
            case 'x' -> two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(t.getYear() % 100);
            case 'c' -> day.substring(0, 3) + " " + month.substring(0, 3) + " " + (t.getDayOfMonth() < 10 ? " " : "")
                    + t.getDayOfMonth() + " " + two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond()) + " "
                    + t.getYear();
            case 's' -> Long.toString(t.toEpochSecond(java.time.ZoneOffset.UTC));
            case 'z', 'Z' -> "";
            case 'n' -> "\n";
            case 't' -> "\t";
            case '%' -> "%";
            default -> null;
        };
    }
}
