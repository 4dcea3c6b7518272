package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/** Streams a {@link SectionFormat}: content as soon as it is settled, each tool call once it is complete. */
final class SectionStreamParser implements StreamParser {

    private final SectionFormat format;
    private final StringBuilder pending = new StringBuilder();
    private boolean afterSection;
    private int callIndex;
    private boolean finished;

    SectionStreamParser(SectionFormat format) {
        this.format = format;
    }

    @Override
    public List<Delta> accept(String textDelta) {
        if (finished) {
            throw new IllegalStateException("the stream has already finished");
        }
        pending.append(textDelta);
        return step(false);
    }

    @Override
    public List<Delta> finish() {
        if (finished) {
            return List.of();
        }
        finished = true;
        return step(true);
    }

    private List<Delta> step(boolean atEnd) {
        SectionFormat.Result result = format.scan(pending.toString(), afterSection, atEnd);
        List<Delta> deltas = new ArrayList<>();
        if (!result.content().isEmpty()) {
            deltas.add(new Delta.Content(result.content()));
        }
        for (RawCall call : result.calls()) {
            deltas.add(new Delta.ToolCallDelta(callIndex++, ToolCall.newId(), call.name(), call.argumentsJson()));
        }
        pending.delete(0, result.resumeAt());
        afterSection = result.afterSectionAtResume();
        return deltas;
    }
}
