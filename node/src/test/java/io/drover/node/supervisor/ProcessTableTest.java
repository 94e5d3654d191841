package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table that getProcessInfo/getAllProcessInfo read without asking: it must answer exactly as the node does. */
class ProcessTableTest {

    private static final String PROGRAMS = "[program:x]\ncommand=sleep 30\nstartsecs=0\n\n"
            + "[program:a]\ncommand=sleep 30\nautostart=false\n\n"
            + "[program:b]\ncommand=sleep 30\nautostart=false\n\n"
            + "[group:g]\nprograms=b,a\n";

    /** What a client can see of a process, less the clock. */
    private static String seen(ProcessInfo p) {
        return p.group() + ":" + p.name() + " " + p.statename() + " pid=" + p.pid() + " start=" + p.start()
                + " " + p.description() + " out=" + p.stdoutLogfile();
    }

    private static <T> T value(Reply<T> r) {
        return ((Reply.Success<T>) r).value();
    }

    private static Fault fault(Reply<?> r) {
        return ((Reply.Failure<?>) r).fault();
    }

    @Test
    void answersAsTheNodeDoes() throws Exception {
        try (NodeHarness h = NodeHarness.start(PROGRAMS)) {
            h.awaitState("x", "RUNNING");
            long now = System.currentTimeMillis();
            List<ProcessInfo> asked = h.ok(NodeSupervisor.GetAllProcessInfo::new);
            List<ProcessInfo> read = value(h.table.allProcessInfo(now));
            assertEquals(asked.stream().map(ProcessTableTest::seen).toList(),
                    read.stream().map(ProcessTableTest::seen).toList());
            assertEquals(List.of("g:a", "g:b", "x:x"), read.stream().map(ProcessInfo::qualifiedName).toList());

            assertEquals(seen(h.info("x")), seen(value(h.table.processInfo("x", now))));
            assertEquals(seen(h.info("g:a")), seen(value(h.table.processInfo("g:a", now))));
            for (String bad : List.of("g", "g:*", "g:", "nope", "x:nope", "nope:x")) {
                assertEquals(h.<ProcessInfo>fault(r -> new NodeSupervisor.GetProcessInfo(bad, r)),
                        fault(h.table.processInfo(bad, now)), bad);
            }

            assertEquals(true, h.<Boolean>ok(r -> new NodeSupervisor.RemoveProcessGroup("g", r)));
            assertEquals(List.of("x:x"), value(h.table.allProcessInfo(now)).stream()
                    .map(ProcessInfo::qualifiedName).toList());
            assertEquals(Fault.BAD_NAME, fault(h.table.processInfo("g:a", now)).code());

            h.ok(NodeSupervisor.Shutdown::new);
            // the node answers before it starts stopping: the table follows within its turn
            Eventually.await(Duration.ofSeconds(5), "the table to refuse reads", () ->
                    !h.table.processInfo("x", now).isSuccess());
            assertEquals(Fault.SHUTDOWN_STATE, fault(h.table.processInfo("x", now)).code());
            assertEquals(Fault.SHUTDOWN_STATE, fault(h.table.allProcessInfo(now)).code());
        }
    }
}
