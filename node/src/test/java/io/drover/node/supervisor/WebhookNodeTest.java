package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code [webhook:x]} end to end: a supervisord.conf section, the NodeSupervisor, a real child that exits, and an
 * HTTP server on loopback that checks the signature and fails the first POST with a 500.
 */
class WebhookNodeTest {

    /** One POST as the endpoint saw it. */
    private record Post(String path, String body, String signature, String delivery, String env) {
    }

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    private HttpServer endpoint() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            posts.add(new Post(ex.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst("X-Drover-Signature"),
                    ex.getRequestHeaders().getFirst("X-Drover-Delivery"),
                    ex.getRequestHeaders().getFirst("X-Env")));
            ex.sendResponseHeaders(failNext.getAndDecrement() > 0 ? 500 : 200, -1);
            ex.close();
        });
        s.start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String section(HttpServer s, String path, String extra) {
        return "[webhook:ops]\nurl=http://127.0.0.1:" + s.getAddress().getPort() + path + "\n"
                + "events=PROCESS_STATE_EXITED\nsecret=k3y%%1\nheaders=X-Env: \"prod, eu\"\nretries=2\nretry_delay=0\n"
                + extra;
    }

    private static final String PROGRAM = "[program:app]\ncommand=sh -c \"exit 3\"\nstartsecs=0\nautorestart=false\n"
            + "autostart=false\n";

    @Test
    void aProcessExitReachesTheEndpointSignedAndIsRetriedAfterA500() throws Exception {
        HttpServer s = endpoint();
        failNext.set(1);
        try (NodeHarness h = NodeHarness.start(section(s, "/hook", "") + "\n" + PROGRAM)) {
            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("app", true, r));
            h.awaitState("app", "EXITED");
            int pid = h.transitions.stream().filter(t -> t.name().equals("app") && t.pid() != 0).findFirst()
                    .orElseThrow().pid();
            Eventually.await(Duration.ofSeconds(10), "the POST and its retry", () -> posts.size() >= 2);
            Post first = posts.get(0);
            Post retry = posts.get(1);
            assertEquals("{\"eventname\":\"PROCESS_STATE_EXITED\",\"serial\":-1,\"server\":\"supervisor\","
                    + "\"processname\":\"app\",\"groupname\":\"app\",\"from_state\":\"RUNNING\",\"expected\":\"0\","
                    + "\"pid\":\"" + pid + "\"}", first.body());
            assertEquals(hmac("k3y%1", first.body()), first.signature());
            assertEquals("prod, eu", first.env());
            assertEquals(first.body(), retry.body(), "the retry carries the same event");
            assertEquals(first.delivery(), retry.delivery(), "and the same delivery id");
            assertEquals(hmac("k3y%1", retry.body()), retry.signature());
            assertFalse(h.mainLogText().contains("k3y"), "the secret is never logged");
        }
    }

    private static long postsTo(List<Post> posts, String path) {
        return posts.stream().filter(p -> p.path().equals(path)).count();
    }

    @Test
    void rereadReconfiguresTheSender() throws Exception {
        HttpServer s = endpoint();
        // an unchanged webhook alongside: it proves an event went through after ops was removed
        String witness = "[webhook:witness]\nurl=http://127.0.0.1:" + s.getAddress().getPort() + "/witness\n"
                + "events=PROCESS_STATE_EXITED\n\n";
        try (NodeHarness h = NodeHarness.start(witness + section(s, "/old", "") + "\n" + PROGRAM)) {
            NodeHarness.write(h.conf, h.dir, witness + section(s, "/new", "") + "\n" + PROGRAM);
            ConfigChanges c = h.ok(NodeSupervisor.ReloadConfig::new);
            assertTrue(c.added().isEmpty() && c.changed().isEmpty() && c.removed().isEmpty(),
                    "a webhook is no group to update: " + c);
            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("app", true, r));
            h.awaitState("app", "EXITED");
            Eventually.await(Duration.ofSeconds(10), "both POSTs", () -> posts.size() >= 2);
            assertEquals(1, postsTo(posts, "/new"), posts.toString());
            assertEquals(0, postsTo(posts, "/old"), posts.toString());
            NodeHarness.write(h.conf, h.dir, witness + PROGRAM);
            h.ok(NodeSupervisor.ReloadConfig::new);
            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("app", true, r));
            Eventually.await(Duration.ofSeconds(10), "the witness sees the second exit",
                    () -> postsTo(posts, "/witness") == 2);
            assertEquals(1, postsTo(posts, "/new"), "the removed webhook posted: " + posts);
        }
    }
}
