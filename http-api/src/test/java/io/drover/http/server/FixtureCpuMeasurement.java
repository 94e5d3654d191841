package io.drover.http.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.OperatingSystemMXBean;
import io.drover.config.Credentials;
import io.drover.config.InetServerSpec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** CPU of the HTTP/XML-RPC layer alone per getProcessInfo (fixture node); run with -Ddrover.perf=true. */
class FixtureCpuMeasurement {
    @Test
    void cpuPerCall() throws Exception {
        assumeTrue(Boolean.getBoolean("drover.perf"), "run with -Ddrover.perf=true");
        Path dir = Files.createTempDirectory("drover-cpu");
        ActorTestKit kit = ActorTestKit.create();
        try (HttpServers s = HttpServers.start(kit.system(), kit.spawn(FixtureNode.create(dir.resolve("x"))),
                TestConfigs.config(dir, Optional.of(new InetServerSpec("127.0.0.1", 0,
                        Optional.of(new Credentials("u", "p")))), Optional.empty(), ""))) {
            String url = "http://u:p@127.0.0.1:" + s.inetAddress().orElseThrow().getPort() + "/RPC2";
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 0; round < 8; round++) {
                int calls = 10000;
                long cpu0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                Process p = new ProcessBuilder(HttpServersTest.PYTHON, "-c", "import xmlrpc.client\ns = "
                        + "xmlrpc.client.ServerProxy('" + url + "')\nfor i in range(" + calls + "): "
                        + "s.supervisor.getProcessInfo('a')").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(120, TimeUnit.SECONDS);
                System.out.printf("PERF fixture round %d: %.1f us CPU per getProcessInfo, %.0f calls/s %s%n", round,
                        (os.getProcessCpuTime() - cpu0) / 1000.0 / calls, calls / ((System.nanoTime() - w0) / 1e9),
                        out);
            }
        } finally {
            kit.shutdownTestKit();
        }
    }
}
