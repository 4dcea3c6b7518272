package dev.hearth.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool-call format whose calls sit in sections that begin at a trigger. Content around a section has the
 * whitespace next to the section trimmed; a section that does not read as valid calls stays content.
 */
abstract class SectionFormat implements ToolCallFormat {

    /** How far back from the end of the text a trigger could have begun without being recognisable yet. */
    private static final int MAX_HOLD = 64;

    private final String family;
    private final List<Trigger> triggers;

    SectionFormat(String family, List<Trigger> triggers) {
        this.family = family;
        this.triggers = List.copyOf(triggers);
    }

    /**
     * Reads the section whose trigger {@code trigger} was found at {@code start}. Complete and Malformed must hold
     * whatever text might still follow (streaming relies on it); when more text could change the answer, Incomplete.
     */
    abstract Section readSection(String text, int start, Trigger trigger);

    @Override
    public String family() {
        return family;
    }

    @Override
    public boolean supportsTools() {
        return true;
    }

    @Override
    public boolean supportsForcedCalls() {
        return true;
    }

    @Override
    public ParsedOutput parse(String text) {
        Result result = scan(text, false, true);
        return new ParsedOutput(result.content(), result.calls().stream().map(ToolCall::of).toList());
    }

    @Override
    public StreamParser newStreamParser() {
        return new SectionStreamParser(this);
    }

    /** What a scan could decide: content and calls, and where (in which state) the undecided rest starts. */
    record Result(String content, List<RawCall> calls, int resumeAt, boolean afterSectionAtResume) {}

    private record Hit(int position, Trigger trigger) {}

    /**
     * Splits {@code text} into content and calls. With {@code atEnd} false the text may continue, so only what
     * cannot change is returned and the rest is reported by {@code resumeAt}.
     */
    Result scan(String text, boolean afterSection, boolean atEnd) {
        StringBuilder content = new StringBuilder();
        List<RawCall> calls = new ArrayList<>();
        int segmentStart = 0;
        int searchFrom = 0;
        boolean segmentAfterSection = afterSection;
        while (true) {
            Hit hit = earliest(text, searchFrom);
            Section section = hit == null ? null : readSection(text, hit.position(), hit.trigger());
            if (section instanceof Section.Incomplete && atEnd) {
                section = Section.MALFORMED;
            }
            if (section instanceof Section.Malformed) {
                searchFrom = hit.position() + 1;
            } else if (section instanceof Section.Complete complete) {
                content.append(segment(text, segmentStart, hit.position(), segmentAfterSection, true));
                calls.addAll(complete.calls());
                segmentStart = complete.end();
                searchFrom = complete.end();
                segmentAfterSection = true;
            } else if (atEnd) {
                content.append(segment(text, segmentStart, text.length(), segmentAfterSection, false));
                return new Result(content.toString(), calls, text.length(), false);
            } else {
                // Content is settled up to a possible trigger, less the whitespace a following section would trim.
                int end = hit == null ? holdPoint(text, Math.max(searchFrom, segmentStart)) : hit.position();
                while (end > segmentStart && Character.isWhitespace(text.charAt(end - 1))) {
                    end--;
                }
                int start = segmentStart;
                while (segmentAfterSection && start < end && Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
                if (start >= end) {
                    return new Result(content.toString(), calls, segmentStart, segmentAfterSection);
                }
                content.append(text, start, end);
                return new Result(content.toString(), calls, end, false);
            }
        }
    }

    private static String segment(String text, int start, int end, boolean stripLeading, boolean stripTrailing) {
        String piece = text.substring(start, end);
        if (stripLeading) {
            piece = piece.stripLeading();
        }
        return stripTrailing ? piece.stripTrailing() : piece;
    }

    private Hit earliest(String text, int from) {
        Hit best = null;
        for (Trigger trigger : triggers) {
            int at = trigger.find(text, from);
            if (at >= 0 && (best == null || at < best.position())) {
                best = new Hit(at, trigger);
            }
        }
        return best;
    }

    private int holdPoint(String text, int from) {
        for (int pos = Math.max(from, text.length() - MAX_HOLD); pos < text.length(); pos++) {
            for (Trigger trigger : triggers) {
                if (trigger.couldStartAt(text, pos)) {
                    return pos;
                }
            }
        }
        return text.length();
    }

    /** Adds the calls of one JSON call object or array of them; false when any is not a call. */
    static boolean addJsonCalls(JsonNode node, List<String> nameKeys, List<String> argumentKeys, List<RawCall> out) {
        if (node == null) {
            return false;
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return false;
            }
            for (JsonNode element : node) {
                if (element.isArray() || !addJsonCalls(element, nameKeys, argumentKeys, out)) {
                    return false;
                }
            }
            return true;
        }
        if (!node.isObject()) {
            return false;
        }
        // OpenAI-shaped entries nest the call under "function".
        JsonNode holder = node.has("function") && node.get("function").isObject() ? node.get("function") : node;
        String name = null;
        for (String key : nameKeys) {
            if (holder.has(key) && holder.get(key).isTextual()) {
                name = holder.get(key).asText();
                break;
            }
        }
        String arguments = null;
        for (String key : argumentKeys) {
            if (holder.has(key)) {
                arguments = Json.argumentsObject(holder.get(key));
                break;
            }
        }
        if (name == null || !Scan.isName(name) || arguments == null) {
            return false;
        }
        out.add(new RawCall(name, arguments));
        return true;
    }
}
