package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/** Streams {@link ReasoningFormat#split}: emits reasoning and content, holding back only what could still change. */
final class ReasoningStreamSplitter implements StreamParser {

    private enum State { START, REASONING, AFTER_CLOSE, CONTENT }

    private final ReasoningFormat format;
    private final boolean startsInside;
    private final StringBuilder pending = new StringBuilder();
    private State state;
    private boolean reasoningStarted;

    ReasoningStreamSplitter(ReasoningFormat format, boolean startsInside) {
        this.format = format;
        this.startsInside = startsInside;
        this.state = format.hasReasoning() ? State.START : State.CONTENT;
    }

    @Override
    public List<Delta> accept(String textDelta) {
        pending.append(textDelta);
        List<Delta> deltas = new ArrayList<>();
        step(deltas, false);
        return deltas;
    }

    @Override
    public List<Delta> finish() {
        List<Delta> deltas = new ArrayList<>();
        step(deltas, true);
        String rest = pending.toString();
        pending.setLength(0);
        switch (state) {
            case START -> {
                if (startsInside) {
                    reasoning(deltas, rest.strip());
                } else {
                    content(deltas, rest);
                }
            }
            case REASONING -> reasoning(deltas, reasoningStarted ? rest.stripTrailing() : rest.strip());
            case AFTER_CLOSE -> content(deltas, rest.stripLeading());
            case CONTENT -> content(deltas, rest);
        }
        return deltas;
    }

    private void step(List<Delta> deltas, boolean atEnd) {
        while (true) {
            String text = pending.toString();
            switch (state) {
                case START -> {
                    int lead = Scan.skipWhitespace(text, 0);
                    int opened = Scan.expect(text, lead, format.open());
                    if (opened == Scan.INCOMPLETE) {
                        return;
                    }
                    if (opened >= 0) {
                        pending.delete(0, opened);
                        state = State.REASONING;
                    } else {
                        state = startsInside ? State.REASONING : State.CONTENT;
                    }
                }
                case REASONING -> {
                    int closed = text.indexOf(format.close());
                    if (closed >= 0) {
                        reasoning(deltas, reasoningStarted ? text.substring(0, closed).stripTrailing()
                                : text.substring(0, closed).strip());
                        pending.delete(0, closed + format.close().length());
                        state = State.AFTER_CLOSE;
                        continue;
                    }
                    if (atEnd) {
                        return;
                    }
                    int hold = holdPoint(text, format.close());
                    int end = hold;
                    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                        end--;
                    }
                    int start = reasoningStarted ? 0 : Scan.skipWhitespace(text, 0);
                    if (start < end) {
                        reasoning(deltas, text.substring(start, end));
                        pending.delete(0, end);
                    } else if (!reasoningStarted) {
                        pending.delete(0, Math.min(start, end));
                    }
                    return;
                }
                case AFTER_CLOSE -> {
                    int start = Scan.skipWhitespace(text, 0);
                    pending.delete(0, start);
                    if (start < text.length()) {
                        state = State.CONTENT;
                        continue;
                    }
                    return;
                }
                case CONTENT -> {
                    if (!atEnd) {
                        content(deltas, text);
                        pending.setLength(0);
                    }
                    return;
                }
            }
        }
    }

    private void reasoning(List<Delta> deltas, String text) {
        if (!text.isEmpty()) {
            deltas.add(new Delta.Reasoning(text));
            reasoningStarted = true;
        }
    }

    private static void content(List<Delta> deltas, String text) {
        if (!text.isEmpty()) {
            deltas.add(new Delta.Content(text));
        }
    }

    /** Where a partial {@code marker} at the end of {@code text} begins, or the text's length. */
    private static int holdPoint(String text, String marker) {
        for (int pos = Math.max(0, text.length() - marker.length() + 1); pos < text.length(); pos++) {
            if (marker.startsWith(text.substring(pos))) {
                return pos;
            }
        }
        return text.length();
    }
}
