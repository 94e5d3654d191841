package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.drover.config.WebhookSpec;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        WebhookSpec spec = spec("ops", url(), "PROCESS_STATE, TICK",
                Map.of("Authorization", "Bearer abc, def", "X-Env", "prod"), "k3y", 5, 1);
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
        WebhookSpec spec = spec("r", url(), "REMOTE_COMMUNICATION", Map.of(), null, 3, 0);
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
        WebhookSpec spec = spec("r", url(), "REMOTE_COMMUNICATION", Map.of(), null, 1, 1);
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

    /** A spec as the config module builds it from a [webhook:x] section. */
    private static WebhookSpec spec(String name, String url, String events, Map<String, String> headers,
                                    String secret, int retries, int retryDelaySeconds) {
        return new WebhookSpec(name, URI.create(url), List.of(events.split(",\\s*")), headers,
                Optional.ofNullable(secret), retries, Duration.ofSeconds(retryDelaySeconds), Duration.ofSeconds(60),
                100, Duration.ofSeconds(10));
    }
}
