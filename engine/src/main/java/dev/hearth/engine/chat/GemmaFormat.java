package dev.hearth.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Gemma 4: {@code <|tool_call>call:name{key:value,…}<tool_call|>}, values written like JSON except that strings are
 * quoted with {@code <|"|>} and object keys are bare.
 */
final class GemmaFormat extends ParameterSectionFormat {

    private static final String OPEN = "<|tool_call>call:";
    private static final String CLOSE = "<tool_call|>";
    private static final String QUOTE = "<|\"|>";

    GemmaFormat() {
        super("gemma4", List.of(Trigger.literal(OPEN)));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + OPEN.length();
        int brace = text.indexOf('{', pos);
        if (brace < 0) {
            String partial = text.substring(pos);
            return partial.isEmpty() || Scan.isName(partial) ? Section.INCOMPLETE : Section.MALFORMED;
        }
        String name = text.substring(pos, brace);
        if (!Scan.isName(name)) {
            return Section.MALFORMED;
        }
        ValueReader reader = new ValueReader(text, brace);
        JsonNode arguments;
        try {
            arguments = reader.value();
        } catch (Stop stop) {
            return stop.incomplete ? Section.INCOMPLETE : Section.MALFORMED;
        }
        int closed = Scan.expect(text, reader.pos, CLOSE);
        if (!arguments.isObject() || closed < 0) {
            return closed == Scan.INCOMPLETE ? Section.INCOMPLETE : Section.MALFORMED;
        }
        return new Section.Complete(List.of(new RawCall(name, arguments.toString())), closed);
    }

    /** Why reading a value stopped: the text ended ({@code incomplete}) or it is not a Gemma value. */
    private static final class Stop extends Exception {
        final boolean incomplete;

        Stop(boolean incomplete) {
            super(null, null, false, false);
            this.incomplete = incomplete;
        }
    }

    private static final class ValueReader {
        private final String text;
        private int pos;

        ValueReader(String text, int pos) {
            this.text = text;
            this.pos = pos;
        }

        JsonNode value() throws Stop {
            char c = next();
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            int quoted = Scan.expect(text, pos, QUOTE);
            if (quoted == Scan.INCOMPLETE) {
                throw new Stop(true);
            }
            if (quoted >= 0) {
                int end = text.indexOf(QUOTE, quoted);
                if (end < 0) {
                    throw new Stop(true);
                }
                pos = end + QUOTE.length();
                return Json.MAPPER.getNodeFactory().textNode(text.substring(quoted, end));
            }
            int end = pos;
            while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            if (end == text.length()) {
                throw new Stop(true);
            }
            JsonNode scalar = Json.read(text.substring(pos, end).strip());
            if (scalar == null || scalar.isContainerNode()) {
                throw new Stop(false);
            }
            pos = end;
            return scalar;
        }

        private ObjectNode object() throws Stop {
            ObjectNode object = Json.newObject();
            pos++;
            if (next() == '}') {
                pos++;
                return object;
            }
            while (true) {
                String key = key();
                object.set(key, value());
                char c = next();
                pos++;
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    throw new Stop(false);
                }
            }
        }

        private ArrayNode array() throws Stop {
            ArrayNode array = Json.MAPPER.createArrayNode();
            pos++;
            if (next() == ']') {
                pos++;
                return array;
            }
            while (true) {
                array.add(value());
                char c = next();
                pos++;
                if (c == ']') {
                    return array;
                }
                if (c != ',') {
                    throw new Stop(false);
                }
            }
        }

        /** A bare or {@code <|"|>}-quoted key, and the colon after it. */
        private String key() throws Stop {
            String key;
            next();
            int quoted = Scan.expect(text, pos, QUOTE);
            if (quoted == Scan.INCOMPLETE) {
                throw new Stop(true);
            }
            if (quoted >= 0) {
                int end = text.indexOf(QUOTE, quoted);
                if (end < 0) {
                    throw new Stop(true);
                }
                key = text.substring(quoted, end);
                pos = end + QUOTE.length();
            } else {
                int end = pos;
                while (end < text.length() && text.charAt(end) != ':') {
                    if ("{}[],".indexOf(text.charAt(end)) >= 0) {
                        throw new Stop(false);
                    }
                    end++;
                }
                key = text.substring(pos, end).strip();
                pos = end;
            }
            if (next() != ':') {
                throw new Stop(false);
            }
            pos++;
            return key;
        }

        /** The next character after any whitespace; the text ending first means the value is incomplete. */
        private char next() throws Stop {
            pos = Scan.skipWhitespace(text, pos);
            if (pos >= text.length()) {
                throw new Stop(true);
            }
            return text.charAt(pos);
        }
    }
}
