package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An autostart pass that takes long (a slow machine, a slow log file) still logs every spawn before success. */
class AutostartPassTest {

    private static final Duration T = Duration.ofSeconds(20);

    /**
     * b's log is a FIFO: opening it blocks b's spawn until the test reads it, holding the pass up for longer than
     * the 1 s guard timer that used to make a RUNNING before the pass was done (success: a before spawned: 'b').
     */
    @Test
    void aSlowPassStillLogsEverySpawnBeforeSuccess() throws Exception {
        Path dir = Files.createTempDirectory("drover-pass-test");
        Path fifo = dir.resolve("b.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        String conf = "[program:a]\ncommand=sleep 30\nstartsecs=0\npriority=1\n"
                + "[program:b]\ncommand=sleep 30\nstartsecs=0\npriority=2\nstdout_logfile=" + fifo + "\n";
        CompletableFuture<Void> reader = null;
        try (NodeHarness h = NodeHarness.start(conf)) {
            h.awaitLog("spawned: 'a'");
            // The pass now waits on b's log: hold it there for longer than the old guard.
            long heldUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < heldUntil) {
                assertEquals("STARTING", h.state("a"), h.mainLogText());
                Thread.sleep(50);
            }
            reader = CompletableFuture.runAsync(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            h.awaitState("a", "RUNNING", T);
            h.awaitState("b", "RUNNING", T);
            String log = h.mainLogText();
            int success = log.indexOf("success: a entered RUNNING state");
            assertTrue(success >= 0, log);
            assertTrue(log.indexOf("spawned: 'b'") < success && log.indexOf("spawned: 'b'") >= 0, log);
            assertTrue(success < log.indexOf("success: b entered RUNNING state"), log);
            assertEquals(List.of("STARTING", "RUNNING"), h.statesOf("a"));
        } finally {
            if (reader != null) {
                reader.get(T.toSeconds(), TimeUnit.SECONDS); // b's log closed with the node: end of file
            }
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * supervisord's pass is one process after another, so 40 programs of one priority (written in the file in a
     * shuffled order) log their {@code spawned:} lines in its order, by name, with ascending pids, and every
     * {@code spawned:} before the first {@code success:}.
     */
    @Test
    void aLargeLevelSpawnsInPassOrder() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add(String.format("w%02d", i));
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(3));
        StringBuilder conf = new StringBuilder();
        for (String n : shuffled) {
            conf.append("[program:").append(n).append("]\ncommand=sleep 30\nstartsecs=0\n")
                    .append("stdout_logfile=NONE\nstderr_logfile=NONE\n");
        }
        try (NodeHarness h = NodeHarness.start(conf.toString())) {
            for (String n : names) {
                h.awaitState(n, "RUNNING", T);
            }
            String log = h.mainLogText();
            Matcher m = Pattern.compile("spawned: '(w\\d+)' with pid (\\d+)").matcher(log);
            List<String> order = new ArrayList<>();
            List<Integer> pids = new ArrayList<>();
            while (m.find()) {
                order.add(m.group(1));
                pids.add(Integer.parseInt(m.group(2)));
            }
            assertEquals(names, order, log);
            // pids are handed out in spawn order: ascending, with at most one step down (pid_max wrapped)
            int stepsDown = 0;
            for (int i = 1; i < pids.size(); i++) {
                stepsDown += pids.get(i) < pids.get(i - 1) ? 1 : 0;
            }
            assertTrue(stepsDown <= 1, pids + "\n" + log);
            assertTrue(log.lastIndexOf("spawned: '") < log.indexOf("success: "), log);
        }
    }
}
