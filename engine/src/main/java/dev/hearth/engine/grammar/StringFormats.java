package dev.hearth.engine.grammar;

import java.util.Map;

/** Grammars for the contents (between the quotes) of the supported JSON Schema string formats. */
final class StringFormats {
    private static final String TWO_DIGIT_HOUR = "([01] [0-9] | \"2\" [0-3])";
    private static final Map<String, String> RULES = Map.of(
            "format-date", "[12] [0-9]{3} \"-\" ((\"01\" | \"03\" | \"05\" | \"07\" | \"08\" | \"10\" | \"12\") \"-\" (\"0\" [1-9] | [12] [0-9] | \"3\" [01])"
                    + " | (\"04\" | \"06\" | \"09\" | \"11\") \"-\" (\"0\" [1-9] | [12] [0-9] | \"30\")"
                    + " | \"02\" \"-\" (\"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8]))",
            "format-time", TWO_DIGIT_HOUR + " \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9]{1,9})? (\"Z\" | [+-] (\"0\" [0-9] | \"1\" [0-7]) \":\" [0-5] [0-9])",
            "format-date-time", "format-date \"T\" format-time",
            "format-uuid", "[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}",
            "format-email", "[a-zA-Z0-9_+-]{1,20} (\".\" [a-zA-Z0-9_+-]{1,20}){0,2} \"@\" format-domain",
            "format-domain", "([a-zA-Z0-9] ([a-zA-Z0-9-]{0,20} [a-zA-Z0-9])? \".\"){1,3} (\"com\" | \"org\" | \"net\" | \"edu\" | \"gov\" | \"io\" | \"dev\" | \"app\" | \"ai\" | \"co\" | \"uk\" | \"de\" | \"fr\" | \"jp\")",
            "format-ipv4", "format-octet \".\" format-octet \".\" format-octet \".\" format-octet",
            "format-octet", "[0-9] | [1-9] [0-9] | \"1\" [0-9] [0-9] | \"2\" [0-4] [0-9] | \"25\" [0-5]");

    private StringFormats() {
    }

    /** The rule for {@code format}'s contents, added to {@code builder} with the rules it uses; null for an unsupported format. */
    static String rule(GbnfBuilder builder, String format) {
        String name = "format-" + format;
        if (!RULES.containsKey(name) || format.equals("domain") || format.equals("octet")) {
            return null;
        }
        add(builder, name);
        return name;
    }

    private static void add(GbnfBuilder builder, String name) {
        String body = RULES.get(name);
        builder.addRule(name, body);
        for (String used : RULES.keySet()) {
            if (!used.equals(name) && body.matches("(?s).*(^|[ (])" + used + "([ )]|$).*")) {
                add(builder, used);
            }
        }
    }
}
