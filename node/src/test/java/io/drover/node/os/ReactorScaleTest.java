package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many children on one reactor thread; exit latency; fairness. */
class ReactorScaleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final LiveOs os = new LiveOs();

    private Child spawn(String command, ChildListener listener) throws SpawnException {
        Child child = os.spawn(SpawnerTest.request(command), listener);
        return child;
    }

    @Test
    void twoHundredChildrenOnOneReactorThread() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Recorder> recorders = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            children.add(spawn("/bin/sh -c 'echo $$; exec sleep 1000'", r));
        }
        for (int i = 0; i < 200; i++) {
            Recorder r = recorders.get(i);
            int pid = children.get(i).pid();
            Eventually.await(WAIT, "output of child " + i, () -> r.out().equals(pid + "\n"));
        }
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(threadsAfter - threadsBefore <= 2, "threads " + threadsBefore + " -> " + threadsAfter);
        for (Child child : children) {
            assertTrue(child.signal(9));
        }
        for (Recorder r : recorders) {
            assertEquals(ExitStatus.killed(9, false), r.awaitExit(WAIT));
        }
    }

    @Test
    void killNineIsNoticedQuickly() throws Exception {
        int samples = 200;
        long[] micros = new long[samples];
        for (int i = 0; i < samples; i++) {
            CompletableFuture<Long> exitedAt = new CompletableFuture<>();
            Child child = spawn("/bin/sleep 1000", new ChildListener() {
                @Override
                public void onOutput(Stream stream, byte[] data) {
                }

                @Override
                public void onEof(Stream stream) {
                }

                @Override
                public void onExit(ExitStatus status) {
                    exitedAt.complete(System.nanoTime());
                }
            });
            long killedAt = System.nanoTime();
            child.signal(9);
            micros[i] = (exitedAt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS) - killedAt) / 1000;
        }
        Arrays.sort(micros);
        long p50 = micros[samples / 2];
        long p99 = micros[samples * 99 / 100];
        System.out.printf("kill -9 -> onExit over %d samples: p50 %d us, p99 %d us, max %d us%n", samples, p50, p99,
                micros[samples - 1]);
        assertTrue(p99 < 200_000, "p99 " + p99 + " us");
    }

    @Test
    void aChattyChildDoesNotStarveOthers() throws Exception {
        Recorder chatty = new Recorder() {
            @Override
            public synchronized void onOutput(Stream stream, byte[] data) {
                chunks++; // keep nothing: it never stops
            }
        };
        spawn("/usr/bin/yes", chatty);
        Eventually.await(WAIT, "chatty output", () -> chatty.chunks > 100);
        Recorder quiet = new Recorder();
        spawn("/bin/echo ping", quiet);
        assertEquals(0, quiet.awaitExit(WAIT).code());
        assertEquals("ping\n", quiet.out());
        int before = chatty.chunks;
        Eventually.await(WAIT, "chatty still streaming", () -> chatty.chunks > before + 100);
    }
}
