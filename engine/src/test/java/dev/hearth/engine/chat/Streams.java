package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Runs stream parsers over split text and checks that the deltas add up to the one-shot parse. */
final class Streams {
    private Streams() {}

    record Collected(String content, String reasoning, List<RawCall> calls) {}

    static Collected run(StreamParser parser, List<String> pieces) {
        List<Delta> deltas = new ArrayList<>();
        for (String piece : pieces) {
            deltas.addAll(parser.accept(piece));
        }
        deltas.addAll(parser.finish());
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<RawCall> calls = new ArrayList<>();
        List<StringBuilder> arguments = new ArrayList<>();
        for (Delta delta : deltas) {
            switch (delta) {
                case Delta.Content c -> content.append(c.text());
                case Delta.Reasoning r -> reasoning.append(r.text());
                case Delta.ToolCallDelta t -> {
                    if (t.index() == calls.size()) {
                        assertEquals(true, t.id().matches("call_[A-Za-z0-9]{24}"), "id " + t.id());
                        calls.add(new RawCall(t.name(), null));
                        arguments.add(new StringBuilder());
                    }
                    arguments.get(t.index()).append(t.argumentsFragment() == null ? "" : t.argumentsFragment());
                }
            }
        }
        List<RawCall> complete = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            complete.add(new RawCall(calls.get(i).name(), arguments.get(i).toString()));
        }
        return new Collected(content.toString(), reasoning.toString(), complete);
    }

    /** {@code text} cut at random places (code points kept whole), sometimes into single characters. */
    static List<String> randomSplit(String text, Random random) {
        List<String> pieces = new ArrayList<>();
        int pos = 0;
        int maxPiece = 1 + random.nextInt(12);
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + 1 + random.nextInt(maxPiece));
            if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            pieces.add(text.substring(pos, end));
            pos = end;
        }
        return pieces;
    }

    static List<RawCall> raw(List<ToolCall> calls) {
        return calls.stream().map(c -> new RawCall(c.name(), c.argumentsJson())).toList();
    }

    /** Checks the streaming property for {@code text} over many splittings. */
    static void assertStreamsLikeParse(ToolCallFormat format, String text, long seed) {
        ParsedOutput expected = format.parse(text);
        Random random = new Random(seed);
        List<List<String>> splittings = new ArrayList<>();
        splittings.add(List.of(text));
        splittings.add(text.codePoints().mapToObj(Character::toString).toList());
        for (int i = 0; i < 60; i++) {
            splittings.add(randomSplit(text, random));
        }
        for (List<String> pieces : splittings) {
            Collected got = run(format.newStreamParser(), pieces);
            assertEquals(expected.content(), got.content(), () -> format.family() + " content for " + pieces);
            assertEquals(raw(expected.toolCalls()), got.calls(), () -> format.family() + " calls for " + pieces);
        }
    }
}
