package dev.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.bench.ThreadCpu.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void aStatLine_givesTheNameAndUserPlusSystemTicks() {
        ThreadCpu cpu = ThreadCpu.parse("1234 (C2 CompilerThre) S 1 1234 1234 0 -1 4194368 1409 0 0 0 24 1 0 0 20 0 21 0 87999 2913 12\n");

        assertThat(cpu).isEqualTo(new ThreadCpu("C2 CompilerThre", 25));
    }

    @Test
    void aNameHoldingAParenthesis_isReadUpToTheLastOne() {
        ThreadCpu cpu = ThreadCpu.parse("99 (a) b) R 1 99 99 0 -1 4194368 5 0 0 0 300 70 0 0 20 0 1 0 88000 100 7");

        assertThat(cpu).isEqualTo(new ThreadCpu("a) b", 370));
    }

    @Test
    void aLineTooShortForItsTimes_isRefused() {
        assertThatThrownBy(() -> ThreadCpu.parse("99 (a) R 1 99")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadCpu.parse("not a stat line")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threadNames_tellTheirKind_theVmThreadStaysWithTheApplication() {
        assertThat(Stream.of("C1 CompilerThre", "C2 CompilerThre", "C2 CompilerThread0", "Sweeper thread").map(Kind::of))
                .containsOnly(Kind.JIT);
        assertThat(Stream.of("GC Thread#0", "G1 Main Marker", "G1 Conc#0", "G1 Refine#1", "Parallel GC Thr", "ParGC Thread#0").map(Kind::of))
                .containsOnly(Kind.GC);
        assertThat(Stream.of("VM Thread", "java", "reactor-http-ep", "VM Periodic Tas", "a) b").map(Kind::of))
                .containsOnly(Kind.APP);
        assertThat(new ThreadCpu("GC Thread#1", 3).kind()).isEqualTo(Kind.GC);
    }
}
