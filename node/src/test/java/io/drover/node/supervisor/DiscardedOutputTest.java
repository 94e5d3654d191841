package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Output nothing reads (logfile NONE, no capture, no events, loglevel info) goes to one pipe the node shares between
 * children: each child still has pipes on 1 and 2 and can write all it likes, but the daemon holds no fd per child for
 * them.
 */
class DiscardedOutputTest {

    private static final String PROGRAM = "command=sh -c 'if [ -p /dev/stdout ] && [ -p /dev/stderr ]; then "
            + "echo pipes > %(here)s/%(program_name)s.mark; fi; head -c 3000000 /dev/zero; "
            + "head -c 3000000 /dev/zero >&2; echo written >> %(here)s/%(program_name)s.mark; exec sleep 30'\n"
            + "stdout_logfile=NONE\nstderr_logfile=NONE\nstartsecs=0\nautorestart=false\n";

    @Test
    void unreadOutputGoesToOneSharedPipeThatIsDrained() throws Exception {
        try (NodeHarness h = NodeHarness.startAtInfo("[program:a]\n" + PROGRAM + "[program:b]\n" + PROGRAM)) {
            for (String name : new String[] {"a", "b"}) {
                Path mark = h.dir.resolve(name + ".mark");
                Eventually.await(Duration.ofSeconds(20), name + " wrote 6 MB",
                        () -> read(mark).equals("pipes\nwritten\n"));
            }
            String pipeA = link("/proc/" + h.info("a").pid() + "/fd/1");
            String pipeB = link("/proc/" + h.info("b").pid() + "/fd/2");
            assertTrue(pipeA.startsWith("pipe:["), pipeA);
            assertEquals(pipeA, pipeB, "one pipe for every discarded stream");
            assertEquals(pipeA, link("/proc/" + h.info("a").pid() + "/fd/2"));
            // The daemon (this JVM) holds the shared pipe's read end and one write end, nothing per child.
            long held;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                held = fds.filter(fd -> link(fd.toString()).equals(pipeA)).count();
            }
            assertEquals(2, held);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String link(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
