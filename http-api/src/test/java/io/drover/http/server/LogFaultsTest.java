package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** readProcess*Log's NO_FILE: supervisord raises it with the logfile as detail, and a None logfile adds none. */
class LogFaultsTest {

    private static final String AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)) + "\r\n";

    @Test
    void noLogfileIsABareNoFileFault() throws Exception {
        try (RealNode d = RealNode.start("[program:quiet]\ncommand=sleep 100\nstdout_logfile=NONE\n"
                + "stderr_logfile=%(here)s/never-written.log\nautostart=false\n")) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", d.port);
            String none = RawHttp.exchange(addr, RawHttp.post("/RPC2", call("readProcessStdoutLog"), AUTH), 5000);
            assertTrue(none.contains("<string>NO_FILE</string>"), none);
            String missing = RawHttp.exchange(addr, RawHttp.post("/RPC2", call("readProcessStderrLog"), AUTH), 5000);
            assertTrue(missing.contains("<string>NO_FILE: " + d.dir.resolve("never-written.log") + "</string>"),
                    missing);
        }
    }

    private static String call(String method) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>supervisor." + method + "</methodName><params>"
                + "<param><value><string>quiet</string></value></param><param><value><int>0</int></value></param>"
                + "<param><value><int>10</int></value></param></params></methodCall>";
    }
}
