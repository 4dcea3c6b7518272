package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersBytesPercentAndRate() {
        assertEquals("tiny.gguf [==============>               ] 1.0 MiB / 2.0 MiB  50% 512.0 KiB/s",
                ProgressBar.render("tiny.gguf", 1 << 20, 2 << 20, 1 << 20, 2_000_000_000L));
        assertEquals("a [                              ] 0 B / 10 B   0% -", ProgressBar.render("a", 0, 10, 0, 0));
        assertEquals("a [==============================] 10 B / 10 B 100% 5 B/s", ProgressBar.render("a", 10, 10, 10, 2_000_000_000L));
    }

    @Test
    void redrawsAtMostTenTimesASecondAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "f", 100, 40, now::get);
        bar.advance(10);
        now.addAndGet(50_000_000L);
        bar.advance(10);
        now.addAndGet(60_000_000L);
        bar.advance(10);
        bar.finish();

        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, drawn.split("\r", -1).length - 1, drawn);
        assertEquals("\rf [====================>         ] 70 B / 100 B  70% 272 B/s\n", drawn.substring(drawn.lastIndexOf('\r')));
    }

    @Test
    void aShorterLineBlanksWhatIsLeftOfTheLongerOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "f", 100, 0, now::get);
        now.set(100_000_000L);
        bar.advance(10);
        now.set(100_000_000_000L);
        bar.advance(1);

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertEquals("f [==>                           ] 10 B / 100 B  10% 100 B/s", lines[1]);
        assertEquals("f [==>                           ] 11 B / 100 B  11% 0 B/s  ", lines[2]);
    }

    @Test
    void hiddenBarsDrawNothing() {
        ProgressBar bar = ProgressBar.HIDDEN.start("f", 10, 0);
        bar.advance(10);
        bar.finish();
    }

    @Test
    void sizesUseBinaryUnits() {
        assertEquals("512 B", ProgressBar.bytes(512));
        assertEquals("1.5 KiB", ProgressBar.bytes(1536));
        assertEquals("2.0 GiB", ProgressBar.bytes(2L << 30));
    }
}
