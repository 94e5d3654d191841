package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.drover.config.ConfigError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTest {

    private static final ActorTestKit KIT = ActorTestKit.create();

    private record Received(String body, String signature, String auth, String event, long atNanos, String delivery) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(body, ex.getRequestHeaders().getFirst("X-Drover-Signature"),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("X-Drover-Event"),
                    System.nanoTime(), ex.getRequestHeaders().getFirst("X-Drover-Delivery")));
            int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=t0ps3cret";
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void postsSignedJsonWithThePayloadFields() throws Exception {
        WebhookSpec spec = WebhookSpec.parse("webhook:ops", Map.of("url", url(), "events", "PROCESS_STATE, TICK",
                "headers", "Authorization=\"Bearer abc, def\", X-Env=prod", "secret", "k3y"), null);
        ActorRef<EventBus.Command> bus = KIT.spawn(EventBus.create());
        WebhookSender.register(bus, KIT.spawn(WebhookSender.create(spec, "drover")), spec);
        bus.tell(new EventBus.Publish(Event.tick(EventType.TICK_60, 1700000040L)));
        int before = 1;
        bus.tell(new EventBus.Publish(Event.groupAdded("not-subscribed")));
        bus.tell(new EventBus.Publish(Event.processState("EXITED", "web", "web", "RUNNING", 0, false, 77)));
        Eventually.await(Duration.ofSeconds(5), () -> assertEquals(before + 1, received.size(), received.toString()));
        Received r = received.get(before);
        assertEquals("{\"eventname\":\"PROCESS_STATE_EXITED\",\"serial\":-1,\"server\":\"drover\","
                + "\"processname\":\"web\",\"groupname\":\"web\",\"from_state\":\"RUNNING\",\"expected\":\"0\","
                + "\"pid\":\"77\"}", r.body());
        assertEquals("sha256=" + hmac("k3y", r.body()), r.signature());
        assertEquals("Bearer abc, def", r.auth());
        assertEquals("PROCESS_STATE_EXITED", r.event());
    }

    @Test
    void aFailedPostIsRetriedWithBackoffAndTheSameBody() {
        failFirst.set(2);
        WebhookSpec spec = WebhookSpec.parse("webhook:r", Map.of("url", url(), "events", "REMOTE_COMMUNICATION",
                "retries", "3", "retry_delay", "0"), null);
        ActorRef<EventBus.Command> bus = KIT.spawn(EventBus.create());
        WebhookSender.register(bus, KIT.spawn(WebhookSender.create(spec, "drover")), spec);
        bus.tell(new EventBus.Publish(Event.remoteCommunication("deploy", "v\"2\"\n")));
        Eventually.await(Duration.ofSeconds(5), () -> assertEquals(3, received.size()));
        assertEquals(received.get(0).body(), received.get(2).body());
        assertEquals("1", received.get(0).delivery());
        assertEquals("1", received.get(2).delivery());
        assertTrue(received.get(0).body().endsWith("\"type\":\"deploy\",\"data\":\"v\\\"2\\\"\\n\"}"),
                received.get(0).body());
    }

    @Test
    void retriesWaitTheirDelayAndGiveUpAfterRetries() {
        failFirst.set(100);
        WebhookSpec spec = WebhookSpec.parse("webhook:r", Map.of("url", url(), "events", "REMOTE_COMMUNICATION",
                "retries", "1", "retry_delay", "1"), null);
        ActorRef<EventBus.Command> bus = KIT.spawn(EventBus.create());
        WebhookSender.register(bus, KIT.spawn(WebhookSender.create(spec, "drover")), spec);
        bus.tell(new EventBus.Publish(Event.remoteCommunication("a", "1")));
        bus.tell(new EventBus.Publish(Event.remoteCommunication("b", "2")));
        // a: first try + 1 retry after ~1 s, then dropped; b: first try at once after that
        Eventually.await(Duration.ofSeconds(5), () -> assertEquals(3, received.size()));
        long gapMs = (received.get(1).atNanos() - received.get(0).atNanos()) / 1_000_000;
        assertTrue(gapMs >= 900, "retry after " + gapMs + " ms");
        assertTrue(received.get(1).body().contains("\"type\":\"a\""));
        assertTrue(received.get(2).body().contains("\"type\":\"b\""));
    }

    @Test
    void webhooksCanComeFromHocon() {
        List<WebhookSpec> specs = WebhookSpec.fromHocon(com.typesafe.config.ConfigFactory.parseString(
                "drover.webhooks { ops { url = \"http://127.0.0.1:9/x\", events = [PROCESS_STATE_FATAL, TICK_60],"
                        + " headers { Authorization = \"Bearer a, b\" }, secret = s, retries = 2 },"
                        + " \"b.c\" { url = \"https://h/y\", events = \"EVENT\" } }"));
        assertEquals(2, specs.size());
        WebhookSpec b = specs.get(0);
        WebhookSpec ops = specs.get(1);
        assertEquals("b.c", b.name());
        assertEquals(java.util.Set.of(EventType.EVENT), b.events());
        assertEquals(java.util.Set.of(EventType.PROCESS_STATE_FATAL, EventType.TICK_60), ops.events());
        assertEquals(Map.of("Authorization", "Bearer a, b"), ops.headers());
        assertEquals(2, ops.retries());
        assertEquals(java.util.Optional.of("s"), ops.secret());
        assertTrue(WebhookSpec.fromHocon(com.typesafe.config.ConfigFactory.empty()).isEmpty());
    }

    @Test
    void badSectionsAreRefusedWithTheKeyNamed() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> WebhookSpec.parse("webhook:x", Map.of("events", "TICK"), null));
        assertEquals("url", e.key().orElseThrow());
        e = assertThrows(ConfigError.class,
                () -> WebhookSpec.parse("webhook:x", Map.of("url", "ftp://h/x", "events", "TICK"), null));
        assertEquals("url", e.key().orElseThrow());
        e = assertThrows(ConfigError.class,
                () -> WebhookSpec.parse("webhook:x", Map.of("url", "http://h/x", "events", "TICKS"), null));
        assertTrue(e.getMessage().contains("Unknown event type TICKS"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> WebhookSpec.parse("webhook:x",
                Map.of("url", "http://h/x", "events", "TICK", "headers", "A=\"open"), null));
        assertEquals("headers", e.key().orElseThrow());
        e = assertThrows(ConfigError.class, () -> WebhookSpec.parse("webhook:x",
                Map.of("url", "http://h/x", "events", "TICK", "retries", "-1"), null));
        assertEquals("retries", e.key().orElseThrow());
        WebhookSpec ok = WebhookSpec.parse("webhook:x",
                Map.of("url", "http://h/x", "events", "TICK", "secret", "hunter2", "headers", "Authorization=xyz"),
                null);
        assertFalse(ok.toString().contains("hunter2"));
        assertFalse(ok.toString().contains("xyz"));
    }
}
