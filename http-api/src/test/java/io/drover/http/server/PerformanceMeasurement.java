package io.drover.http.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The numbers issue #5 asks for, with 1000 programs (not a timed test: run with {@code -Ddrover.perf=true} and
 * read the printed lines): getAllProcessInfo and getProcessInfo latency through Python's xmlrpc.client, daemon
 * CPU per getProcessInfo, and {@code supervisorctl status} wall time.
 */
class PerformanceMeasurement {

    @Test
    void thousandPrograms() throws Exception {
        assumeTrue(Boolean.getBoolean("drover.perf"), "run with -Ddrover.perf=true");
        StringBuilder programs = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            programs.append("[program:p").append(i).append("]\ncommand=sleep 1000\nstartsecs=0\n\n");
        }
        try (RealNode d = RealNode.start(programs.toString())) {
            String url = "http://u:p@127.0.0.1:" + d.port + "/RPC2";
            long t0 = System.nanoTime();
            Eventually.await(Duration.ofSeconds(120), "1000 running", () -> python(url,
                    "print(sum(1 for p in s.supervisor.getAllProcessInfo() if p['statename'] == 'RUNNING'))")
                    .strip().equals("1000"));
            System.out.printf("PERF all 1000 RUNNING after %d ms (measured from servers up)%n",
                    (System.nanoTime() - t0) / 1_000_000);
            System.out.println("PERF " + python(url, String.join("\n",
                    "import time, statistics",
                    "a = []",
                    "for i in range(30):",
                    "  t = time.perf_counter(); s.supervisor.getAllProcessInfo(); a.append(time.perf_counter() - t)",
                    "b = []",
                    "for i in range(1000):",
                    "  t = time.perf_counter(); s.supervisor.getProcessInfo('p%d' % (i % 1000)); "
                            + "b.append(time.perf_counter() - t)",
                    "print('getAllProcessInfo median %.1f ms, getProcessInfo median %.3f ms p99 %.3f ms' % ("
                            + "statistics.median(a) * 1000, statistics.median(b) * 1000,"
                            + " sorted(b)[int(len(b) * 0.99)] * 1000))")).strip());
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            int calls = 3000;
            long cpu0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            python(url, "for i in range(" + calls + "): s.supervisor.getProcessInfo('p%d' % (i % 1000))");
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - w0;
            System.out.printf("PERF daemon CPU per getProcessInfo %.1f us (%d calls, %.0f calls/s)%n",
                    cpu / 1000.0 / calls, calls, calls / (wall / 1e9));
            List<Long> status = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long s0 = System.nanoTime();
                d.ctl("status");
                status.add((System.nanoTime() - s0) / 1_000_000);
            }
            Collections.sort(status);
            System.out.println("PERF supervisorctl status median " + status.get(3) + " ms " + status);
        }
    }

    private static String python(String url, String body) throws Exception {
        Process p = new ProcessBuilder(HttpServersTest.PYTHON, "-c",
                "import xmlrpc.client\ns = xmlrpc.client.ServerProxy('" + url + "')\n" + body)
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
