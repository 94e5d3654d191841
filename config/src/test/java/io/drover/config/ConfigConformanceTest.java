package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drover against supervisord itself. Every file under conformance/good and conformance/bad is read by supervisord
 * 4.2's own config code (through conformance/supervisor_dump.py, run by the system Python that the Debian package
 * uses) and by Drover; the parsed values, or the refusal reasons, must be the same. A few files also go through the
 * real {@code /usr/bin/supervisord} binary.
 */
class ConfigConformanceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SUPERVISOR_PKG = Path.of("/usr/lib/python3/dist-packages/supervisor/options.py");
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");

    @Test
    void every_conformance_file_reads_as_supervisord_reads_it() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && Files.exists(SUPERVISOR_PKG), "supervisor package not installed");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("conformance/good", "conformance/bad")) {
            try (Stream<Path> s = Files.list(TestFiles.resource(dir))) {
                s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        Map<String, List<String>> oracle = runOracle(files);
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            List<String> expected = oracle.get(f.toString());
            if (expected == null) {
                failures.add(f + ": no oracle output");
                continue;
            }
            boolean supRefused = !expected.isEmpty() && expected.get(0).startsWith("error\t");
            try {
                List<String> actual = ModelDump.lines(ConfigLoader.read(f, System.getenv())).stream().map(l -> l.replace("\n", "\\n")).toList();
                if (supRefused) {
                    failures.add(f.getFileName() + ": supervisord refused (" + expected.get(0) + ") but Drover accepted");
                } else if (!expected.equals(actual)) {
                    failures.add(f.getFileName() + ":\n  supervisord " + expected + "\n  drover      " + actual);
                }
            } catch (ConfigError e) {
                if (!supRefused) {
                    failures.add(f.getFileName() + ": Drover refused (" + e.getMessage() + ") but supervisord accepted");
                } else {
                    String sup = expected.get(0).substring("error\t".length());
                    // the whole message: reason, and "in section '…' (file: '…')" exactly where supervisord adds it
                    String reason = e.supervisordMessage().replace("\n", "\\n");
                    if (!sup.equals(reason)) {
                        failures.add(f.getFileName() + ": reason differs\n  supervisord " + sup + "\n  drover      "
                                + reason);
                    }
                    assertTrue(e.line() > 0 || e.getMessage().contains("does not include supervisord section"),
                            f + " error has no line: " + e.getMessage());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void real_supervisord_accepts_what_drover_accepts(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(SUPERVISORD), "supervisord not installed");
        Path conf = tmp.resolve("ok.conf");
        Files.writeString(conf, """
                [supervisord]
                logfile=%(here)s/sd.log
                pidfile=%(here)s/sd.pid
                [unix_http_server]
                file=%(here)s/sd.sock
                [program:idle]
                command=/bin/sleep 1000
                process_name=%(program_name)s_%(process_num)02d
                numprocs=2
                autostart=false
                """);
        ConfigLoader.load(conf);
        Process p = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean running = false;
            // readLine returns null when supervisord exits; the deadline is the process's own output.
            while ((line = r.readLine()) != null) {
                if (line.contains("supervisord started with pid")) {
                    running = true;
                    break;
                }
            }
            assertTrue(running, "supervisord did not start on a config Drover accepts");
        } finally {
            p.destroy(); // SIGTERM to this PID only
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void real_supervisord_refuses_what_drover_refuses_with_the_same_reason() throws Exception {
        assumeTrue(Files.isExecutable(SUPERVISORD), "supervisord not installed");
        for (String name : List.of("autorestart", "lonepct", "garbage", "events")) {
            Path conf = TestFiles.resource("conformance/bad/" + name + ".conf");
            ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                    () -> ConfigLoader.load(conf));
            Process p = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", conf.toString()).start();
            try {
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "supervisord kept running on " + name);
                assertEquals(2, p.exitValue(), name);
                String first = err.lines().filter(l -> l.startsWith("Error: ")).findFirst().orElse("");
                String reason = e.reason().lines().findFirst().orElse("");
                assertTrue(first.startsWith("Error: " + reason), name + ": " + first + " vs " + reason);
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Map<String, List<String>> runOracle(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(),
                TestFiles.resource("conformance/supervisor_dump.py").toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            List<String> current = null;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("file\t")) {
                    current = new ArrayList<>();
                    out.put(line.substring(5), current);
                } else if (current != null && !line.isEmpty()) {
                    current.add(line);
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        return out;
    }
}
