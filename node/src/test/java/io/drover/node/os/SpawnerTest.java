package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SpawnerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final LiveOs os = new LiveOs();

    @TempDir
    Path tmp;

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    static SpawnRequest request(String command) {
        return new SpawnRequest(command, env(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty());
    }

    private Child spawn(SpawnRequest request, Recorder recorder) throws SpawnException {
        Child child = os.spawn(request, recorder);
        return child;
    }

    @Test
    void echoOutputAndExitCode() throws Exception {
        Recorder r = new Recorder();
        spawn(request("/bin/sh -c 'echo hello; echo oops >&2; exit 3'"), r);
        ExitStatus status = r.awaitExit(WAIT);
        assertEquals(ExitStatus.exited(3), status);
        assertEquals(3, status.supervisorExitStatus());
        assertEquals("hello\n", r.out());
        assertEquals("oops\n", r.err());
        assertEquals("drover-reactor", r.outputThread);
    }

    @Test
    void redirectStderrMergesIntoStdout() throws Exception {
        Recorder r = new Recorder();
        spawn(new SpawnRequest("/bin/sh -c 'echo a; echo b >&2; echo c'", env(), Optional.empty(),
                Optional.empty(), Optional.empty(), true, Optional.empty()), r);
        assertEquals(0, r.awaitExit(WAIT).code());
        r.stdoutEof.get();
        assertEquals("a\nb\nc\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void largeOutputArrivesByteExact() throws Exception {
        Path file = tmp.resolve("big");
        byte[] data = new byte[10 * 1024 * 1024];
        new java.util.Random(42).nextBytes(data);
        Files.write(file, data);
        Recorder r = new Recorder();
        spawn(request("/bin/cat " + file), r);
        assertEquals(0, r.awaitExit(WAIT).code());
        r.stdoutEof.get();
        assertArrayEquals(data, r.outBytes());
    }

    @Test
    void deathBySignal() throws Exception {
        Recorder r = new Recorder();
        Child child = spawn(request("/bin/sleep 1000"), r);
        assertTrue(child.signal(15));
        ExitStatus status = r.awaitExit(WAIT);
        assertEquals(ExitStatus.killed(15, false), status);
        assertEquals(-1, status.supervisorExitStatus());
        assertFalse(child.signal(0), "a reaped child is gone");
    }

    @Test
    void signalGroupKillsGrandchildren() throws Exception {
        Recorder r = new Recorder();
        Child child = spawn(request("/bin/sh -c 'sleep 1000 & echo $!; sleep 1000'"), r);
        Eventually.await(WAIT, "grandchild pid", () -> r.out().endsWith("\n"));
        int grandchild = Integer.parseInt(r.out().trim());
        assertEquals(child.pid(), Processes.getpgid(grandchild), "grandchild in the child's group");
        assertTrue(child.signalGroup(9));
        r.awaitExit(WAIT);
        Eventually.await(WAIT, "grandchild gone", () -> !Processes.isAlive(grandchild));
    }

    @Test
    void noFdLeaks() throws Exception {
        // ls itself is the child: 3 is the directory it opened to list /proc/self/fd.
        Recorder r = new Recorder();
        spawn(request("/bin/ls /proc/self/fd"), r);
        assertEquals(0, r.awaitExit(WAIT).code());
        r.stdoutEof.get();
        assertEquals("0\n1\n2\n3\n", r.out());
    }

    @Test
    void signalMaskAndDispositionsAreReset() throws Exception {
        Recorder r = new Recorder();
        spawn(request("/bin/grep -E ^Sig(Blk|Ign) /proc/self/status"), r);
        assertEquals(0, r.awaitExit(WAIT).code());
        r.stdoutEof.get();
        assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", r.out());
    }

    @Test
    void childLeadsItsOwnProcessGroup() throws Exception {
        Recorder r = new Recorder();
        Child child = spawn(request("/bin/sleep 1000"), r);
        assertEquals(child.pid(), Processes.getpgid(child.pid()));
    }

    @Test
    void stdinRoundTrip() throws Exception {
        Recorder r = new Recorder();
        Child child = spawn(request("/bin/cat"), r);
        child.writeStdin("line one\n".getBytes());
        child.writeStdin("line two\n".getBytes());
        Eventually.await(WAIT, "echo", () -> r.out().equals("line one\nline two\n"));
        child.closeStdin();
        assertEquals(0, r.awaitExit(WAIT).code());
        assertThrows(java.io.IOException.class, () -> child.writeStdin("x".getBytes()));
    }

    @Test
    void largeStdinIsWrittenAsThePipeDrains() throws Exception {
        // 4 MiB is far beyond the 64 KiB pipe: the writer must park on EPOLLOUT and resume.
        byte[] data = new byte[4 * 1024 * 1024];
        new java.util.Random(7).nextBytes(data);
        Recorder r = new Recorder();
        Child child = spawn(request("/bin/cat"), r);
        for (int offset = 0; offset < data.length; offset += 1 << 20) {
            child.writeStdin(java.util.Arrays.copyOfRange(data, offset, offset + (1 << 20)));
        }
        child.closeStdin();
        assertEquals(0, r.awaitExit(WAIT).code());
        r.stdoutEof.get();
        assertArrayEquals(data, r.outBytes());
    }
}
