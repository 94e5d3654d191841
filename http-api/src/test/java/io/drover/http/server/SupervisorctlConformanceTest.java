package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stock supervisorctl against a real Drover node: every command's output and exit code as supervisord 4.2.5
 * printed them for the same config (pids, uptimes and dates normalized).
 */
class SupervisorctlConformanceTest {
    static final String PROGRAMS = """
            [program:sleeper]
            command=sleep 1000
            startsecs=1

            [program:chatty]
            command=sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'
            startsecs=1

            [program:idle]
            command=sleep 1000
            autostart=false
            startsecs=0

            [program:bad]
            command=/nonexistent/prog
            autostart=false

            [program:quitter]
            command=sh -c 'exit 3'
            autostart=false
            startsecs=1
            startretries=0

            [group:g]
            programs=c,d

            [program:c]
            command=sleep 1000
            startsecs=0

            [program:d]
            command=sleep 1000
            startsecs=0
            """;

    static final List<String> SCRIPT = List.of("status", "status sleeper", "status nope", "status g:*", "start idle",
            "start idle", "start nope", "start bad", "start quitter", "stop idle", "stop idle", "stop nope",
            "stop g:*", "start g:*", "restart sleeper", "signal HUP idle", "signal HUP sleeper", "signal FOO sleeper",
            "tail chatty", "tail chatty stderr", "tail -5 chatty", "tail nope", "clear chatty", "tail chatty", "avail",
            "reread", "update", "version", "pid chatty", "pid nope", "status");

    static String normalize(String s) {
        return s.replaceAll("pid [0-9]+", "pid N").replaceAll("uptime [0-9:]+", "uptime T")
                .replaceAll("[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2} [AP]M", "DATE")
                .replaceAll("(?m)^[0-9]+$", "PID");
    }

    /**
     * A group's per-process lines come in the order the processes finished, which is incidental (supervisord
     * polls them in process order): compare them sorted.
     */
    /** {@link #inOrder} applied to every command of a whole transcript. */
    static String inOrderAll(String transcript) {
        StringBuilder out = new StringBuilder();
        for (String block : transcript.split("(?m)^(?=\\$ )")) {
            int nl = block.indexOf('\n');
            String command = block.substring(2, nl);
            int rc = block.lastIndexOf("rc=");
            out.append(block, 0, nl + 1).append(rc > nl + 1 ? inOrder(command, block.substring(nl + 1, rc)) : "")
                    .append(block.substring(rc));
        }
        return out.toString();
    }

    static String inOrder(String command, String output) {
        if (!command.contains("g:*")) {
            return output;
        }
        String[] lines = output.split("\n");
        java.util.Arrays.sort(lines);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void everyCommandAsSupervisord() throws Exception {
        try (RealNode d = RealNode.start(PROGRAMS)) {
            // wait for the autostarted programs to be RUNNING, as the reference run did
            Eventually.await(java.time.Duration.ofSeconds(10), "all autostart programs running", () -> {
                String out = d.ctl("status").output();
                return out.split("RUNNING", -1).length - 1 == 4;
            });
            StringBuilder transcript = new StringBuilder();
            for (String line : SCRIPT) {
                RealNode.Ctl r = d.ctl(line.split(" "));
                transcript.append("$ ").append(line).append('\n').append(inOrder(line, normalize(r.output())))
                        .append("rc=").append(r.exit()).append('\n');
            }
            String expected = inOrderAll(normalize(new String(getClass().getResourceAsStream("/supervisorctl-expected.txt")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            Files.writeString(Path.of("target/supervisorctl-actual.txt"), transcript.toString());
            assertEquals(expected, transcript.toString());
        }
    }
}
